/**
 * Faults between the service and its chain, through a proxy on 127.0.0.1: a slow chain, a chain
 * whose answers to transactions come after the service gave up waiting (the transaction did
 * reach the chain), and a chain that cannot be read (no answer in time, HTTP errors, JSON-RPC
 * errors, dropped connections).
 *
 * Each ends with nothing acknowledged lost (every 202 extract anchored and valid), no root
 * anchored twice (counted from RootAnchored events), and, while the chain cannot be read, no
 * verdict other than `unavailable` for any document whose verdict depends on the chain.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText, sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import type { ProxyMode } from "../helpers/chain-proxy.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import { verifyQrText } from "../helpers/verify.ts";

type Json = Record<string, any>;
let e2e: E2E;
let base: string;
let auth: Record<string, string>;
/** Every extract the service acknowledged (201 or 202), by reference. */
const acked = new Map<string, string>();
let n = 0;

beforeAll(async () => {
  e2e = await startE2E(
    {
      SCEAU_RPC_TIMEOUT_MS: "1000",
      SCEAU_BATCH_MAX: "8",
      SCEAU_BATCH_WAIT_MS: "100",
      SCEAU_RETRY_INITIAL_MS: "100",
      SCEAU_RETRY_MAX_MS: "400",
      SCEAU_PDF_THREADS: "1",
    },
    { viaProxy: true },
  );
  base = e2e.service.url;
  auth = { authorization: `Bearer ${e2e.token}` };
});
afterAll(async () => {
  await e2e.close();
});

async function issue(wait = false): Promise<{ status: number; body: Json }> {
  const reference = `FAULT-${++n}`;
  const res = await fetch(`${base}/api/v1/extracts${wait ? "?wait=true" : ""}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference }),
  });
  const body = (await res.json()) as Json;
  if (res.status === 201 || res.status === 202) acked.set(reference, body.id as string);
  return { status: res.status, body };
}

async function verify(qr: string): Promise<{ status: number; verdict: string }> {
  const { status, body } = await verifyQrText(base, qr);
  return { status, verdict: body.verdict as string };
}

async function get(path: string): Promise<Json> {
  return (await (await fetch(`${base}${path}`, { headers: auth })).json()) as Json;
}

async function waitAnchored(ids: Iterable<string>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    while ((await get(`/api/v1/extracts/${id}`)).state !== "final") {
      expect(Date.now(), `extract ${id} not anchored in time`).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let validQr = "";
let revokedQr = "";

describe("a slow or failing chain", () => {
  test("a slow chain (300 ms per call, under the timeout): issuance and verification go on, valid", async () => {
    e2e.proxy!.mode = { kind: "delay", ms: 300 };
    const [a, b] = await Promise.all([issue(true), issue(true)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    validQr = (await get(`/api/v1/extracts/${a.body.id as string}/qr`)).qr as string;
    revokedQr = (await get(`/api/v1/extracts/${b.body.id as string}/qr`)).qr as string;
    const revoke = await fetch(`${base}/api/v1/extracts/${b.body.id as string}/revoke`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ reason: "issued-in-error" }),
    });
    expect(revoke.status).toBe(200);
    expect(await verify(validQr)).toEqual({ status: 200, verdict: "valid" });
    expect(await verify(revokedQr)).toEqual({ status: 200, verdict: "revoked" });
  }, 30_000);

  test("answers to anchoring transactions arrive after the timeout: each root is found on chain and anchored once", async () => {
    // The chain executes every transaction at once; its answer reaches the service only after
    // the service stopped waiting, so the service must look the root up instead of resending.
    const sentBefore = e2e.proxy!.forwarded.get("eth_sendRawTransaction") ?? 0;
    e2e.proxy!.mode = { kind: "delay", ms: 1600, methods: ["eth_sendRawTransaction"] };
    const results = await Promise.all(Array.from({ length: 20 }, () => issue()));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    await waitAnchored(results.map((r) => r.body.id as string));
    expect(e2e.proxy!.forwarded.get("eth_sendRawTransaction") ?? 0).toBeGreaterThan(sentBefore);
    const counts = await rootAnchoredCounts(e2e.rpcUrl, e2e.service.registryAddress);
    expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
  }, 60_000);

  const unreadable: [string, ProxyMode][] = [
    ["no answer within the timeout", { kind: "delay", ms: 2500 }],
    ["HTTP 502 errors", { kind: "http-error" }],
    ["JSON-RPC internal errors", { kind: "rpc-error" }],
    ["dropped connections", { kind: "drop" }],
  ];
  test.each(unreadable)(
    "a chain that cannot be read (%s): every chain-dependent verdict is unavailable (503), intake goes on",
    async (_name, mode) => {
      e2e.proxy!.mode = mode;
      // A seal never anchored: only the chain can say so, so it must not be called invalid now.
      const genuine = decodeQrText(validQr).seal.body;
      const body = encodeSealBody({ ...genuine, salt: new Uint8Array(16).fill(7) });
      const neverAnchored = sealToQrText(encodeSealWithBody(body, leafHash(body), []), "http://x");
      for (const qr of [validQr, revokedQr, neverAnchored]) {
        expect(await verify(qr)).toEqual({ status: 503, verdict: "unavailable" });
      }
      const r = await issue();
      expect(r.status).toBe(202);
      expect(r.body.state).toBe("pending");
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
    },
    30_000,
  );

  test("once the chain answers again: nothing acknowledged is lost, no root is anchored twice, all verify", async () => {
    e2e.proxy!.mode = { kind: "pass" };
    await waitAnchored(acked.values());
    const counts = await rootAnchoredCounts(e2e.rpcUrl, e2e.service.registryAddress);
    expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
    const roots = new Set<string>();
    for (const id of acked.values()) roots.add((await get(`/api/v1/extracts/${id}`)).batch.root as string);
    for (const root of roots) expect(counts.get(root), root).toBe(1);
    const verdicts: string[] = [];
    for (const id of acked.values()) {
      verdicts.push((await verify((await get(`/api/v1/extracts/${id}/qr`)).qr as string)).verdict);
    }
    expect(verdicts.filter((v) => v !== "valid")).toEqual(["revoked"]);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 60_000);
});
