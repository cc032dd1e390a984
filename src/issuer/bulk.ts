/**
 * Bulk issuance from JSON Lines: one extract per line, through the same pipeline as single
 * requests ({@link IssuerService.accept}).
 *
 * A job is stored (with its whole upload) before it is acknowledged, and each line's outcome is
 * recorded: an accepted line in the same transaction as its extract, so a restart resumes a job
 * from the lines without an outcome and never issues a line twice. Bad lines are reported with
 * their line number, error code and every bad field's path; the job carries on past them. When
 * the backlog is full the job waits instead of failing lines.
 * @module
 */
import { csvToJsonl } from "../core/bulk-csv.ts";
import { SceauError, isSceauError } from "../core/errors.ts";
import { debtorNameOf, type FieldIssue } from "../core/extract.ts";
import type { Logger } from "../core/log.ts";
import type { BulkAnchoredLine, BulkLineError, BulkLineRow, JournalPort } from "./ports.ts";
import type { IssuerService } from "./service.ts";

export interface BulkDeps {
  readonly journal: Pick<JournalPort, "bulkJobs">;
  readonly issuer: IssuerService;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log: Logger;
  /** Lines in flight at once (rendering and waiting to be stored). */
  readonly concurrency: number;
  readonly maxLines: number;
}

type BulkState = "running" | "finished" | "interrupted";

export interface BulkProgress {
  readonly id: string;
  readonly office: string | null;
  /** `interrupted`: not finished and not running (the service is stopping). */
  readonly state: BulkState;
  /** Lines holding an extract (blank lines are not counted). */
  readonly total: number;
  readonly processed: number;
  readonly accepted: number;
  readonly failed: number;
  readonly anchored: number;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** Lines processed per second since this process started working on the job. */
  readonly ratePerSecond: number | null;
  readonly etaSeconds: number | null;
}

interface Running {
  readonly promise: Promise<void>;
  readonly startedMs: number;
  readonly processedAtStart: number;
}

interface Line {
  readonly line: number;
  readonly text: string;
}

const FLUSH_EVERY = 100;
const FLUSH_AFTER_MS = 250;

export class BulkService {
  private readonly deps: BulkDeps;
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(deps: BulkDeps) {
    this.deps = deps;
  }

  /** Resumes every unfinished job of the journal. */
  start(): void {
    this.stopping = false;
    for (const id of this.deps.journal.bulkJobs.unfinished()) {
      this.deps.log("info", "Resuming a bulk job.", { job: id });
      void this.run(id);
    }
  }

  /** Stops taking new lines and waits for the lines in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((r) => r.promise));
  }

  /**
   * Stores a job for `office` (null: an operator's job, any configured office) and starts it.
   * @throws {SceauError} `BAD_REQUEST` (not UTF-8, no extract), `PAYLOAD_TOO_LARGE` (too many lines)
   */
  create(office: string | null, upload: Uint8Array, format: "jsonl" | "csv" = "jsonl"): BulkProgress {
    // A CSV upload is stored as the JSON Lines it stands for (each extract on its first row's
    // line), so a restart resumes it exactly as a JSON Lines job.
    const source =
      format === "csv" ? new TextEncoder().encode(csvToJsonl(decodeUtf8(upload), office).jsonl) : upload;
    const lines = splitLines(decodeUtf8(source));
    if (lines.length === 0)
      throw new SceauError("BAD_REQUEST", "The upload holds no extract (one JSON object per line).");
    if (lines.length > this.deps.maxLines) {
      throw new SceauError("PAYLOAD_TOO_LARGE", `At most ${this.deps.maxLines} extracts per bulk job.`);
    }
    const id = Buffer.from(this.deps.randomBytes(12)).toString("base64url");
    this.deps.journal.bulkJobs.create({
      id,
      office,
      source,
      total: lines.length,
      createdAt: this.deps.now(),
    });
    this.deps.log("info", "Bulk job created.", { job: id, lines: lines.length });
    void this.run(id);
    return this.status(office, id);
  }

