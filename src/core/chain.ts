/**
 * The chain's vocabulary shared by every layer: where and when the chain recorded a transaction.
 * One type for the issuer's receipts, the journal's records and the verifier's anchoring events,
 * so a receipt read in one place means the same in all.
 * @module
 */

/** Where and when the chain recorded a transaction. */
export interface ChainReceipt {
  /** Transaction hash, 0x-prefixed lower-case hex (as the node gives it). */
  readonly txHash: string;
  readonly blockNumber: number;
  /** The block's time, Unix seconds. */
  readonly timestamp: number;
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
