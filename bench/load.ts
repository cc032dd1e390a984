/**
 * QR-text verification under load: the service as `npm start` runs it (a child process with the
 * local Hardhat chain it starts itself, every verification reading that chain), and autocannon
 * with 50 connections in another process (bench/_load-client.ts), both on 127.0.0.1 and sharing
 * this machine's cores.
 *
 * The service issues 128 extracts (two batches) first; the load rotates over their QR texts. The
 * verification rate limit is switched off (`SCEAU_RATE_VERIFY_PER_MINUTE=0`): this measures
 * capacity, and one address sends everything. Each figure is the median of several 10-second
 * runs after a warm-up run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { sampleExtracts } from "../scripts/sample-extracts.ts";
import { PROJECT_ROOT } from "../src/paths.ts";
import { median } from "./_stats.ts";
import { freePort } from "../test/helpers/ports.ts";

const CONNECTIONS = 50;
const SECONDS = 10;
const RUNS = 3;
const EXTRACTS = 128;
const TARGET = 3000;

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly latency: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** `node src/main.ts` on a fresh data directory and local chain; resolves with its URL. */
async function startService(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["src/main.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      SCEAU_DATA_DIR: join(dir, "data"),
      SCEAU_PORT: "0",
      SCEAU_LOCAL_CHAIN_PORT: String(await freePort()),
      SCEAU_LOG_LEVEL: "warn",
      SCEAU_RATE_VERIFY_PER_MINUTE: "0",
      SCEAU_RATE_ISSUE_PER_MINUTE: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const m = /Verification API:\s+(\S+)\/api\/v1\/verify/.exec(out);
    if (m?.[1]) return { child, url: m[1] };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The service did not start:\n${err.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Issues `count` extracts through a bulk job and returns their QR texts once anchored. */
async function issue(url: string, token: string, count: number): Promise<string[]> {
  const auth = { authorization: `Bearer ${token}` };
  const upload = await fetch(`${url}/api/v1/bulk`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/x-ndjson" },
    body: sampleExtracts({ count, bad: 0, entries: 5 }).text,
  });
  if (upload.status !== 202) throw new Error(`Bulk upload failed: ${upload.status} ${await upload.text()}`);
  const job = ((await upload.json()) as { id: string }).id;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const p = (await (await fetch(`${url}/api/v1/bulk/${job}`, { headers: auth })).json()) as {
      state: string;
      accepted: number;
      anchored: number;
    };
    if (p.state === "finished" && p.anchored === count) break;
    if (Date.now() > deadline) throw new Error(`The bulk job did not finish: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const lines = (await (
    await fetch(`${url}/api/v1/bulk/${job}/lines?limit=5000`, { headers: auth })
  ).json()) as { lines: { extractId: string }[] };
  const qrs: string[] = [];
  for (const l of lines.lines) {
    const r = (await (await fetch(`${url}/api/v1/extracts/${l.extractId}/qr`, { headers: auth })).json()) as {
      qr: string;
    };
    qrs.push(r.qr);
  }
  return qrs;
}

function runLoad(url: string, qrs: readonly string[], seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["bench/_load-client.ts", JSON.stringify({ url, qrs, connections: CONNECTIONS, seconds })],
      { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The load generator exited with ${code}.`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as LoadResult);
    });
  });
}

const bench: BenchModule = {
  name: `Verification under load: QR text, ${CONNECTIONS} connections (autocannon, own process)`,
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(join(tmpdir(), "sceau-bench-load-"));
    const { child, url } = await startService(dir);
    try {
      const token = (
        JSON.parse(readFileSync(join(dir, "data", "demo-office.json"), "utf8")) as { token: string }
      ).token;
      const qrs = await issue(url, token, EXTRACTS);
      for (const qr of qrs.slice(0, 4)) {
        const res = await fetch(`${url}/api/v1/verify`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ qr }),
        });
        const verdict = ((await res.json()) as { verdict: string }).verdict;
        if (verdict !== "valid") throw new Error(`A benchmark extract verified as ${verdict}.`);
      }
      await runLoad(url, qrs, 3);
      const runs: LoadResult[] = [];
      for (let r = 0; r < RUNS; r++) {
        const result = await runLoad(url, qrs, SECONDS);
        process.stderr.write(
          `  load run ${r + 1}/${RUNS}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}\n`,
        );
        runs.push(result);
      }
      const rate = median(runs.map((x) => x.requestsPerSecond));
      const failures = runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
      return [
        {
          figure: `QR-text verifications per second, ${CONNECTIONS} connections`,
          value: rate,
          unit: "req/s",
          note: `median of ${RUNS} runs of ${SECONDS} s (${runs.map((x) => x.requestsPerSecond.toFixed(0)).join(", ")}); ${failures} non-2xx or errors; ${EXTRACTS} QR texts in rotation`,
          target: `≥ ${TARGET}`,
          met: rate >= TARGET && failures === 0,
        },
        {
          figure: `QR-text latency under load, p50`,
          value: median(runs.map((x) => x.latency.p50)),
          unit: "ms",
          note: `as autocannon sees it, ${CONNECTIONS} requests in flight`,
        },
        {
          figure: `QR-text latency under load, p99`,
          value: median(runs.map((x) => x.latency.p99)),
          unit: "ms",
        },
      ];
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
