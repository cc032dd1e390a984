/**
 * The anchoring runtime on a real anvil node with 1-second blocks (SCEAU_MIN_CONFIRMATIONS=3):
 * the whole path to `final`; reorganisations before and after finality; a base fee above the
 * cap; a transaction dropped from the mempool, and one stuck until it is replaced. Each ends with
 * exactly once on the canonical chain: one `RootAnchored` per root.
 *
 * Mining is switched off (`evm_setIntervalMining 0`) where a test needs the chain to hold still,
 * and switched back on at its end.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";
import { deployOnAnvil, startAnvilService, type AnvilService } from "../helpers/anvil-service.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import { verifyQrText } from "../helpers/verify.ts";

let anvil: Anvil;
let registry: string;
let s: AnvilService;
const GWEI = 1_000_000_000n;

beforeAll(async () => {
  anvil = await startAnvil({ blockTime: 1 });
  registry = (await deployOnAnvil(anvil)).address;
  s = await startAnvilService([anvil.url], registry, {
    SCEAU_MIN_CONFIRMATIONS: "3",
    SCEAU_MAX_FEE_GWEI: "50",
    SCEAU_TX_REPLACE_AFTER_MS: "3000",
  });
});
afterAll(async () => {
  await s.close();
  await anvil.stop();
});

const hold = (): Promise<unknown> => anvil.rpc("evm_setIntervalMining", [0]);
const resume = (): Promise<unknown> => anvil.rpc("evm_setIntervalMining", [1]);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function exactlyOnce(): Promise<void> {
  const counts = await rootAnchoredCounts(anvil.url, registry);
  expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? "0");
}

async function verifyExtract(id: string): Promise<string> {
  const qr = (await s.get(`/api/v1/extracts/${id}/qr`)).qr as string;
  return (await verifyQrText(s.base, qr)).body.verdict as string;
}

describe("anchoring on anvil with 1-second blocks and 3 confirmations", () => {
  test("issue, anchor, final, verify the PDF and the QR text", async () => {
    const r = await s.issue(true);
    expect(r.status).toBe(201);
    expect(r.body.state).toBe("final");
    expect(r.body.batch.confirmations).toBeGreaterThanOrEqual(3);
    const id = r.body.id as string;
    const pdf = await fetch(`${s.base}/api/v1/extracts/${id}/pdf`, { headers: s.auth });
    const verdict = await fetch(`${s.base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: Buffer.from(await pdf.arrayBuffer()),
    });
    expect(((await verdict.json()) as Record<string, any>).verdict).toBe("valid");
    expect(await verifyExtract(id)).toBe("valid");
    await exactlyOnce();
  }, 60_000);

  test("a reorganisation removing an anchored (not final) block: the root is anchored again, its extracts verify", async () => {
    await hold();
    try {
      const r = await s.issue();
      const id = r.body.id as string;
      await s.waitState(id, "anchoring");
      await anvil.mine(1);
      const anchored = await s.waitState(id, "anchored");
      const block = anchored.batch.blockNumber as number;
      expect(anchored.batch.confirmations).toBeLessThan(3);
      // Deeper than its confirmations: the including block is replaced by an empty one.
      const depth = (await anvil.blockNumber()) - block + 1;
      await anvil.rpc("anvil_reorg", [depth, []]);
      await s.waitState(id, "anchoring");
      expect(await metric("sceau_chain_reorgs_total")).toBeGreaterThanOrEqual(1);
      // The same root sent again: it lands and becomes final.
      await sleep(500);
      await anvil.mine(4);
      const final = await s.waitState(id, "final");
      expect(final.batch.root).toBe(anchored.batch.root);
      expect(await verifyExtract(id)).toBe("valid");
      await exactlyOnce();
    } finally {
      await resume();
    }
  }, 60_000);

  test("a reorganisation shallower than the confirmations after final changes nothing", async () => {
    const r = await s.issue(true);
    expect(r.body.state).toBe("final");
    const id = r.body.id as string;
    const before = await s.get(`/api/v1/extracts/${id}`);
    await anvil.rpc("anvil_reorg", [2, []]);
    await sleep(1500);
    const after = await s.get(`/api/v1/extracts/${id}`);
    expect(after.state).toBe("final");
    expect(after.batch.txHash).toBe(before.batch.txHash);
    expect(await verifyExtract(id)).toBe("valid");
    await exactlyOnce();
  }, 60_000);

  test("a base fee above SCEAU_MAX_FEE_GWEI: nothing is sent, /readyz says why; when it falls, anchoring resumes", async () => {
    await hold();
    try {
      await anvil.rpc("anvil_setNextBlockBaseFeePerGas", [`0x${(80n * GWEI).toString(16)}`]);
      const r = await s.issue();
      const id = r.body.id as string;
      await sleep(2500);
      expect((await s.get(`/api/v1/extracts/${id}`)).state).toBe("pending");
      const ready = await fetch(`${s.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as Record<string, any>).checks.anchoring.error.code).toBe("FEE_CAPPED");
      expect(await metric("sceau_chain_fee_capped")).toBe(1);
      const pool = await anvil.rpc<{ pending: Record<string, unknown> }>("txpool_content");
      expect(Object.keys(pool.pending)).toEqual([]);
      // The fee falls: anchoring resumes by itself.
      await anvil.rpc("anvil_setNextBlockBaseFeePerGas", [`0x${GWEI.toString(16)}`]);
      await s.waitState(id, "anchoring", 60_000);
      await resume();
      const final = await s.waitState(id, "final", 60_000);
      const tx = await anvil.rpc<{ maxFeePerGas: string }>("eth_getTransactionByHash", [final.batch.txHash]);
      expect(BigInt(tx.maxFeePerGas)).toBeLessThanOrEqual(50n * GWEI);
      expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
      await exactlyOnce();
    } finally {
      await resume();
    }
  }, 120_000);

  test("a transaction dropped from the mempool is sent again, the same one", async () => {
    await hold();
    try {
      const r = await s.issue();
      const id = r.body.id as string;
      const sent = await s.waitState(id, "anchoring");
      const hash = sent.batch.txHash as string;
      await anvil.rpc("anvil_dropTransaction", [hash]);
      for (let i = 0; i < 40 && (await metric("sceau_chain_tx_resent_total")) < 1; i++) await sleep(100);
      expect(await metric("sceau_chain_tx_resent_total")).toBeGreaterThanOrEqual(1);
      await resume();
      const final = await s.waitState(id, "final");
      expect(final.batch.txHash).toBe(hash);
      await exactlyOnce();
    } finally {
      await resume();
    }
  }, 60_000);

  test("a transaction stuck past SCEAU_TX_REPLACE_AFTER_MS is replaced with the same nonce and a higher fee", async () => {
    await hold();
    try {
      const r = await s.issue();
      const id = r.body.id as string;
      const first = (await s.waitState(id, "anchoring")).batch.txHash as string;
      const original = await anvil.rpc<{ nonce: string; maxFeePerGas: string }>("eth_getTransactionByHash", [
        first,
      ]);
      let replaced = first;
      for (let i = 0; i < 100 && replaced === first; i++) {
        await sleep(100);
        replaced = (await s.get(`/api/v1/extracts/${id}`)).batch.txHash as string;
      }
      expect(replaced).not.toBe(first);
      const replacement = await anvil.rpc<{ nonce: string; maxFeePerGas: string }>(
        "eth_getTransactionByHash",
        [replaced],
      );
      expect(replacement.nonce).toBe(original.nonce);
      expect(BigInt(replacement.maxFeePerGas) * 1000n).toBeGreaterThanOrEqual(
        BigInt(original.maxFeePerGas) * 1125n,
      );
      await resume();
      const final = await s.waitState(id, "final");
      const included = await anvil.rpc<{ nonce: string }>("eth_getTransactionByHash", [final.batch.txHash]);
      expect(included.nonce).toBe(original.nonce);
      expect(await metric("sceau_chain_tx_replaced_total")).toBeGreaterThanOrEqual(1);
      await exactlyOnce();
    } finally {
      await resume();
    }
  }, 60_000);
});
