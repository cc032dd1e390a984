/**
 * Done-when of issue 3: the chain node stops mid-run and a fresh one (nothing on it) starts at
 * the same address. The service keeps accepting meanwhile; on the fresh chain it redeploys the
 * registry at the same address and replays its journal, after which every earlier extract
 * verifies `valid`, every revoked one `revoked` with its original date and reason, and the
 * anchoring times are the original ones. A restart against that chain replays nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { startService, type RunningService } from "../../src/main.ts";
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
    while ((await get(`/api/v1/extracts/${x.id as string}`)).state !== "anchored") {
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
