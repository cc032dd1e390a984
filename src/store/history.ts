/**
 * The journal's chain history, for a replay on a fresh development chain: every chain write it
 * holds a receipt for, in the chain's order, and the new chain's receipts written back.
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import type { BatchStore } from "./batches.ts";
import type { RevocationStore } from "./revocations.ts";
import type { RevocationScope } from "../issuer/ports.ts";
import { bytes } from "./rows.ts";
import type { Sql } from "./sql.ts";

/** One chain write recorded in the journal, for a replay on a fresh development chain. */
export type HistoryEvent =
  | {
      readonly kind: "anchor";
      readonly batchIds: readonly number[];
      readonly roots: readonly Uint8Array[];
      readonly blockNumber: number;
      readonly timestamp: number;
    }
  | {
      readonly kind: "revoke-root" | "revoke-leaf";
      readonly revocationId: number;
      readonly root: Uint8Array;
      readonly leaf: Uint8Array | null;
      readonly reason: number;
      readonly blockNumber: number;
      readonly timestamp: number;
    };

export class HistoryStore {
  private readonly sql: Sql;
  private readonly batches: BatchStore;
  private readonly revocations: RevocationStore;

  constructor(sql: Sql, batches: BatchStore, revocations: RevocationStore) {
    this.sql = sql;
    this.batches = batches;
    this.revocations = revocations;
  }

  /**
   * Every chain write the journal holds a receipt for, in the order the chain recorded them:
   * anchoring transactions (their batches grouped) and revocations.
   */
  events(): HistoryEvent[] {
    const anchored = this.sql
      .stmt(
        "SELECT id, root, tx_hash, block_number, anchored_at FROM batches WHERE state = 'anchored' ORDER BY block_number, id",
      )
      .all() as {
      id: number;
      root: Buffer;
      tx_hash: string | null;
      block_number: number | null;
      anchored_at: number | null;
    }[];
    const events: HistoryEvent[] = [];
    const byTx = new Map<
      string,
      { batchIds: number[]; roots: Uint8Array[]; blockNumber: number; timestamp: number }
    >();
    for (const b of anchored) {
      const key = b.tx_hash ?? `batch-${b.id}`;
      let group = byTx.get(key);
      if (!group) {
        group = { batchIds: [], roots: [], blockNumber: b.block_number ?? 0, timestamp: b.anchored_at ?? 0 };
        byTx.set(key, group);
        events.push({ kind: "anchor", ...group });
      }
      group.batchIds.push(b.id);
      group.roots.push(bytes(b.root));
    }
    const revocations = this.sql
      .stmt(
        `SELECT r.id, r.scope, r.leaf, r.reason, r.block_number, r.revoked_at, b.root
         FROM revocations r
         LEFT JOIN extracts e ON e.id = r.extract_id
         JOIN batches b ON b.id = COALESCE(r.batch_id, e.batch_id)
         WHERE r.state = 'recorded' ORDER BY r.block_number, r.id`,
      )
      .all() as {
      id: number;
      scope: RevocationScope;
      leaf: Buffer | null;
      reason: number;
      block_number: number | null;
      revoked_at: number | null;
      root: Buffer;
    }[];
    for (const r of revocations) {
      events.push({
        kind: r.scope === "batch" ? "revoke-root" : "revoke-leaf",
        revocationId: r.id,
        root: bytes(r.root),
        leaf: r.leaf ? bytes(r.leaf) : null,
        reason: r.reason,
        blockNumber: r.block_number ?? 0,
        timestamp: r.revoked_at ?? 0,
      });
    }
    // The original chain's block order; within a block, anchoring before revocation.
    const rank = (e: HistoryEvent): number => (e.kind === "anchor" ? 0 : 1);
    return events
      .map((e, i) => ({ e, i }))
      .sort(
        (a, b) =>
          a.e.blockNumber - b.e.blockNumber ||
          a.e.timestamp - b.e.timestamp ||
          rank(a.e) - rank(b.e) ||
          a.i - b.i,
      )
      .map(({ e }) => e);
  }

  /** Time of the first chain write in the journal (Unix seconds), or null when there is none. */
  earliestTime(): number | null {
    const r = this.sql
      .stmt(
        `SELECT min(t) AS t FROM (
           SELECT min(anchored_at) AS t FROM batches WHERE state = 'anchored'
           UNION ALL SELECT min(revoked_at) FROM revocations WHERE state = 'recorded')`,
      )
      .get() as { t: number | null };
    return r.t;
  }

  /** Writes the new chain's receipts of replayed events, all or nothing. */
  applyReplay(results: readonly { event: HistoryEvent; facts: ChainReceipt }[]): void {
    this.sql.transaction(() => {
      for (const { event, facts } of results) {
        // A development chain replayed: its blocks are final as soon as they exist.
        if (event.kind === "anchor") this.batches.markAnchored(event.batchIds, facts, 1, true);
        else this.revocations.markRecorded(event.revocationId, facts);
      }
    });
  }
}
