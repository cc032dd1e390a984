/**
 * `sceau issue <extracts.jsonl | extract.json> --out <dir>`: issues many extracts through the
 * issuing pipeline (validation, rendering, journal, batching, anchoring) configured by the
 * `SCEAU_*` environment, with a progress bar; writes one sealed PDF per extract and a manifest,
 * reports every bad line with its number and field paths, and exits 1 when any line failed.
 *
 * It runs the pipeline in this process on the service's journal, so it refuses to start while
 * the service holds that journal (`JOURNAL_IN_USE`): then upload the file to the running
 * service's `POST /api/v1/bulk` instead.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { toHex } from "../core/bytes.ts";
import { isSceauError } from "../core/errors.ts";
import type { BulkProgress } from "../issuer/bulk.ts";
import type { BulkAnchoredLine } from "../issuer/ports.ts";
import { createLogger } from "../log.ts";
import type { IssuerRuntime } from "../wiring/issuer.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: sceau issue <extracts.jsonl | extract.json> --out <dir> [--quiet]

Issues every extract of the file (JSON Lines: one extract per line; or one JSON object, or a
JSON array of them) through the issuing pipeline configured by the SCEAU_* environment (the
same as the service: journal in SCEAU_DATA_DIR, chain, offices). Writes <dir>/<id>.pdf per
extract, <dir>/manifest.jsonl (line, id, reference, file, root, tx) and <dir>/failures.jsonl,
reports each bad line with its number and field paths, and prints the throughput at the end.

Exit status: 0 all lines issued, 1 some lines failed, 2 usage or start-up error.
While the service runs on the same data directory, upload to its POST /api/v1/bulk instead.`;

interface ManifestEntry {
  readonly line: number;
  readonly id: string;
  readonly reference: string | null;
  readonly file: string;
  readonly root: string;
  readonly tx: string;
}

export const command = {
  summary: "issue extracts from a JSON Lines file, with PDFs and a manifest",
  run,
};

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      out: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
    HELP,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (!file || !values.out || positionals.length > 1) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  let source: Uint8Array;
  try {
    source = toJsonLines(file, readFileSync(file));
  } catch (e) {
    process.stderr.write(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });

  const bar = new ProgressBar(process.stderr, values.quiet);
  const { loadConfig } = await import("../config.ts");
  const { startIssuer } = await import("../wiring/issuer.ts");
  let runtime: IssuerRuntime;
  try {
    const config = loadConfig(process.env);
    const base = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, (line) => {
      bar.interrupt(line);
    });
    runtime = await startIssuer(config, { log: base });
  } catch (e) {
    process.stderr.write(`sceau issue could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    if (isSceauError(e, "JOURNAL_IN_USE")) {
      process.stderr.write("Upload the file to the running service instead: POST /api/v1/bulk.\n");
    }
    return 2;
  }

  let interrupted = false;
  const onSignal = (): void => {
    // Ctrl+C: stop taking lines; what is stored stays in the journal and is anchored later.
    interrupted = true;
    bar.interrupt("Interrupted: finishing the lines in flight...\n");
    void runtime.bulk.stop();
  };
  process.once("SIGINT", onSignal);
  try {
    return await issueAll(runtime, source, out, bar, () => interrupted);
  } finally {
    process.off("SIGINT", onSignal);
    await runtime.close();
  }
}

async function issueAll(
  runtime: IssuerRuntime,
  source: Uint8Array,
  out: string,
  bar: ProgressBar,
  interrupted: () => boolean,
): Promise<number> {
  const { issuer, bulk, pdf } = runtime;
  const started = Date.now();
  const job = bulk.create(null, source);
  const manifest = new Map<number, ManifestEntry>();
  const files = new Map<string, Promise<string>>();
  let written = 0;
  let writeError: unknown = null;
  const slots = new Slots(Math.max(2, pdf.size * 2));

  // Sealed PDFs are written as their batches are anchored, while intake goes on.
  const write = (rows: readonly BulkAnchoredLine[]): void => {
    for (const r of rows) {
      if (manifest.has(r.line)) continue;
      const entry: ManifestEntry = {
        line: r.line,
        id: r.extractId,
        reference: r.reference,
        file: `${r.extractId}.pdf`,
        root: toHex(r.root),
        tx: r.txHash,
      };
      manifest.set(r.line, entry);
      let file = files.get(r.extractId);
      if (!file) {
        file = writePdf(runtime, out, entry, slots).then(() => {
          written++;
          return entry.file;
        });
        files.set(r.extractId, file);
        file.catch((e: unknown) => {
          writeError ??= e;
        });
      }
    }
  };
  const off = issuer.on("anchored", (batchIds) => {
    try {
      write(bulk.anchored(null, job.id, batchIds));
    } catch (e) {
      writeError ??= e;
    }
  });

  let progress: BulkProgress = job;
  const tick = setInterval(() => {
    progress = bulk.status(null, job.id);
    bar.draw(progress, written);
  }, bar.interval);
  try {
    await bulk.run(job.id);
    issuer.flushBatches();
    for (;;) {
      progress = bulk.status(null, job.id);
      if (progress.anchored >= progress.accepted || interrupted()) break;
      await new Promise<void>((r) => {
        const done = (): void => {
          clearTimeout(t);
          stop();
          r();
        };
        const stop = issuer.on("anchored", done);
        const t = setTimeout(done, 500);
      });
    }
    // Lines naming extracts issued before this run have no anchoring event in it.
    write(bulk.anchored(null, job.id, null));
    await Promise.allSettled([...files.values()]);
  } finally {
    off();
    clearInterval(tick);
  }
  progress = bulk.status(null, job.id);
  bar.draw(progress, written);
  bar.done();
  if (writeError instanceof Error) throw writeError;
  if (writeError !== null) throw new Error("Writing a PDF failed.");

  const seconds = (Date.now() - started) / 1000;
  const entries = [...manifest.values()].sort((a, b) => a.line - b.line);
  writeFileSync(join(out, "manifest.jsonl"), entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
  const failures = allFailures(runtime, job.id);
  writeFileSync(join(out, "failures.jsonl"), failures.map((f) => `${JSON.stringify(f)}\n`).join(""));
  for (const f of failures) process.stderr.write(`${describeFailure(f)}\n`);

  const rate = entries.length / Math.max(seconds, 0.001);
  const lines = [
    `Issued ${entries.length} extracts (${written} PDFs written) from ${progress.total} lines in ${seconds.toFixed(1)} s: ${rate.toFixed(1)} extracts/s.`,
    `${failures.length} line${failures.length === 1 ? "" : "s"} failed.`,
    `Manifest: ${join(out, "manifest.jsonl")}`,
  ];
  if (interrupted() && progress.anchored < progress.accepted) {
    lines.push(
      `Interrupted: ${progress.accepted - progress.anchored} extracts wait in the journal and are anchored at the next start.`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return failures.length > 0 || interrupted() ? 1 : 0;
}

async function writePdf(
  runtime: IssuerRuntime,
  out: string,
  entry: ManifestEntry,
  slots: Slots,
): Promise<void> {
  await slots.acquire();
  try {
    const bytes = await runtime.issuer.pdf(null, entry.id);
    await writeFile(join(out, entry.file), bytes);
  } finally {
    slots.release();
  }
}

/** At most `size` PDFs in flight, the others wait in order (no thundering herd of waiters). */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

