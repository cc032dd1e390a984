/**
 * What the issuer needs from the outside world, as interfaces: the chain, the PDF renderer and
 * the stamp. `src/main.ts` plugs in the real adapters; nothing here imports them.
 * @module
 */
import type { RenderInput } from "../pdf/render.ts";

export interface RootFacts {
  /** Anchoring account; null when the root is not anchored. */
  readonly issuer: string | null;
  readonly anchoredAt: number;
  /** Block time of the root's revocation; 0 when not revoked. */
  readonly revokedAt: number;
}

/** Where and when the chain recorded a transaction. */
export interface ChainReceipt {
  readonly txHash: string;
  readonly blockNumber: number;
  /** Block time, Unix seconds. */
  readonly timestamp: number;
}

export interface SendHooks {
  /** Receives the transaction hash once the node accepted it, before the receipt. */
  readonly onSent?: (txHash: string) => void;
}

export interface ChainPort {
  rootInfo(root: Uint8Array): Promise<RootFacts>;
  /** Block time of a leaf's revocation; 0 when not revoked. */
  leafRevokedAt(leaf: Uint8Array): Promise<number>;
  /**
   * Anchors the roots in one transaction.
   * @throws {SceauError} `REGISTRY_MISSING` when the receipt holds no anchoring event per root
   */
  anchorRoots(roots: readonly Uint8Array[], hooks: SendHooks): Promise<ChainReceipt>;
  revokeRoot(root: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt>;
  revokeLeaf(root: Uint8Array, leaf: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt>;
  /** The transaction that anchored `root`, from its event; null when none is found. */
  findAnchoring(root: Uint8Array): Promise<ChainReceipt | null>;
  /** The transaction that revoked `root` (leaf null) or `leaf`, from its event. */
  findRevocation(root: Uint8Array, leaf: Uint8Array | null): Promise<ChainReceipt | null>;
}

export type RenderPort = (input: RenderInput) => Promise<Uint8Array>;
/** Stamps a seal's QR into revision 1; it may take `revision1`'s buffer (callers pass a copy). */
export type StampPort = (revision1: Uint8Array, qrText: string) => Promise<Uint8Array>;

/**
 * What the issuer reports as it works, for metrics. Every method is optional work for the
 * observer and must not throw.
 */
export interface IssuerObserver {
  /** `count` new extracts were committed to the journal. */
  extractsStored(count: number): void;
  batchSealed(size: number): void;
  /**
   * Batches whose anchoring receipt was stored: each batch's size and closing time (ms), the
   * transaction's time from sending to receipt (null when it was found on chain after a restart
   * or a retry), and the time now (ms).
   */
  batchesAnchored(
    batches: readonly { readonly size: number; readonly sealedAtMs: number }[],
    transactionMs: number | null,
    nowMs: number,
  ): void;
  /** A run of the chain loop failed and will be retried. */
  chainWriteFailed(): void;
  revocationRecorded(scope: "extract" | "batch"): void;
  /** A journal write failed (disk full, I/O error). */
  journalWriteFailed(): void;
}
