/**
 * The journal's bulk jobs: the whole upload, stored before the job is acknowledged, and each
 * line's outcome (an accepted line is recorded with its extract, see `ExtractStore.insert`), so
 * a restart resumes a job from its lines without an outcome.
 * @module
 */
import { SceauError } from "../core/errors.ts";
import type {
  BulkAnchoredLine,
  BulkCounts,
  BulkJobRow,
  BulkJournal,
  BulkLineError,
  BulkLineRow,
  NewBulkJob,
} from "../issuer/ports.ts";
import {
  bytes,
  toBulkAnchored,
  toBulkJob,
  toBulkLine,
  type RawBulkAnchored,
  type RawBulkJob,
  type RawBulkLine,
} from "./rows.ts";
import type { Sql } from "./sql.ts";

export class BulkJobStore implements BulkJournal {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  create(job: NewBulkJob): void {
    this.sql.write("Storing a bulk job", () =>
      this.sql
        .stmt("INSERT INTO bulk_jobs (id, office, source, total, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(job.id, job.office, job.source, job.total, job.createdAt),
    );
  }

  get(id: string): BulkJobRow | null {
    const r = this.sql
      .stmt("SELECT id, office, total, created_at, finished_at FROM bulk_jobs WHERE id = ?")
      .get(id) as RawBulkJob | undefined;
    return r ? toBulkJob(r) : null;
  }

  /**
   * The job's upload as stored.
   * @throws {SceauError} `NOT_FOUND` for an unknown job
   */
  source(id: string): Uint8Array {
    const r = this.sql.stmt("SELECT source FROM bulk_jobs WHERE id = ?").get(id) as
      | { source: Buffer }
      | undefined;
    if (!r) throw new SceauError("NOT_FOUND", `No bulk job ${id}.`);
    return bytes(r.source);
  }

  /** Ids of the jobs not finished, oldest first. */
  unfinished(): string[] {
    return (
      this.sql.stmt("SELECT id FROM bulk_jobs WHERE finished_at IS NULL ORDER BY created_at").all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** Line numbers of a job that have an outcome already. */
  linesDone(id: string): Set<number> {
    return new Set(
      (this.sql.stmt("SELECT line FROM bulk_lines WHERE job_id = ?").all(id) as { line: number }[]).map(
        (r) => r.line,
      ),
    );
  }

  recordFailures(id: string, failures: readonly { line: number; error: BulkLineError }[]): void {
    const insert = this.sql.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, NULL, 0, ?)",
    );
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const f of failures) insert.run(id, f.line, JSON.stringify(f.error));
      });
    });
  }

  /** Lines whose extract existed already (the same office and reference). */
  recordExisting(id: string, lines: readonly { line: number; extractId: string }[]): void {
    const insert = this.sql.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, ?, 0, NULL)",
    );
    this.sql.write("Updating the journal", () => {
      this.sql.transaction(() => {
        for (const l of lines) insert.run(id, l.line, l.extractId);
      });
    });
  }

  finish(id: string, now: number): void {
    this.sql.write("Updating the journal", () =>
      this.sql.stmt("UPDATE bulk_jobs SET finished_at = ? WHERE id = ? AND finished_at IS NULL").run(now, id),
    );
  }

  counts(id: string): BulkCounts {
    return this.sql
      .stmt(
        `SELECT count(*) AS processed,
                count(l.extract_id) AS accepted,
                count(l.error) AS failed,
                count(CASE WHEN b.state = 'anchored' THEN 1 END) AS anchored
         FROM bulk_lines l
         LEFT JOIN extracts e ON e.id = l.extract_id
         LEFT JOIN batches b ON b.id = e.batch_id
         WHERE l.job_id = ?`,
      )
      .get(id) as BulkCounts;
  }

  /** A job's line outcomes by line number, after `afterLine`. */
  lines(
    id: string,
    q: { outcome?: "accepted" | "failed"; afterLine?: number; limit: number },
  ): BulkLineRow[] {
    const where = ["job_id = ?", "line > ?"];
    if (q.outcome === "accepted") where.push("extract_id IS NOT NULL");
    if (q.outcome === "failed") where.push("error IS NOT NULL");
    return (
      this.sql
        .stmt(
          `SELECT line, extract_id, created, error FROM bulk_lines WHERE ${where.join(" AND ")} ORDER BY line LIMIT ?`,
        )
        .all(id, q.afterLine ?? 0, q.limit) as RawBulkLine[]
    ).map(toBulkLine);
  }

  /** Anchored extracts of a job in the given batches (null: all of the job's). */
  anchored(id: string, batchIds: readonly number[] | null): BulkAnchoredLine[] {
    // From the batches when they are given (a few dozen rows), else from the job's lines. CROSS
    // JOIN keeps SQLite from starting at the job's lines, which costs a scan per batch.
    const sql = batchIds
      ? `SELECT l.line, e.id, e.reference, b.root, b.tx_hash
         FROM json_each(@batches) j
         CROSS JOIN batches b ON b.id = j.value
         CROSS JOIN extracts e ON e.batch_id = b.id
         CROSS JOIN bulk_lines l ON l.extract_id = e.id AND l.job_id = @job
         WHERE b.state = 'anchored' ORDER BY l.line`
      : `SELECT l.line, e.id, e.reference, b.root, b.tx_hash
         FROM bulk_lines l JOIN extracts e ON e.id = l.extract_id JOIN batches b ON b.id = e.batch_id
         WHERE l.job_id = @job AND b.state = 'anchored' ORDER BY l.line`;
    return (
      this.sql
        .stmt(sql)
        .all(batchIds ? { job: id, batches: JSON.stringify(batchIds) } : { job: id }) as RawBulkAnchored[]
    ).map(toBulkAnchored);
  }
}
