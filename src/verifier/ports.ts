/**
 * What the verifier needs from the chain, per trusted registry.
 * @module
 */
import type { AnchorEvent, SealStatus } from "../chain/registry.ts";

export interface RegistryReader {
  /** One read of everything about a root and a leaf; throws `CHAIN_UNAVAILABLE` when it cannot answer. */
  sealStatus(root: Uint8Array, leaf: Uint8Array): Promise<SealStatus>;
  /** Block and transaction of the root's anchoring; null when no event is found. */
  anchorEvent(root: Uint8Array): Promise<AnchorEvent | null>;
}

export interface TrustedRegistry {
  readonly chainId: number;
  /** Checksummed address. */
  readonly address: string;
  /** Display name of the canton or office, from the verifier's own trust list. */
  readonly name: string;
  readonly reader: RegistryReader;
}
