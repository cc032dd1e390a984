/**
 * SIGKILL of the service while its anchoring transaction waits, unmined, in the node's pool (anvil
 * with automine off), the pool then emptied: started again, the service sends the journaled
 * transaction again (the same signed bytes, or its replacement at the same nonce) and the extract
 * becomes final with it; the issuer signs no second root transaction.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import { afterAll, expect, test } from "vitest";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";
import { deployOnAnvil } from "../helpers/anvil-service.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import { chainEnv, spawnService, type ChildService } from "../helpers/child-service.ts";

type Json = Record<string, any>;
const ISSUER = new Wallet(DEV_KEYS.issuer).address;

let anvil: Anvil | null = null;
let current: ChildService | null = null;
afterAll(async () => {
  current?.child.kill("SIGKILL");
  await anvil?.stop();
});

async function until<T>(what: string, read: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("SIGKILL while the anchoring transaction is pending, then restart: the journaled transaction completes it, no second root transaction", async () => {
  const node = await startAnvil();
  anvil = node;
  const registry = (await deployOnAnvil(node)).address;
  const dataDir = mkdtempSync(join(tmpdir(), "sceau-anvil-sigkill-"));
  const env = {
    ...chainEnv(node.url, dataDir),
    SCEAU_REGISTRY_ADDRESS: registry,
    SCEAU_BATCH_WAIT_MS: "50",
    SCEAU_RETRY_INITIAL_MS: "100",
    SCEAU_RETRY_MAX_MS: "500",
    SCEAU_PDF_THREADS: "1",
    // No replacement during the test: the transaction resent must be the journaled one.
    SCEAU_TX_REPLACE_AFTER_MS: "3600000",
  };
  const first = await spawnService(env);
  current = first;
  expect(first.url).not.toBeNull();
  const token = (JSON.parse(readFileSync(join(dataDir, "demo-office.json"), "utf8")) as { token: string })
    .token;
  const auth = { authorization: `Bearer ${token}` };
  const nonceBefore = Number(await node.rpc<string>("eth_getTransactionCount", [ISSUER, "latest"]));

  // From here no block is mined until the test mines one.
  await node.rpc("evm_setAutomine", [false]);
  const res = await fetch(`${first.url}/api/v1/extracts`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference: "ANVIL-SIGKILL-PENDING" }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const pending = await until("the anchoring transaction in the pool", async () => {
    const block = await node.rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
    return block.transactions.length > 0 ? block.transactions : null;
  });
  expect(pending).toHaveLength(1);
  const pendingHash = pending[0] as string;

  first.child.kill("SIGKILL");
  expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
  // The node forgets it: only the journal still holds the signed transaction.
  await node.rpc("anvil_dropAllTransactions");
  expect(await node.rpc("eth_getTransactionByHash", [pendingHash])).toBeNull();

  const second = await spawnService(env);
  current = second;
  expect(second.url).not.toBeNull();
  const sentAgain = await until("the transaction sent again", async () => {
    const block = await node.rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
    return block.transactions.length > 0 ? block.transactions : null;
  });
  expect(sentAgain).toEqual([pendingHash]);
  const tx = await node.rpc<Json>("eth_getTransactionByHash", [pendingHash]);
  expect(Number(tx.nonce)).toBe(nonceBefore);

  await node.rpc("evm_setAutomine", [true]);
  await node.mine(3);
  const status = await until("the extract final", async () => {
    const s = (await (await fetch(`${second.url}/api/v1/extracts/${id}`, { headers: auth })).json()) as Json;
    if (s.state === "final") return s;
    await node.mine(1);
    return null;
  });
  expect(status.batch.txHash).toBe(pendingHash);
  // One root transaction in all: the issuer's nonce moved by one, and the root has one event.
  expect(Number(await node.rpc<string>("eth_getTransactionCount", [ISSUER, "latest"]))).toBe(nonceBefore + 1);
  const counts = await rootAnchoredCounts(node.url, registry);
  expect([...counts.values()]).toEqual([1]);
}, 180_000);
