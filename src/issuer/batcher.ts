/**
 * Batching: each office's extracts close into a Merkle tree of at most `maxSize` leaves, or
 * fewer once the oldest has waited `maxWaitMs`. A batch is recorded (root, and each member's
 * place and proof) in one transaction before the chain loop is told.
 * @module
 */
import { concatBytes } from "../core/bytes.ts";
import { isSceauError } from "../core/errors.ts";
import type { HashFunction } from "../core/hash.ts";
import { buildTree, getProofs } from "../core/merkle.ts";
import type { Logger } from "../core/log.ts";
import type { Failpoint, IssuerObserver, JournalPort } from "./ports.ts";

interface BatcherDeps {
  readonly journal: Pick<JournalPort, "extracts" | "batches">;
  readonly batch: { readonly maxSize: number; readonly maxWaitMs: number };
  /** Backoff after the journal failed to record a batch (doubling up to `maxMs`). */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly now: () => number;
  readonly log: Logger;
  readonly failpoint?: (name: Failpoint) => void;
  readonly observer?: IssuerObserver;
  /** Keccak-256 for the tree (default noble's; the wiring passes the WebAssembly one). */
  readonly keccak256?: HashFunction;
}

interface BatcherHooks {
  readonly isStopped: () => boolean;
  /** Batches were closed and wait for the chain. */
  readonly closed: () => void;
}

export class Batcher {
  private readonly deps: BatcherDeps;
  private readonly hooks: BatcherHooks;
  private timer: NodeJS.Timeout | undefined;
  /** Delay before closing batches is tried again after the journal failed (doubling). */
  private retryMs: number;

  constructor(deps: BatcherDeps, hooks: BatcherHooks) {
    this.deps = deps;
    this.hooks = hooks;
    this.retryMs = deps.retry.initialMs;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /**
   * Closes every office's full batches, and a partial batch whose oldest extract has waited
   * `maxWaitMs` (every waiting batch with `force`); then sets a timer for the next partial
   * batch due.
   */
  close(force = false): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.hooks.isStopped()) return;
    try {
      this.closeDue(force);
      this.retryMs = this.deps.retry.initialMs;
    } catch (e) {
      // The journal could not record a batch (disk full): its extracts stay unbatched and
      // stored; try again later rather than let the error escape a timer.
      if (isSceauError(e, "JOURNAL_UNAVAILABLE")) this.deps.observer?.journalWriteFailed();
      const delay = this.retryMs;
      this.retryMs = Math.min(delay * 2, this.deps.retry.maxMs);
      this.deps.log("error", "Closing batches failed; retrying.", { error: e, retryInMs: delay });
      this.timer = setTimeout(() => {
        this.close(force);
      }, delay);
      // Batches closed before the failure still go to the chain.
      this.hooks.closed();
    }
  }

  private closeDue(force: boolean): void {
    const { maxSize, maxWaitMs } = this.deps.batch;
    const { extracts, batches } = this.deps.journal;
    const now = this.deps.now();
    let closed = false;
    let next = Infinity;
    for (const o of extracts.unbatchedByOffice()) {
      let remaining = o.count;
      let oldest = o.oldestCreatedAt;
      while (remaining > 0) {
        const due = oldest + maxWaitMs;
        if (remaining < maxSize && due > now && !force) {
          next = Math.min(next, due);
          break;
        }
        const members = extracts.unbatched(o.office, maxSize);
        if (members.length === 0) break;
        const tree = buildTree(
          members.map((m) => m.leaf),
          this.deps.keccak256,
        );
        const proofs = getProofs(tree, this.deps.keccak256);
        batches.create(
          o.office,
          tree.root,
          members.map((m, i) => ({
            id: m.id,
            leafIndex: i,
            proof: concatBytes(...(proofs[i] as Uint8Array[])),
          })),
          now,
        );
        this.deps.failpoint?.("batch-sealed");
        this.deps.observer?.batchSealed(members.length);
        closed = true;
        remaining -= members.length;
        oldest = extracts.unbatched(o.office, 1)[0]?.createdAt ?? now;
      }
    }
    if (closed) this.hooks.closed();
    if (next !== Infinity) {
      this.timer = setTimeout(
        () => {
          this.close();
        },
        Math.max(0, next - now),
      );
    }
  }
}
