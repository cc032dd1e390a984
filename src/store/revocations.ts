/**
 * The journal's revocations: recorded at once when asked for, sent to the chain later by the
 * chain loop once their extract or batch is anchored.
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import { invariant } from "../core/errors.ts";
import type { NewRevocation, RevocationJournal, RevocationRow } from "../issuer/ports.ts";
import { toRevocation, type RawRevocation } from "./rows.ts";
import type { Sql } from "./sql.ts";

export class RevocationStore implements RevocationJournal {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /** Records a revocation request; it reaches the chain later (see {@link next}). */
  insert(r: NewRevocation): RevocationRow {
    const info = this.sql.write("Storing a revocation", () =>
      this.sql
        .stmt(
          `INSERT INTO revocations (office, scope, extract_id, batch_id, leaf, reason, state, requested_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(r.office, r.scope, r.extractId, r.batchId, r.leaf, r.reason, r.requestedAt),
    );
    const row = this.get(Number(info.lastInsertRowid));
    invariant(row, "a revocation just stored can be read back");
    return row;
  }

  get(id: number): RevocationRow | null {
    const r = this.sql.stmt("SELECT * FROM revocations WHERE id = ?").get(id) as RawRevocation | undefined;
    return r ? toRevocation(r) : null;
  }

  ofExtract(extractId: string): RevocationRow | null {
    const r = this.sql.stmt("SELECT * FROM revocations WHERE extract_id = ?").get(extractId) as
      | RawRevocation
      | undefined;
    return r ? toRevocation(r) : null;
  }

  ofBatch(batchId: number): RevocationRow | null {
    const r = this.sql
      .stmt("SELECT * FROM revocations WHERE scope = 'batch' AND batch_id = ?")
      .get(batchId) as RawRevocation | undefined;
    return r ? toRevocation(r) : null;
  }

  /**
   * The oldest revocation not yet recorded on chain whose extract or batch is anchored, with the
   * batch's id filled in for a leaf revocation.
   */
  next(): RevocationRow | null {
    const r = this.sql
      .stmt(
        `SELECT r.id, r.office, r.scope, r.extract_id, COALESCE(r.batch_id, e.batch_id) AS batch_id,
                r.leaf, r.reason, r.state, r.attempts, r.tx_hash, r.block_number, r.revoked_at,
                r.requested_at
         FROM revocations r
         LEFT JOIN extracts e ON e.id = r.extract_id
         JOIN batches b ON b.id = COALESCE(r.batch_id, e.batch_id)
         WHERE r.state != 'recorded' AND b.state = 'anchored'
         ORDER BY r.id LIMIT 1`,
      )
      .get() as RawRevocation | undefined;
    return r ? toRevocation(r) : null;
  }

  /** Counts one more attempt; committed before the transaction is sent. */
  markSending(id: number): void {
    this.sql.write("Updating the journal", () =>
      this.sql.stmt("UPDATE revocations SET attempts = attempts + 1, state = 'sending' WHERE id = ?").run(id),
    );
  }

  markSent(id: number, txHash: string): void {
    this.sql.write("Updating the journal", () =>
      this.sql.stmt("UPDATE revocations SET tx_hash = ? WHERE id = ?").run(txHash, id),
    );
  }

  markRecorded(id: number, receipt: ChainReceipt): void {
    this.sql.write("Updating the journal", () =>
      this.sql
        .stmt(
          "UPDATE revocations SET state = 'recorded', tx_hash = ?, block_number = ?, revoked_at = ? WHERE id = ?",
        )
        .run(receipt.txHash, receipt.blockNumber, receipt.timestamp, id),
    );
  }
}
