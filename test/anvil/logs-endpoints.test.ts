/**
 * Bounded log queries and several RPC endpoints, against a real anvil node on 127.0.0.1.
 *
 * Logs: the chain is thousands of blocks long (its genesis is block 20,000) and the service reads
 * it through a proxy that refuses `eth_getLogs` over more than 1,000 blocks, as public nodes do.
 * Anchoring facts are still found (the windows are at most `SCEAU_LOG_RANGE` blocks), and a root
 * the registry does not know costs no log query at all.
 *
 * Endpoints: two URLs, one killed mid-way: reads and writes carry on; an endpoint of another
 * chain: the service refuses to start with `CHAIN_MISMATCH`.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText, sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { toHex } from "../../src/core/bytes.ts";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";
import { deployOnAnvil, startAnvilService, type AnvilService } from "../helpers/anvil-service.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import { startChainProxy, type ChainProxy } from "../helpers/chain-proxy.ts";
import { verifyQrText } from "../helpers/verify.ts";

let anvil: Anvil;
let registry: string;
beforeAll(async () => {
  anvil = await startAnvil({ args: ["--number", "20000"] });
  registry = (await deployOnAnvil(anvil)).address;
});
afterAll(async () => {
  await anvil.stop();
});

/**
 * Log searches for one root (a topic after the event's): the compromise watch's own searches
 * (every anchoring and role event, no root named) are not counted.
 */
const rootSearches = (p: ChainProxy): number =>
  p.logFilters.filter((f) => Array.isArray(f.topics) && f.topics.length > 1 && f.topics[1] !== null).length;

describe("bounded log queries", () => {
  let proxy: ChainProxy;
  let s: AnvilService;
  beforeAll(async () => {
    proxy = await startChainProxy(anvil.url);
    proxy.maxLogRange = 1000;
    // From block 0: the worst case, the whole chain searched window by window.
    s = await startAnvilService([proxy.url], registry, {
      SCEAU_REGISTRY_FROM_BLOCK: "0",
      SCEAU_LOG_RANGE: "1000",
    });
  });
  afterAll(async () => {
    await s.close();
    await proxy.close();
  });

  test("on a chain of 20,000 blocks behind a node refusing logs over 1,000 blocks, anchorings are found and verify", async () => {
    const first = await s.issue(true);
    expect(first.status).toBe(201);
    const qrFirst = (await s.get(`/api/v1/extracts/${first.body.id as string}/qr`)).qr as string;
    expect((await verifyQrText(s.base, qrFirst)).body.verdict).toBe("valid");

    // An anchoring more than one window back: the newest-first search goes on to older windows.
    const second = await s.issue(true);
    expect(second.status).toBe(201);
    await anvil.mine(1100);
    const qrSecond = (await s.get(`/api/v1/extracts/${second.body.id as string}/qr`)).qr as string;
    const report = await verifyQrText(s.base, qrSecond);
    expect(report.body.verdict).toBe("valid");
    const root = second.body.batch.root as string;
    const facts = (await (await fetch(`${s.base}/api/v1/roots/${root}`)).json()) as Record<string, any>;
    expect(facts.anchored).toBe(true);
    expect(facts.anchorEvent.blockNumber).toBe(
      (await s.get(`/api/v1/extracts/${second.body.id as string}`)).batch.blockNumber,
    );
    expect(facts.revokedLeaves).toEqual([]);
    // The proxy refused nothing: every query the service made fit in 1,000 blocks.
    expect(proxy.refused).toBe(0);
    expect(proxy.forwarded.get("eth_getLogs") ?? 0).toBeGreaterThan(0);
  }, 90_000);

  test("verifying a root the registry does not know makes no log query", async () => {
    const anchored = await s.issue(true);
    const qr = (await s.get(`/api/v1/extracts/${anchored.body.id as string}/qr`)).qr as string;
    const genuine = decodeQrText(qr).seal.body;
    const body = encodeSealBody({ ...genuine, salt: new Uint8Array(16).fill(9) });
    const neverAnchored = sealToQrText(encodeSealWithBody(body, leafHash(body), []), s.base);
    const before = rootSearches(proxy);
    const report = await verifyQrText(s.base, neverAnchored);
    expect(report.status).toBe(200);
    expect(report.body.verdict).toBe("invalid");
    const facts = await fetch(`${s.base}/api/v1/roots/${toHex(new Uint8Array(32).fill(0xab))}`);
    expect(((await facts.json()) as Record<string, any>).anchored).toBe(false);
    expect(rootSearches(proxy)).toBe(before);
  }, 60_000);
});

describe("several RPC endpoints", () => {
  test("two endpoints, the first killed: reads and writes carry on through the second", async () => {
    const a = await startChainProxy(anvil.url);
    const b = await startChainProxy(anvil.url);
    const s = await startAnvilService([a.url, b.url], registry, { SCEAU_RPC_TIMEOUT_MS: "1000" });
    try {
      const before = await s.issue(true);
      expect(before.status).toBe(201);
      // The first endpoint goes away: closed connections, as a node that died.
      a.mode = { kind: "drop" };
      const after = await s.issue(true);
      expect(after.status).toBe(201);
      expect(after.body.state).toBe("final");
      const qr = (await s.get(`/api/v1/extracts/${after.body.id as string}/qr`)).qr as string;
      expect((await verifyQrText(s.base, qr)).body.verdict).toBe("valid");
      expect(b.forwarded.get("eth_sendRawTransaction") ?? 0).toBeGreaterThan(0);
      const ready = await fetch(`${s.base}/readyz`);
      expect(ready.status).toBe(200);
      const counts = await rootAnchoredCounts(anvil.url, registry);
      expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
    } finally {
      await s.close();
      await a.close();
      await b.close();
    }
  }, 60_000);

  test("an endpoint serving another chain: the service refuses to start with CHAIN_MISMATCH", async () => {
    const other = await startAnvil({ chainId: 1337 });
    try {
      await expect(startAnvilService([anvil.url, other.url], registry)).rejects.toMatchObject({
        code: "CHAIN_MISMATCH",
      });
    } finally {
      await other.stop();
    }
  }, 30_000);
});
