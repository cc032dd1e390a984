/**
 * The journal's extracts: intake in groups (one transaction, one disk sync), lookups, the
 * backlog and batching queries, and the office's listing.
 * @module
 */
import { foldSearch } from "../core/extract.ts";
import { invariant } from "../core/errors.ts";
import type {
  ExtractJournal,
  ExtractMeta,
  ExtractRow,
  InsertOutcome,
  ListQuery,
  ListedExtract,
  NewExtract,
  UnbatchedExtract,
} from "../issuer/ports.ts";
import { bytes, toExtract, toListed, toMeta, type RawExtract, type RawListed, type RawMeta } from "./rows.ts";
import type { Sql } from "./sql.ts";

const META_COLUMNS = "seq, id, office, reference, issued_at, debtor_name, leaf, batch_id, created_at";

export class ExtractStore implements ExtractJournal {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /**
   * Stores extracts in one transaction. An extract whose office and reference are taken is not
   * stored; its outcome names the earlier extract. A bulk line is recorded with its extract.
   */
  insert(rows: readonly NewExtract[]): InsertOutcome[] {
    const insert = this.sql.stmt(
      `INSERT INTO extracts (id, office, reference, extract_json, issued_at, seal_body, leaf, revision1,
         created_at, debtor_name, search, verifier_url)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (office, reference) DO NOTHING`,
    );
    const byReference = this.sql.stmt("SELECT id FROM extracts WHERE office = ? AND reference = ?");
    const bulkLine = this.sql.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, ?, ?, NULL)",
    );
    return this.sql.write("Storing extracts", () =>
      this.sql.transaction(() =>
        rows.map((e): InsertOutcome => {
          const changes = insert.run(
            e.id,
            e.office,
            e.reference,
            e.extractJson,
            e.issuedAt,
            e.sealBody,
            e.leaf,
            e.revision1,
            e.createdAt,
            e.debtorName,
            e.search,
            e.verifierUrl,
          ).changes;
          let outcome: InsertOutcome = { id: e.id, created: true };
          if (changes === 0) {
            const existing = byReference.get(e.office, e.reference) as { id: string } | undefined;
            invariant(existing, `an extract not stored (${e.id}) has an earlier one with its reference`);
            outcome = { id: existing.id, created: false };
          }
          if (e.bulk) bulkLine.run(e.bulk.job, e.bulk.line, outcome.id, outcome.created ? 1 : 0);
          return outcome;
        }),
      ),
    );
  }

  get(id: string): ExtractRow | null {
    const r = this.sql.stmt("SELECT * FROM extracts WHERE id = ?").get(id) as RawExtract | undefined;
    return r ? toExtract(r) : null;
  }

  /** An extract without its personal data and PDF. */
  meta(id: string): ExtractMeta | null {
    const r = this.sql.stmt(`SELECT ${META_COLUMNS} FROM extracts WHERE id = ?`).get(id) as
      | RawMeta
      | undefined;
    return r ? toMeta(r) : null;
  }

  findByReference(office: string, reference: string): ExtractMeta | null {
    const r = this.sql
      .stmt(`SELECT ${META_COLUMNS} FROM extracts WHERE office = ? AND reference = ?`)
      .get(office, reference) as RawMeta | undefined;
    return r ? toMeta(r) : null;
  }

  /** Extracts accepted but not yet anchored. */
  countUnanchored(): number {
    const r = this.sql
      .stmt(
        `SELECT count(*) AS n FROM extracts e LEFT JOIN batches b ON b.id = e.batch_id
         WHERE e.batch_id IS NULL OR b.state != 'anchored'`,
      )
      .get() as { n: number };
    return r.n;
  }

  /** Per office: extracts waiting for a batch and when the oldest of them was accepted. */
  unbatchedByOffice(): { office: string; count: number; oldestCreatedAt: number }[] {
    return this.sql
      .stmt(
        `SELECT office, count(*) AS count, min(created_at) AS oldestCreatedAt
         FROM extracts WHERE batch_id IS NULL GROUP BY office ORDER BY min(seq)`,
      )
      .all() as { office: string; count: number; oldestCreatedAt: number }[];
  }

  /** An office's extracts not yet in a batch, oldest first: ids and leaves only. */
  unbatched(office: string, limit: number): UnbatchedExtract[] {
    return (
      this.sql
        .stmt(
          "SELECT id, leaf, created_at FROM extracts WHERE batch_id IS NULL AND office = ? ORDER BY seq LIMIT ?",
        )
        .all(office, limit) as { id: string; leaf: Buffer; created_at: number }[]
    ).map((r) => ({ id: r.id, leaf: bytes(r.leaf), createdAt: r.created_at }));
  }

  /** An office's extracts, newest first, without their personal data beyond the debtor's name. */
  list(office: string, q: ListQuery): ListedExtract[] {
    const where = ["e.office = ?"];
    const args: unknown[] = [office];
    if (q.beforeSeq !== undefined) {
      where.push("e.seq < ?");
      args.push(q.beforeSeq);
    }
    const words = q.query ? foldSearch(q.query).split(" ").filter(Boolean).slice(0, 8) : [];
    for (const w of words) {
      where.push("instr(e.search, ?) > 0");
      args.push(w);
    }
    const notRevoked = "rl.id IS NULL AND rb.id IS NULL";
    switch (q.state) {
      case "pending":
        where.push(`(b.state IS NULL OR b.state = 'sealed') AND ${notRevoked}`);
        break;
      case "anchoring":
        where.push(`b.state = 'anchoring' AND ${notRevoked}`);
        break;
      case "anchored":
        where.push(`b.state = 'anchored' AND ${notRevoked}`);
        break;
      case "revoked":
        where.push("(rl.id IS NOT NULL OR rb.id IS NOT NULL)");
        break;
      case undefined:
        break;
    }
    args.push(q.limit);
    const rows = this.sql
      .stmt(
        `SELECT e.seq, e.id, e.reference, e.issued_at, e.debtor_name,
                b.state AS batch_state, b.final AS batch_final, b.root, b.tx_hash, b.block_number,
                COALESCE(rb.scope, rl.scope) AS r_scope, COALESCE(rb.reason, rl.reason) AS r_reason,
                COALESCE(rb.state, rl.state) AS r_state, COALESCE(rb.revoked_at, rl.revoked_at) AS r_at
         FROM extracts e
         LEFT JOIN batches b ON b.id = e.batch_id
         LEFT JOIN revocations rl ON rl.extract_id = e.id
         LEFT JOIN revocations rb ON rb.scope = 'batch' AND rb.batch_id = e.batch_id
         WHERE ${where.join(" AND ")}
         ORDER BY e.seq DESC LIMIT ?`,
      )
      .all(...args) as RawListed[];
    return rows.map(toListed);
  }
}