interface Failure {
  readonly line: number;
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

function allFailures(runtime: IssuerRuntime, job: string): Failure[] {
  const out: Failure[] = [];
  let after = 0;
  for (;;) {
    const page = runtime.bulk.lines(null, job, { outcome: "failed", afterLine: after, limit: 5000 });
    for (const l of page.lines) if (l.error) out.push({ line: l.line, ...l.error });
    if (page.nextAfterLine === null) return out;
    after = page.nextAfterLine;
  }
}

function describeFailure(f: Failure): string {
  if (f.issues && f.issues.length > 0) {
    return f.issues.map((i) => `line ${f.line}: ${f.code} ${i.path || "(extract)"}: ${i.message}`).join("\n");
  }
  return `line ${f.line}: ${f.code}: ${f.message}`;
}

/** JSON Lines as they are, or a `.json` file's object (or array of objects) one per line. */
function toJsonLines(file: string, bytes: Buffer): Uint8Array {
  if (!basename(file).toLowerCase().endsWith(".json")) return new Uint8Array(bytes);
  const value = JSON.parse(bytes.toString("utf8")) as unknown;
  const items = Array.isArray(value) ? value : [value];
  return new TextEncoder().encode(items.map((v) => JSON.stringify(v)).join("\n"));
}

/** One line on stderr, redrawn in place on a terminal; a plain line every 5 s otherwise. */
class ProgressBar {
  readonly interval: number;
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly stream: NodeJS.WriteStream;
  private shown = "";

  constructor(stream: NodeJS.WriteStream, quiet: boolean) {
    this.stream = stream;
    this.tty = stream.isTTY;
    this.quiet = quiet;
    this.interval = this.tty ? 200 : 5000;
  }

  draw(p: BulkProgress, written: number): void {
    if (this.quiet) return;
    const pct = p.total === 0 ? 100 : Math.floor((p.processed / p.total) * 100);
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const rate = p.ratePerSecond === null ? "-" : `${p.ratePerSecond.toFixed(0)}/s`;
    const eta = p.etaSeconds === null ? "-" : `${p.etaSeconds}s`;
    const text =
      `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${fmt(p.processed)}/${fmt(p.total)} lines ${pct}%` +
      `  ${rate}  ETA ${eta}  anchored ${fmt(p.anchored)}  written ${fmt(written)}  failed ${fmt(p.failed)}`;
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.shown = text;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** Prints a log line without tearing the bar. */
  interrupt(line: string): void {
    if (this.tty && this.shown) this.stream.write("\r\x1b[2K");
    this.stream.write(line);
    if (this.tty && this.shown) this.stream.write(this.shown);
  }

  done(): void {
    if (this.tty && this.shown) this.stream.write("\n");
    this.shown = "";
  }
}

const fmt = (n: number): string => n.toLocaleString("en-US");
