/**
 * What the issuer needs from the outside world, as interfaces: the chain, the PDF renderer and
 * the stamp. `src/main.ts` plugs in the real adapters; nothing here imports them.
 * @module
 */
import type { RenderInput } from "../pdf/render.ts";

export interface AnchorFacts {
  readonly issuer: string | null;
  readonly anchoredAt: number;
}

export interface AnchorReceipt {
  readonly txHash: string;
  readonly blockNumber: number;
}

export interface AnchorPort {
  /** Anchor facts of a root; `issuer` is null when it is not anchored. */
  rootInfo(root: Uint8Array): Promise<AnchorFacts>;
  /** Anchors the roots in one transaction; `onSent` receives the hash before the receipt. */
  anchorRoots(
    roots: readonly Uint8Array[],
    options: { onSent?: (txHash: string) => void },
  ): Promise<AnchorReceipt>;
}

export type RenderPort = (input: RenderInput) => Promise<Uint8Array>;
export type StampPort = (revision1: Uint8Array, qrText: string) => Promise<Uint8Array>;