  /** Works through a job's lines; resolves when every line has an outcome (or on stop). */
  run(id: string): Promise<void> {
    const current = this.running.get(id);
    if (current) return current.promise;
    const processedAtStart = this.deps.journal.bulkJobs.counts(id).processed;
    const promise = this.process(id)
      .catch((e: unknown) => {
        this.deps.log("error", "Bulk job failed; it resumes at the next start.", {
          job: id,
          error: e,
        });
      })
      .finally(() => {
        this.running.delete(id);
      });
    this.running.set(id, { promise, startedMs: this.deps.now(), processedAtStart });
    return promise;
  }

  /** Progress of a job of `office` (null: any). */
  status(office: string | null, id: string): BulkProgress {
    const job = this.job(office, id);
    const counts = this.deps.journal.bulkJobs.counts(id);
    const run = this.running.get(id);
    let rate: number | null = null;
    let eta: number | null = null;
    if (run) {
      const seconds = (this.deps.now() - run.startedMs) / 1000;
      const done = counts.processed - run.processedAtStart;
      if (seconds > 0.5 && done > 0) {
        rate = Math.round((done / seconds) * 10) / 10;
        eta = Math.ceil((job.total - counts.processed) / rate);
      }
    }
    return {
      id,
      office: job.office,
      state: job.finishedAt !== null ? "finished" : run ? "running" : "interrupted",
      total: job.total,
      ...counts,
      createdAt: new Date(job.createdAt).toISOString(),
      finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
      ratePerSecond: rate,
      etaSeconds: eta,
    };
  }

