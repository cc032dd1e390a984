/**
 * The service killed with SIGKILL during issuance of an acknowledged bulk job (202): once from
 * outside in the middle of intake, once right after it sent an anchoring transaction, then
 * started again. The job resumes from its first line without an outcome; every line is issued
 * exactly once, every root anchored exactly once (RootAnchored events), every extract verifies.
 * (test/e2e/crash.test.ts kills the service at every stage of single-request intake.)
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { devRegistryAddress } from "../../src/chain/dev/keys.ts";
import { sampleExtracts } from "../../scripts/sample-extracts.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import {
  chainEnv,
  spawnService,
  startChainServer,
  type ChildService,
  type TestChainServer,
} from "../helpers/child-service.ts";
import { verifyQrText } from "../helpers/verify.ts";

type Json = Record<string, any>;
const LINES = 300;
const BAD = 3;
let chain: TestChainServer | null = null;
let current: ChildService | null = null;
afterAll(async () => {
  current?.child.kill("SIGKILL");
  await chain?.close();
});

test("SIGKILL during an acknowledged bulk job, twice: every line issued once, every root anchored once", async () => {
  chain = await startChainServer();
  const dataDir = mkdtempSync(join(tmpdir(), "sceau-fault-sigkill-"));
  const env = {
    ...chainEnv(chain.url, dataDir),
    SCEAU_BATCH_MAX: "16",
    SCEAU_BATCH_WAIT_MS: "200",
    SCEAU_ANCHOR_MAX_ROOTS: "2",
    SCEAU_RETRY_MAX_MS: "300",
    SCEAU_PDF_THREADS: "2",
  };
  const start = async (extra: Record<string, string> = {}): Promise<ChildService> => {
    current = await spawnService({ ...env, ...extra });
    return current;
  };
  const killed = async (s: ChildService): Promise<void> => {
    const exit = await Promise.race([
      s.exited,
      new Promise<"timeout">((r) =>
        setTimeout(() => {
          r("timeout");
        }, 60_000),
      ),
    ]);
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
  };

  let s = await start();
  const token = (JSON.parse(readFileSync(join(dataDir, "demo-office.json"), "utf8")) as { token: string })
    .token;
  const auth = { authorization: `Bearer ${token}` };
  const { text, bad } = sampleExtracts({ count: LINES, bad: BAD, entries: 5 });
  const upload = await fetch(`${s.url ?? ""}/api/v1/bulk`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/x-ndjson" },
    body: text,
  });
  expect(upload.status).toBe(202);
  const job = ((await upload.json()) as Json).id as string;

  // 1. From outside, in the middle of intake.
  const progress = async (url: string): Promise<Json> =>
    (await (await fetch(`${url}/api/v1/bulk/${job}`, { headers: auth })).json()) as Json;
  const deadline = Date.now() + 60_000;
  while ((await progress(s.url ?? "")).processed < LINES / 4) {
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 20));
  }
  s.child.kill("SIGKILL");
  await killed(s);

  // 2. The job resumes at start; the process dies right after its second anchoring transaction.
  s = await start({ SCEAU_FAILPOINT: "anchor-sent:2" });
  await killed(s);

  // 3. A normal start finishes the job.
  s = await start();
  const url = s.url ?? "";
  for (;;) {
    const p = await progress(url);
    if (p.state === "finished" && p.anchored === p.accepted) {
      expect(p).toMatchObject({ total: LINES, processed: LINES, accepted: LINES - BAD, failed: BAD });
      break;
    }
    expect(Date.now()).toBeLessThan(deadline + 60_000);
    await new Promise((r) => setTimeout(r, 100));
  }

  // Every good line has exactly one extract, each once in the office's listing.
  const lines: Json[] = [];
  let after = 0;
  for (;;) {
    const page = (await (
      await fetch(`${url}/api/v1/bulk/${job}/lines?after=${after}&limit=5000`, { headers: auth })
    ).json()) as Json;
    lines.push(...(page.lines as Json[]));
    if (page.nextAfterLine === null) break;
    after = page.nextAfterLine as number;
  }
  expect(lines.length).toBe(LINES);
  expect(lines.filter((l) => l.error).map((l) => l.line as number)).toEqual(bad.map((b) => b.line));
  const ids = lines.filter((l) => !l.error).map((l) => l.extractId as string);
  expect(new Set(ids).size).toBe(LINES - BAD);
  const listed = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = (await (
      await fetch(`${url}/api/v1/extracts?limit=200${cursor ? `&cursor=${cursor}` : ""}`, { headers: auth })
    ).json()) as Json;
    for (const item of page.items as Json[]) {
      expect(listed.has(item.id as string)).toBe(false);
      listed.add(item.id as string);
    }
    cursor = page.nextCursor as string | null;
  } while (cursor);
  expect(listed).toEqual(new Set(ids));

  const counts = await rootAnchoredCounts(chain.url, devRegistryAddress());
  expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
  const roots = new Set<string>();
  for (const id of ids) {
    const status = (await (await fetch(`${url}/api/v1/extracts/${id}`, { headers: auth })).json()) as Json;
    expect(status.state).toBe("final");
    roots.add(status.batch.root as string);
  }
  for (const root of roots) expect(counts.get(root)).toBe(1);
  expect(counts.size).toBe(roots.size);

  for (const id of ids.filter((_, i) => i % 10 === 0)) {
    const { qr } = (await (await fetch(`${url}/api/v1/extracts/${id}/qr`, { headers: auth })).json()) as Json;
    const { body: report } = await verifyQrText(url, qr as string);
    expect(report.verdict).toBe("valid");
  }
}, 180_000);
