/**
 * Done-when of issue 3: the chain node stops mid-run and a fresh one (nothing on it) starts at
 * the same address. The service keeps accepting meanwhile; on the fresh chain it redeploys the
 * registry at the same address and replays its journal, after which every earlier extract
 * verifies `valid`, every revoked one `revoked` with its original date and reason, and the
 * anchoring times are the original ones. A restart against that chain replays nothing.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { startService, type RunningService } from "../../src/wiring/service.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { chainEnv, startChainServer, type TestChainServer } from "../helpers/child-service.ts";

type Json = Record<string, any>;
const chains: TestChainServer[] = [];
let service: RunningService | null = null;
afterAll(async () => {
  await service?.close();
  for (const c of chains) await c.close();
});

test("a fresh chain mid-run: the journal is replayed and every earlier extract verifies as before", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sceau-replay-"));
  const first = await startChainServer();
  chains.push(first);
  const logs: { level: string; msg: string }[] = [];
  const config = loadConfig({
    ...chainEnv(first.url, dataDir),
    SCEAU_BATCH_MAX: "4",
    SCEAU_BATCH_WAIT_MS: "1000",
    SCEAU_RETRY_MAX_MS: "300",
    SCEAU_PDF_THREADS: "1",
  });
  const start = async (): Promise<RunningService> =>
    startService(config, { log: (level, msg) => logs.push({ level, msg }) });
  service = await start();
  const auth = { authorization: `Bearer ${service.demoToken ?? ""}` };
  let n = 0;
  const post = async (path: string, body: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${service?.url ?? ""}${path}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const get = async (path: string): Promise<Json> =>
    (await (await fetch(`${service?.url ?? ""}${path}`, { headers: auth })).json()) as Json;
  const issue = (wait: boolean): Promise<{ status: number; body: Json }> =>
    post(`/api/v1/extracts${wait ? "?wait=true" : ""}`, { ...clone(PERSON_EXTRACT), reference: `RP-${++n}` });
  const verify = async (id: string): Promise<Json> =>
    post("/api/v1/verify", { qr: (await get(`/api/v1/extracts/${id}/qr`)).qr });

  // Before: two batches, one extract revoked, one batch revoked.
  const groupA = (await Promise.all([1, 2, 3, 4].map(() => issue(true)))).map((r) => r.body);
  const groupB = (await Promise.all([1, 2, 3, 4].map(() => issue(true)))).map((r) => r.body);
  const revokedOne = groupA[0]?.id as string;
  const leaf = await post(`/api/v1/extracts/${revokedOne}/revoke`, { reason: "issued-in-error" });
  expect(leaf.status).toBe(200);
  const rootB = groupB[0]?.batch.root as string;
  const batch = await post(`/api/v1/batches/${rootB}/revoke`, { reason: "court-order" });
  expect(batch.status).toBe(200);
  const before = new Map<string, Json>();
  for (const x of [...groupA, ...groupB]) before.set(x.id as string, (await verify(x.id as string)).body);
  const revoked = new Set<string>([
    revokedOne,
    ...((await get(`/api/v1/batches/${rootB}`)).extracts as string[]),
  ]);
  for (const [id, r] of before) expect(r.verdict, id).toBe(revoked.has(id) ? "revoked" : "valid");
  expect(revoked.size).toBeGreaterThan(1);

  // The chain goes away; intake goes on, pending.
  await first.close();
  const during = [(await issue(false)).body, (await issue(false)).body];
  await new Promise((r) => setTimeout(r, 300));
  for (const x of during) expect((await get(`/api/v1/extracts/${x.id as string}`)).state).toBe("pending");

  // A fresh chain on the same address; its clock starts before the journal's first event.
  const firstAnchor = Math.min(
    ...[...before.values()].map((r) => Date.parse(r.anchor.anchoredAt as string) / 1000),
  );
  const fresh = await startChainServer({ port: first.port, genesisTime: firstAnchor - 3600, deploy: false });
  chains.push(fresh);
  const deadline = Date.now() + 60_000;
  for (const x of during) {
    while ((await get(`/api/v1/extracts/${x.id as string}`)).state !== "final") {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  expect(logs.some((l) => l.level === "warn" && l.msg.startsWith("LOCAL DEVELOPMENT CHAIN"))).toBe(true);

  for (const [id, was] of before) {
    const now = (await verify(id)).body;
    expect(now.verdict, id).toBe(was.verdict);
    expect(now.anchor.anchoredAt).toBe(was.anchor.anchoredAt);
    expect(now.revocation).toEqual(was.revocation);
  }
  expect(before.get(revokedOne)).toMatchObject({
    verdict: "revoked",
    revocation: { scope: "extract", reason: "issued-in-error" },
  });
  expect(before.get(groupB[1]?.id as string)).toMatchObject({
    verdict: "revoked",
    revocation: { scope: "batch", reason: "court-order" },
  });
  for (const x of during) expect((await verify(x.id as string)).body.verdict).toBe("valid");

  // The registry exists now: a restart replays nothing.
  await service.close();
  logs.length = 0;
  service = await start();
  expect(logs.some((l) => l.msg.startsWith("LOCAL DEVELOPMENT CHAIN"))).toBe(false);
  expect((await verify(groupA[1]?.id as string)).body.verdict).toBe("valid");
}, 180_000);

test("the service's own local chain, restarted: the new chain starts in the past and every time is kept", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sceau-replay-local-"));
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) =>
    probe.close(() => {
      r();
    }),
  );
  const logs: string[] = [];
  const config = loadConfig({
    SCEAU_DATA_DIR: dataDir,
    SCEAU_PORT: "0",
    SCEAU_LOCAL_CHAIN_PORT: String(port),
    SCEAU_BATCH_WAIT_MS: "50",
    SCEAU_PDF_THREADS: "0",
    SCEAU_LOG_LEVEL: "warn",
  });
  let s = await startService(config, { log: (_level, msg) => logs.push(msg) });
  service = s;
  const auth = { authorization: `Bearer ${s.demoToken ?? ""}`, "content-type": "application/json" };
  const issued = (await (
    await fetch(`${s.url}/api/v1/extracts?wait=true`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(PERSON_EXTRACT),
    })
  ).json()) as Json;
  const revoked = await fetch(`${s.url}/api/v1/extracts/${issued.id as string}/revoke`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ reason: "superseded" }),
  });
  const before = ((await revoked.json()) as Json).revocation as Json;
  await s.close();
  service = null;

  s = await startService(config, { log: (_level, msg) => logs.push(msg) });
  service = s;
  expect(logs.filter((m) => m.startsWith("LOCAL DEVELOPMENT CHAIN"))).toHaveLength(4);
  const { qr } = (await (
    await fetch(`${s.url}/api/v1/extracts/${issued.id as string}/qr`, { headers: auth })
  ).json()) as Json;
  const report = (await (
    await fetch(`${s.url}/api/v1/verify`, { method: "POST", headers: auth, body: JSON.stringify({ qr }) })
  ).json()) as Json;
  expect(report).toMatchObject({
    verdict: "revoked",
    revocation: { scope: "extract", reason: "superseded", revokedAt: before.revokedAt },
  });
  expect(report.anchor.anchoredAt).toBe(issued.batch.anchoredAt);
  await s.close();
  service = null;
}, 120_000);
