/**
 * Issuance through the whole pipeline: `sceau issue` (a child process, as an office would run
 * it) on JSON Lines of extracts with 5 proceedings each: validation, rendering revision 1 on the
 * worker threads (one per core), sealing, the journal (SQLite, synchronous commits), batching
 * (the default 64 per batch), anchoring on the local Hardhat chain the command starts itself,
 * stamping and writing every sealed PDF to disk.
 *
 * The figure is the command's own throughput line (extracts whose sealed PDF is written, per
 * second from the start of intake to the last PDF written; the chain's start-up is not counted),
 * the median of several runs, each on a fresh data directory and a fresh chain.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { sampleExtracts } from "../scripts/sample-extracts.ts";
import { PROJECT_ROOT } from "../src/paths.ts";
import { median } from "./_stats.ts";
import { freePort } from "../test/helpers/ports.ts";

const TARGET = 200;

interface RunResult {
  readonly rate: number;
  readonly issued: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
}

/** One `sceau issue` run on `file`; resolves with the throughput it printed. */
async function issueOnce(file: string, expected: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "sceau-bench-issue-"));
  try {
    const port = await freePort();
    const child = spawn(
      "/usr/bin/time",
      [
        "-f",
        "peak-rss-kib %M",
        process.execPath,
        "src/cli/main.ts",
        "issue",
        file,
        "--out",
        join(dir, "out"),
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          SCEAU_DATA_DIR: join(dir, "data"),
          SCEAU_LOCAL_CHAIN_PORT: String(port),
          SCEAU_LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const m =
      /Issued (\d+) extracts \((\d+) PDFs written\) from \d+ lines in ([\d.]+) s: ([\d.]+) extracts\/s/.exec(
        out,
      );
    if (code !== 0 || !m) throw new Error(`sceau issue failed (exit ${code}):\n${out}\n${err.slice(-2000)}`);
    const issued = Number(m[1]);
    if (issued !== expected || Number(m[2]) !== expected) {
      throw new Error(`sceau issue wrote ${m[2]} of ${expected} PDFs:\n${out}`);
    }
    const rss = /peak-rss-kib (\d+)/.exec(err);
    return {
      rate: Number(m[4]),
      issued,
      seconds: Number(m[3]),
      peakRssMiB: rss ? Number(rss[1]) / 1024 : NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  name: `Issuance: sceau issue, whole pipeline on the local chain (${availableParallelism()} PDF threads)`,
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    const dir = mkdtempSync(join(tmpdir(), "sceau-bench-input-"));
    try {
      for (const [count, runs] of [
        [1000, 5],
        [10_000, 3],
      ] as const) {
        const file = join(dir, `extracts-${count}.jsonl`);
        writeFileSync(file, sampleExtracts({ count, bad: 0, entries: 5 }).text);
        const results: RunResult[] = [];
        for (let r = 0; r < runs; r++) {
          const result = await issueOnce(file, count);
          process.stderr.write(
            `  issuance ${count}: run ${r + 1}/${runs}: ${result.rate.toFixed(1)} extracts/s\n`,
          );
          results.push(result);
        }
        const rate = median(results.map((x) => x.rate));
        rows.push({
          figure: `sealed PDFs per second, ${count.toLocaleString("en-US")} extracts of 5 entries`,
          value: rate,
          unit: "PDFs/s",
          note: `median of ${runs} runs (${results.map((x) => x.rate.toFixed(0)).join(", ")}); ${median(results.map((x) => x.seconds)).toFixed(1)} s; peak RSS ${median(results.map((x) => x.peakRssMiB)).toFixed(0)} MiB`,
          ...(count === 10_000 ? { target: `≥ ${TARGET}`, met: rate >= TARGET } : {}),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
export default bench;
