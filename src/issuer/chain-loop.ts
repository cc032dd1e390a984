/**
 * The chain loop: every chain write of the issuer, one at a time. It anchors the journal's
 * waiting batches, then sends its waiting revocations, until nothing is left; it talks to the
 * chain through {@link ChainPort} and to the journal through {@link JournalPort} only.
 *
 * Exactly once on chain: before a transaction is sent its attempt is counted in the journal; a
 * batch or revocation with an earlier attempt is first looked up on chain (a crash may have come
 * after sending, before the receipt was stored), and the contract itself refuses to anchor a root
 * twice.
 *
 * Finality: an included anchoring is `anchored` until its block has `minConfirmations`
 * confirmations, then `final`. Until then each run looks at it again by transaction and block
 * hash (a run comes at least every `pollMs` while one is open): moved to another block, it keeps
 * `anchored` with the new block; gone from the chain while the registry does not hold the root,
 * the batch goes back to `anchoring` (recorded in the journal's chain log) and the same
 * transaction is sent again (the journal holds its signed bytes), or a new one when its nonce
 * was taken meanwhile.
 *
 * Outages: a failed run is retried with exponential backoff (`retry`); statuses say `pending`
 * until a receipt is stored. A registry missing on the chain (a fresh development chain) is
 * handed to `recoverRegistry` once per run.
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import { SceauError, invariant, isSceauError, isTxLost } from "../core/errors.ts";
import { reasonName } from "../core/revocation.ts";
import type { Logger } from "../core/log.ts";
import type { IssuerEvents } from "./events.ts";
import type {
  BatchRow,
  ChainPort,
  Failpoint,
  IssuerObserver,
  JournalPort,
  RevocationRow,
  SendHooks,
  SignedTx,
} from "./ports.ts";

interface ChainLoopDeps {
  readonly chain: ChainPort;
  readonly journal: Pick<JournalPort, "batches" | "revocations">;
  /** Most roots anchored by one transaction when several batches wait. */
  readonly batch: { readonly maxRootsPerTx: number };
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  /** Confirmations (the including block counted) that make an anchoring final; how often to look. */
  readonly finality: { readonly minConfirmations: number; readonly pollMs: number };
  readonly now: () => number;
  readonly log: Logger;
  readonly failpoint?: (name: Failpoint) => void;
  /**
   * Called when the registry is missing on the chain (a fresh development chain): may redeploy
   * it and replay the journal, or throw.
   */
  readonly recoverRegistry?: () => Promise<void>;
  readonly observer?: IssuerObserver;
}

interface ChainLoopHooks {
  readonly isStopped: () => boolean;
  /** Receives `anchored` and `revoked` once their receipt is stored. */
  readonly events: IssuerEvents;
  /** `extracts` extracts were anchored (their batches' receipt is stored). */
  readonly anchored: (extracts: number) => void;
}

export class ChainLoop {
  private readonly deps: ChainLoopDeps;
  private readonly hooks: ChainLoopHooks;
  private run: Promise<void> | undefined;
  /** Asked to run while running: it looks again when done. */
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** The next look at anchorings not yet final. */
  private watchTimer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private down = false;

  constructor(deps: ChainLoopDeps, hooks: ChainLoopHooks) {
    this.deps = deps;
    this.hooks = hooks;
    this.delayMs = deps.retry.initialMs;
  }

  /** The delay before the next retry after a failed run (the initial one while the chain answers). */
  get retryDelayMs(): number {
    return this.delayMs;
  }

