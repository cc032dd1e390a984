/**
 * The chain's vocabulary shared by every layer: where and when the chain recorded a transaction,
 * and what a registry says about a root. One type for the issuer's receipts, the journal's
 * records and the verifier's anchoring events, so a receipt read in one place means the same in
 * all; one for the registry's answer, whoever reads it (the service, `sceau verify`, the page).
 * @module
 */

/** Where and when the chain recorded a transaction. */
export interface ChainReceipt {
  /** Transaction hash, 0x-prefixed lower-case hex (as the node gives it). */
  readonly txHash: string;
  readonly blockNumber: number;
  /** The block's time, Unix seconds. */
  readonly timestamp: number;
  /** The block's hash, when known: what tells a reorganisation that replaced the block. */
  readonly blockHash?: string;
}

/** Where a transaction was recorded, when its block's time is not needed (or not yet read). */
export type ChainLocation = Pick<ChainReceipt, "txHash" | "blockNumber">;

/** A leaf's revocation as the registry holds it: when (block time) and why (a reason code). */
export interface RevokedLeaf {
  readonly leaf: Uint8Array;
  /** The block's time, Unix seconds. */
  readonly revokedAt: number;
  /** The on-chain reason code (`core/revocation.ts`). */
  readonly reason: number;
}

/** What the registry's `sealStatus(root, leaf)` says (times in Unix seconds, 0 when never). */
export interface ChainStatus {
  /** The anchoring account, or null when the root is not anchored. */
  readonly issuer: string | null;
  readonly anchoredAt: number;
  readonly rootRevokedAt: number;
  readonly rootRevocationReason: number;
  readonly leafRevokedAt: number;
  readonly leafRevocationReason: number;
  readonly issuerAuthorised: boolean;
  /** The block the answer was read at. */
  readonly blockNumber: number;
}

/** What the verifier read of the chain about a root: the registry's answer, or why there is none. */
export interface ChainReading {
  readonly status: ChainStatus | null;
  /** Block and transaction of the anchoring, when the event could be read. */
  readonly event: ChainLocation | null;
  /** Why the chain could not be read (an error code), when it could not. */
  readonly error: string | null;
}

/**
 * Where an extract is on its way to the chain: `pending` (accepted, not sent), `anchoring` (a
 * transaction sent), `anchored` (included in a block, not yet final), `final` (the confirmations
 * wanted).
 */
export type ExtractState = "pending" | "anchoring" | "anchored" | "final";

/** Whether an extract in `state` has its sealed PDF: its root is included in a block (final or not). */
export function hasSealedPdf(state: string): boolean {
  return state === "anchored" || state === "final";
}
