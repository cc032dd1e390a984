/**
 * The chain node (a real process) is killed with SIGKILL while an anchoring transaction is in
 * flight, and a fresh node starts on the same port later. A development chain keeps nothing, so
 * the service redeploys its registry and replays its journal, then anchors the batch that was
 * in flight and what came in meanwhile.
 *
 * It ends with nothing acknowledged lost, every root anchored exactly once on the new chain
 * (RootAnchored events), the earlier extracts keeping their verdicts and anchoring times, and
 * only `unavailable` verdicts while no node answered.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText, sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { startService, type RunningService } from "../../src/wiring/service.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import { startChainProcess, type ChainProcess } from "../helpers/chain-process.ts";
import { startChainProxy, type ChainProxy } from "../helpers/chain-proxy.ts";
import { chainEnv } from "../helpers/child-service.ts";
import { freePort } from "../helpers/ports.ts";
import { verifyQrText } from "../helpers/verify.ts";

type Json = Record<string, any>;
let node: ChainProcess | null = null;
let proxy: ChainProxy | null = null;
let service: RunningService | null = null;

afterAll(async () => {
  await service?.close();
  await proxy?.close();
  await node?.kill();
});

test("the chain node killed mid-batch and restarted: replayed, the batch in flight anchored once, nothing lost", async () => {
  const port = await freePort();
  node = await startChainProcess(port);
  proxy = await startChainProxy(node.url);
  const config = loadConfig({
    ...chainEnv(proxy.url, mkdtempSync(join(tmpdir(), "sceau-fault-kill-"))),
    SCEAU_RPC_TIMEOUT_MS: "1000",
    SCEAU_BATCH_MAX: "8",
    SCEAU_BATCH_WAIT_MS: "100",
    SCEAU_RETRY_INITIAL_MS: "100",
    SCEAU_RETRY_MAX_MS: "500",
    SCEAU_PDF_THREADS: "1",
  });
  service = await startService(config);
  const base = service.url;
  const auth = { authorization: `Bearer ${service.demoToken ?? ""}` };
  const acked = new Map<string, string>();
  let n = 0;
  const issue = async (wait: boolean): Promise<Json> => {
    const reference = `KILL-${++n}`;
    const res = await fetch(`${base}/api/v1/extracts${wait ? "?wait=true" : ""}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference }),
    });
    expect([201, 202]).toContain(res.status);
    const body = (await res.json()) as Json;
    acked.set(reference, body.id as string);
    return body;
  };
  const get = async (path: string): Promise<Json> =>
    (await (await fetch(`${base}${path}`, { headers: auth })).json()) as Json;
  const verify = (qr: string): Promise<{ status: number; body: Json }> => verifyQrText(base, qr);
  const waitAnchored = async (ids: Iterable<string>): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (const id of ids) {
      while ((await get(`/api/v1/extracts/${id}`)).state !== "final") {
        expect(Date.now(), `extract ${id} not anchored in time`).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  // Before: two full batches anchored, one extract revoked.
  const before = await Promise.all(Array.from({ length: 16 }, () => issue(true)));
  const revokedId = before[0]?.id as string;
  const revoke = await fetch(`${base}/api/v1/extracts/${revokedId}/revoke`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ reason: "superseded" }),
  });
  expect(revoke.status).toBe(200);
  const earlier = new Map<string, Json>();
  for (const x of before) {
    const qr = (await get(`/api/v1/extracts/${x.id as string}/qr`)).qr as string;
    earlier.set(x.id as string, { qr, report: (await verify(qr)).body });
  }
  expect([...earlier.values()].filter((e) => e.report.verdict === "revoked").length).toBe(1);

  // The next anchoring transaction reaches the node, which executes it and is killed at once.
  let killedAt = 0;
  proxy.afterForward = {
    method: "eth_sendRawTransaction",
    run: async () => {
      await node?.kill();
      killedAt = Date.now();
    },
  };
  const inFlight = await Promise.all(Array.from({ length: 8 }, () => issue(false)));
  const deadline = Date.now() + 30_000;
  while (killedAt === 0) {
    expect(Date.now(), "no anchoring transaction was sent").toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const x of inFlight) expect((await get(`/api/v1/extracts/${x.id as string}`)).state).not.toBe("final");

  // No node: intake goes on; every verdict that needs the chain is unavailable.
  const during = await Promise.all(Array.from({ length: 3 }, () => issue(false)));
  const genuine = decodeQrText([...earlier.values()][1]?.qr as string).seal.body;
  const forgedBody = encodeSealBody({ ...genuine, salt: new Uint8Array(16).fill(9) });
  const neverAnchored = sealToQrText(encodeSealWithBody(forgedBody, leafHash(forgedBody), []), "http://x");
  for (const qr of [...[...earlier.values()].slice(0, 4).map((e) => e.qr as string), neverAnchored]) {
    const r = await verify(qr);
    expect(r.status).toBe(503);
    expect(r.body.verdict).toBe("unavailable");
  }
  expect((await fetch(`${base}/readyz`)).status).toBe(503);

  // A fresh node on the same port, its clock started before the first anchoring.
  const firstAnchor = Math.min(
    ...[...earlier.values()].map((e) => Date.parse(e.report.anchor.anchoredAt as string) / 1000),
  );
  node = await startChainProcess(port, firstAnchor - 3600);
  await waitAnchored(acked.values());

  const counts = await rootAnchoredCounts(node.url, service.registryAddress);
  expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
  for (const id of acked.values()) {
    const root = (await get(`/api/v1/extracts/${id}`)).batch.root as string;
    expect(counts.get(root), `root of ${id}`).toBe(1);
  }
  for (const [id, e] of earlier) {
    const now = (await verify(e.qr as string)).body;
    expect(now.verdict, id).toBe(e.report.verdict);
    expect(now.anchor.anchoredAt, id).toBe(e.report.anchor.anchoredAt);
  }
  for (const x of [...inFlight, ...during]) {
    const qr = (await get(`/api/v1/extracts/${x.id as string}/qr`)).qr as string;
    expect((await verify(qr)).body.verdict).toBe("valid");
  }
  expect((await verify(neverAnchored)).body.verdict).toBe("invalid");
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
}, 120_000);
