/**
 * The journal's batches: closing one (the members' places and proofs with it, atomically), and
 * its anchoring state, each step committed before the chain is asked (see the chain loop).
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import { invariant } from "../core/errors.ts";
import type { BatchJournal, BatchMember, BatchRow, SignedTx } from "../issuer/ports.ts";
import { toBatch, type RawBatch } from "./rows.ts";
import type { Sql } from "./sql.ts";

export class BatchStore implements BatchJournal {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /**
   * Records a closed batch of one office and each member's place and proof, atomically.
   * @returns the new batch id
   */
  create(office: string, root: Uint8Array, members: readonly BatchMember[], now: number): number {
    return this.sql.write("Closing a batch", () =>
      this.sql.transaction(() => {
        const info = this.sql
          .stmt("INSERT INTO batches (office, root, size, state, created_at) VALUES (?, ?, ?, 'sealed', ?)")
          .run(office, root, members.length, now);
        const batchId = Number(info.lastInsertRowid);
        const update = this.sql.stmt(
          "UPDATE extracts SET batch_id = ?, leaf_index = ?, proof = ? WHERE id = ? AND batch_id IS NULL",
        );
        for (const m of members) {
          const changed = update.run(batchId, m.leafIndex, m.proof, m.id).changes;
          invariant(changed === 1, `batch member ${m.id} is stored and not in a batch yet`);
        }
        return batchId;
      }),
    );
  }

  get(id: number): BatchRow | null {
    const r = this.sql.stmt("SELECT * FROM batches WHERE id = ?").get(id) as RawBatch | undefined;
    return r ? toBatch(r) : null;
  }

  byRoot(root: Uint8Array): BatchRow | null {
    const r = this.sql.stmt("SELECT * FROM batches WHERE root = ?").get(root) as RawBatch | undefined;
    return r ? toBatch(r) : null;
  }

  /** Ids of a batch's extracts, in leaf order. */
  members(batchId: number): string[] {
    return (
      this.sql.stmt("SELECT id FROM extracts WHERE batch_id = ? ORDER BY leaf_index").all(batchId) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** Batches not yet anchored, oldest first. */
  unanchored(limit: number): BatchRow[] {
    return (
      this.sql
        .stmt("SELECT * FROM batches WHERE state != 'anchored' ORDER BY id LIMIT ?")
        .all(limit) as RawBatch[]
    ).map(toBatch);
  }

  /** Counts one more anchoring attempt for each batch; committed before the transaction is sent. */
  markSending(batchIds: readonly number[]): void {
    const update = this.sql.stmt("UPDATE batches SET attempts = attempts + 1 WHERE id = ?");
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const id of batchIds) update.run(id);
      });
    });
  }

  markAnchoring(batchIds: readonly number[], txHash: string): void {
    const update = this.sql.stmt(
      "UPDATE batches SET state = 'anchoring', tx_hash = ? WHERE id = ? AND state != 'anchored'",
    );
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const id of batchIds) update.run(txHash, id);
      });
    });
  }

  markSigned(batchIds: readonly number[], tx: SignedTx, now: number): void {
    const insert = this.sql.stmt(
      `INSERT OR IGNORE INTO chain_transactions
         (hash, account, nonce, raw, max_fee_per_gas, max_priority_fee_per_gas, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const update = this.sql.stmt(
      "UPDATE batches SET state = 'anchoring', tx_hash = ? WHERE id = ? AND state != 'anchored'",
    );
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        insert.run(
          tx.hash,
          tx.account,
          tx.nonce,
          tx.raw,
          tx.maxFeePerGas.toString(),
          tx.maxPriorityFeePerGas.toString(),
          now,
        );
        for (const id of batchIds) update.run(tx.hash, id);
      });
    });
  }

  versions(txHash: string): SignedTx[] {
    const rows = this.sql
      .stmt(
        `SELECT v.* FROM chain_transactions t
           JOIN chain_transactions v ON v.account = t.account AND v.nonce = t.nonce
         WHERE t.hash = ? ORDER BY v.created_at, v.rowid`,
      )
      .all(txHash) as {
      hash: string;
      account: string;
      nonce: number;
      raw: string;
      max_fee_per_gas: string;
      max_priority_fee_per_gas: string;
    }[];
    return rows.map((r) => ({
      hash: r.hash,
      account: r.account,
      nonce: r.nonce,
      raw: r.raw,
      maxFeePerGas: BigInt(r.max_fee_per_gas),
      maxPriorityFeePerGas: BigInt(r.max_priority_fee_per_gas),
    }));
  }

  markAnchored(
    batchIds: readonly number[],
    receipt: ChainReceipt,
    confirmations: number,
    final: boolean,
  ): void {
    const update = this.sql.stmt(
      `UPDATE batches SET state = 'anchored', tx_hash = ?, block_number = ?, anchored_at = ?,
         block_hash = ?, confirmations = ?, final = ? WHERE id = ?`,
    );
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const id of batchIds)
          update.run(
            receipt.txHash,
            receipt.blockNumber,
            receipt.timestamp,
            receipt.blockHash ?? null,
            confirmations,
            final ? 1 : 0,
            id,
          );
      });
    });
  }

  unfinal(limit: number): BatchRow[] {
    return (
      this.sql
        .stmt("SELECT * FROM batches WHERE state = 'anchored' AND final = 0 ORDER BY id LIMIT ?")
        .all(limit) as RawBatch[]
    ).map(toBatch);
  }

  markReorganised(batchIds: readonly number[], detail: string, now: number): void {
    const update = this.sql.stmt(
      `UPDATE batches SET state = 'anchoring', block_number = NULL, anchored_at = NULL,
         block_hash = NULL, confirmations = NULL WHERE id = ? AND final = 0`,
    );
    const log = this.sql.stmt("INSERT INTO chain_log (at, kind, batch_id, detail) VALUES (?, 'reorg', ?, ?)");
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const id of batchIds) {
          update.run(id);
          log.run(now, id, detail);
        }
      });
    });
  }
}