  /** A job's line outcomes in line order, paged by the last line seen. */
  lines(
    office: string | null,
    id: string,
    q: { outcome?: "accepted" | "failed"; afterLine?: number; limit?: number },
  ): { lines: BulkLineRow[]; nextAfterLine: number | null } {
    this.job(office, id);
    const limit = Math.min(Math.max(q.limit ?? 500, 1), 5000);
    const rows = this.deps.journal.bulkJobs.lines(id, {
      ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
      ...(q.afterLine === undefined ? {} : { afterLine: q.afterLine }),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      lines: this.withNames(id, page),
      nextAfterLine: rows.length > limit ? (page[page.length - 1]?.line ?? null) : null,
    };
  }

  /**
   * Failed lines with the reference and debtor name their text holds (when it is an object), so
   * a clerk finds the row without counting lines.
   */
  private withNames(id: string, rows: readonly BulkLineRow[]): BulkLineRow[] {
    if (!rows.some((r) => r.error)) return [...rows];
    const text = new Map(
      splitLines(decodeUtf8(this.deps.journal.bulkJobs.source(id))).map((l) => [l.line, l.text]),
    );
    return rows.map((r) => {
      if (!r.error) return r;
      let value: unknown;
      try {
        value = JSON.parse(text.get(r.line) ?? "");
      } catch {
        return r;
      }
      const ref = (value as { reference?: unknown } | null)?.reference;
      const name = debtorNameOf(value);
      return {
        ...r,
        ...(typeof ref === "string" && ref.trim() ? { reference: ref.trim().slice(0, 64) } : {}),
        ...(name.trim() ? { debtorName: name.trim().slice(0, 150) } : {}),
      };
    });
  }

  /**
   * A job's extracts anchored in the given batches (null: every anchored extract of the job),
   * in line order: what a caller writing the sealed PDFs as batches are anchored needs.
   */
  anchored(office: string | null, id: string, batchIds: readonly number[] | null): BulkAnchoredLine[] {
    this.job(office, id);
    return this.deps.journal.bulkJobs.anchored(id, batchIds);
  }

  private job(
    office: string | null,
    id: string,
  ): { office: string | null; total: number; createdAt: number; finishedAt: number | null } {
    const job = this.deps.journal.bulkJobs.get(id);
    if (!job) throw new SceauError("NOT_FOUND", `No bulk job ${id}.`);
    if (office !== null && job.office !== office)
      throw new SceauError("FORBIDDEN", "This bulk job belongs to another office.");
    return job;
  }

  private async process(id: string): Promise<void> {
    const job = this.deps.journal.bulkJobs.get(id);
    if (!job) throw new SceauError("NOT_FOUND", `No bulk job ${id}.`);
    const done = this.deps.journal.bulkJobs.linesDone(id);
    const todo = splitLines(decodeUtf8(this.deps.journal.bulkJobs.source(id))).filter(
      (l) => !done.has(l.line),
    );
    const failures: { line: number; error: BulkLineError }[] = [];
    const known: { line: number; extractId: string }[] = [];
    let flushedAt = this.deps.now();
    const flush = (): void => {
      flushedAt = this.deps.now();
      if (failures.length > 0) this.deps.journal.bulkJobs.recordFailures(id, failures.splice(0));
      if (known.length > 0) this.deps.journal.bulkJobs.recordExisting(id, known.splice(0));
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!this.stopping) {
        const item = todo[next++];
        if (!item) return;
        const outcome = await this.one(job.office, id, item);
        if (outcome === "stopped") return;
        if ("error" in outcome) failures.push({ line: item.line, error: outcome.error });
        else if (!outcome.created) known.push({ line: item.line, extractId: outcome.id });
        // Grouped (one disk sync per group), yet soon enough for the progress counts.
        const waiting = failures.length + known.length;
        if (waiting >= FLUSH_EVERY || (waiting > 0 && this.deps.now() - flushedAt >= FLUSH_AFTER_MS)) flush();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency) }, worker));
    flush();
    if (!this.stopping && next >= todo.length) {
      this.deps.journal.bulkJobs.finish(id, this.deps.now());
      const counts = this.deps.journal.bulkJobs.counts(id);
      this.deps.log("info", "Bulk job finished.", {
        job: id,
        accepted: counts.accepted,
        failed: counts.failed,
      });
    }
  }

  private async one(
    office: string | null,
    job: string,
    item: Line,
  ): Promise<{ id: string; created: boolean } | { error: BulkLineError } | "stopped"> {
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (e) {
      return {
        error: {
          code: "BAD_REQUEST",
          message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
        },
      };
    }
    for (;;) {
      if (this.stopping) return "stopped";
      try {
        return await this.deps.issuer.accept(office, value, { bulk: { job, line: item.line } });
      } catch (e) {
        if (isSceauError(e, "BACKLOG_FULL")) {
          await waitForRoom(this.deps.issuer);
          continue;
        }
        if (this.deps.issuer.isStopped()) return "stopped";
        return { error: lineError(e) };
      }
    }
  }
}

function lineError(e: unknown): BulkLineError {
  if (isSceauError(e, "VALIDATION_FAILED")) {
    const issues = (e.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
    return {
      code: e.code,
      message: e.message,
      issues: issues.map((i) => ({
        path: i.path,
        code: i.code,
        message: i.message,
        ...(i.params ? { params: i.params } : {}),
      })),
    };
  }
  if (isSceauError(e)) return { code: e.code, message: e.message };
  return { code: "INTERNAL", message: "Internal error while issuing this line." };
}

function waitForRoom(issuer: IssuerService): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = issuer.on("anchored", done);
    const timer = setTimeout(done, 1000);
  });
}

function decodeUtf8(source: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(source);
  } catch {
    throw new SceauError("BAD_REQUEST", "The upload is not UTF-8 text.");
  }
}

/** Non-blank lines with their 1-based line numbers (a BOM and CR line ends are tolerated). */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.replace(/^\uFEFF/, "").split("\n");
  raw.forEach((t, i) => {
    const line = t.endsWith("\r") ? t.slice(0, -1) : t;
    if (line.trim() !== "") out.push({ line: i + 1, text: line });
  });
  return out;
}