  /** Cancels a pending retry; resolves once the run in progress (if any) has ended. */
  stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchTimer);
    this.retryTimer = undefined;
    this.watchTimer = undefined;
    return this.run ?? Promise.resolve();
  }

  /** Has the journal's waiting chain work done: now, after the current run, or at the next retry. */
  kick(): void {
    if (this.hooks.isStopped()) return;
    if (this.run || this.retryTimer) {
      // Running: it looks again when done. Backing off: the retry timer comes back.
      this.again = this.run !== undefined;
      return;
    }
    this.run = this.work()
      .then(
        () => {
          if (this.down) this.deps.log("info", "The chain answers again.");
          this.down = false;
          this.delayMs = this.deps.retry.initialMs;
          this.watchLater();
        },
        (e: unknown) => {
          if (this.hooks.isStopped()) return;
          this.down = true;
          this.deps.observer?.chainWriteFailed();
          this.deps.log("warn", "Chain work failed; retrying.", { error: e, retryInMs: this.delayMs });
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.kick();
          }, this.delayMs);
          this.delayMs = Math.min(this.delayMs * 2, this.deps.retry.maxMs);
        },
      )
      .finally(() => {
        this.run = undefined;
        if (this.again && !this.retryTimer) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** While anchorings wait for finality, another run after `pollMs`. */
  private watchLater(): void {
    if (this.hooks.isStopped() || this.watchTimer) return;
    if (this.deps.journal.batches.unfinal(1).length === 0) return;
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      this.kick();
    }, this.deps.finality.pollMs);
  }

  /**
   * Looks at every anchoring not yet final, then anchors waiting batches and records waiting
   * revocations, until nothing is left.
   */
  private async work(): Promise<void> {
    let recovered = false;
    await this.confirmOpen();
    for (;;) {
      if (this.hooks.isStopped()) return;
      try {
        if (await this.anchorNext()) continue;
        if (await this.revokeNext()) continue;
        return;
      } catch (e) {
        if (isSceauError(e, "REGISTRY_MISSING") && this.deps.recoverRegistry && !recovered) {
          recovered = true;
          this.deps.log("warn", "The registry is missing on the chain.", { error: e });
          await this.deps.recoverRegistry();
          continue;
        }
        throw e;
      }
    }
  }

  private async anchorNext(): Promise<boolean> {
    const { batches } = this.deps.journal;
    const waiting = batches.unanchored(this.deps.batch.maxRootsPerTx);
    if (waiting.length === 0) return false;
    const toSend: BatchRow[] = [];
    for (const b of waiting) {
      // An earlier attempt may have reached the chain: never send that root again.
      if (b.attempts > 0 && (await this.deps.chain.rootInfo(b.root)).issuer !== null) {
        const found = await this.deps.chain.findAnchoring(b.root);
        if (!found) {
          throw new SceauError("CHAIN_UNAVAILABLE", "The root is anchored but its event was not found yet.");
        }
        await this.recordAnchored([b], found, null);
        continue;
      }
      toSend.push(b);
    }
    if (toSend.length === 0) return true;
    // A transaction signed before (a restart, a reorganisation): the same one again, all of its
    // batches together, before anything new is signed.
    const [first] = toSend;
    const versions: readonly SignedTx[] = first?.txHash ? batches.versions(first.txHash) : [];
    const group = versions.length > 0 ? toSend.filter((b) => b.txHash === first?.txHash) : toSend;
    try {
      await this.send(group, versions);
    } catch (e) {
      // Lost (its nonce taken), or included without anchoring anything (sent to a fresh chain
      // before its registry was redeployed): the registry said the roots are not anchored, so a
      // new transaction is signed.
      if (versions.length === 0 || !(isTxLost(e) || isSceauError(e, "REGISTRY_MISSING"))) throw e;
      this.deps.log("warn", "A journaled anchoring transaction cannot anchor; signing a new one.", {
        txHash: first?.txHash,
      });
      await this.send(group, []);
    }
    return true;
  }

  private async send(group: readonly BatchRow[], resume: readonly SignedTx[]): Promise<void> {
    const { batches } = this.deps.journal;
    const ids = group.map((b) => b.id);
    batches.markSending(ids);
    const sentAt = performance.now();
    const hooks: SendHooks = {
      ...(resume.length > 0 ? { resume } : {}),
      stopped: this.hooks.isStopped,
      onSigned: (tx) => {
        batches.markSigned(ids, tx, this.deps.now());
      },
      onSent: (txHash) => {
        batches.markAnchoring(ids, txHash);
        this.deps.failpoint?.("anchor-sent");
      },
    };
    const receipt = await this.deps.chain.anchorRoots(
      group.map((b) => b.root),
      hooks,
    );
    this.deps.failpoint?.("anchor-confirmed");
    await this.recordAnchored(group, receipt, performance.now() - sentAt);
    this.deps.log("info", "Batches anchored.", {
      batches: group.length,
      extracts: group.reduce((n, b) => n + b.size, 0),
      txHash: receipt.txHash,
      block: receipt.blockNumber,
    });
  }

  private async recordAnchored(
    batches: readonly BatchRow[],
    receipt: ChainReceipt,
    transactionMs: number | null,
  ): Promise<void> {
    const ids = batches.map((b) => b.id);
    const included = (await this.deps.chain.inclusion(receipt.txHash)) ?? { ...receipt, confirmations: 1 };
    const final = included.confirmations >= this.deps.finality.minConfirmations;
    this.deps.journal.batches.markAnchored(ids, included, included.confirmations, final);
    this.hooks.anchored(batches.reduce((n, b) => n + b.size, 0));
    this.deps.observer?.batchesAnchored(
      batches.map((b) => ({ size: b.size, sealedAtMs: b.createdAt })),
      transactionMs,
      this.deps.now(),
    );
    this.hooks.events.emit("anchored", ids);
  }

  /**
   * Anchorings included but not final: each looked at again, by transaction and block hash.
   * A chain that cannot be read leaves them as they are until the next run.
   */
  private async confirmOpen(): Promise<void> {
    const { batches } = this.deps.journal;
    const open = batches.unfinal(1000);
    const byTx = new Map<string, BatchRow[]>();
    for (const b of open) {
      const key = b.txHash ?? "";
      byTx.set(key, [...(byTx.get(key) ?? []), b]);
    }
    for (const [txHash, group] of byTx) {
      const [b] = group;
      if (!b) continue;
      const ids = group.map((g) => g.id);
      const now = await this.deps.chain.inclusion(txHash);
      if (now) {
        const final = now.confirmations >= this.deps.finality.minConfirmations;
        if (now.blockHash !== b.blockHash) {
          this.deps.log("warn", "A reorganisation moved an anchoring to another block.", {
            txHash,
            from: b.blockNumber,
            to: now.blockNumber,
          });
        }
        batches.markAnchored(ids, now, now.confirmations, final);
        if (final) this.hooks.events.emit("anchored", ids);
        continue;
      }
      // Gone from the canonical chain, unless the registry holds the root by another way.
      if ((await this.deps.chain.rootInfo(b.root)).issuer !== null) {
        const found = await this.deps.chain.findAnchoring(b.root);
        const moved = found ? await this.deps.chain.inclusion(found.txHash) : null;
        if (moved) {
          batches.markAnchored(
            ids,
            moved,
            moved.confirmations,
            moved.confirmations >= this.deps.finality.minConfirmations,
          );
        }
        continue;
      }
      const detail = JSON.stringify({ txHash, blockNumber: b.blockNumber, blockHash: b.blockHash });
      batches.markReorganised(ids, detail, this.deps.now());
      this.hooks.anchored(-group.reduce((n, g) => n + g.size, 0));
      this.deps.observer?.anchoringReorganised?.(group.length);
      this.deps.log("warn", "An anchoring was removed by a reorganisation; the root is sent again.", {
        txHash,
        block: b.blockNumber,
        blockHash: b.blockHash,
        batches: ids.length,
      });
    }
  }

  private async revokeNext(): Promise<boolean> {
    const { revocations } = this.deps.journal;
    const r = revocations.next();
    if (!r) return false;
    const batch = r.batchId === null ? null : this.deps.journal.batches.get(r.batchId);
    invariant(batch, `revocation ${r.id} names a batch`);
    const leaf = r.scope === "extract" ? r.leaf : null;
    invariant(r.scope === "batch" || leaf, `extract revocation ${r.id} has a leaf`);
    if (r.attempts > 0) {
      const revokedAt = leaf
        ? await this.deps.chain.leafRevokedAt(leaf)
        : (await this.deps.chain.rootInfo(batch.root)).revokedAt;
      if (revokedAt > 0) {
        const receipt = await this.deps.chain.findRevocation(batch.root, leaf);
        if (!receipt) {
          throw new SceauError(
            "CHAIN_UNAVAILABLE",
            "The revocation is recorded but its event was not found yet.",
          );
        }
        this.recordRevoked(r, receipt);
        return true;
      }
    }
    revocations.markSending(r.id);
    const hooks = {
      onSent: (txHash: string) => {
        revocations.markSent(r.id, txHash);
        this.deps.failpoint?.("revoke-sent");
      },
    };
    const receipt = leaf
      ? await this.deps.chain.revokeLeaf(batch.root, leaf, r.reason, hooks)
      : await this.deps.chain.revokeRoot(batch.root, r.reason, hooks);
    this.recordRevoked(r, receipt);
    this.deps.log("info", "Revocation recorded.", {
      scope: r.scope,
      reason: reasonName(r.reason),
      txHash: receipt.txHash,
      block: receipt.blockNumber,
    });
    return true;
  }

  private recordRevoked(r: RevocationRow, receipt: ChainReceipt): void {
    this.deps.journal.revocations.markRecorded(r.id, receipt);
    this.deps.observer?.revocationRecorded(r.scope);
    this.hooks.events.emit("revoked", r.id);
  }
}
