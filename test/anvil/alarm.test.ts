/**
 * The compromise alarm on anvil (1-second blocks): someone else anchoring with the office's
 * issuer key, and a role change the service did not make, are each reported within about a
 * block: an error in the log, `sceau_chain_alarms_total`, the office's status and `/readyz`.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { ROLES, RegistryClient } from "../../src/chain/registry.ts";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";
import { deployOnAnvil, startAnvilService, type AnvilService } from "../helpers/anvil-service.ts";

let anvil: Anvil;
let s: AnvilService;
let registry: string;

beforeAll(async () => {
  anvil = await startAnvil({ blockTime: 1 });
  registry = (await deployOnAnvil(anvil)).address;
  s = await startAnvilService([anvil.url], registry);
});
afterAll(async () => {
  await s.close();
  await anvil.stop();
});

async function alarmCount(): Promise<number> {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("sceau_chain_alarms_total{"))
    .reduce((n, l) => n + Number(l.split(" ")[1]), 0);
}

async function waitAlarms(n: number): Promise<number> {
  // Within one block of its inclusion (1 s here), with the watch's own second of polling.
  const since = await anvil.blockNumber();
  while ((await alarmCount()) < n) {
    expect(await anvil.blockNumber(), "the alarm came later than two blocks").toBeLessThanOrEqual(since + 3);
    await new Promise((r) => setTimeout(r, 100));
  }
  return anvil.blockNumber();
}

describe("the compromise alarm", () => {
  test("the service's own anchorings raise nothing", async () => {
    const r = await s.issue(true);
    expect(r.status).toBe(201);
    await new Promise((res) => setTimeout(res, 1500));
    expect(await alarmCount()).toBe(0);
    expect((await s.get("/api/v1/office")).alarm).toBeNull();
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
  }, 30_000);

  test("another process anchoring with the office's issuer key: alarm within a block", async () => {
    const provider = createProvider(anvil.url, 31337, { timeoutMs: 5000 });
    try {
      const thief = new RegistryClient(
        registry,
        loadRegistryArtifact(),
        new Wallet(DEV_KEYS.issuer, provider),
      );
      await thief.anchorRoots([new Uint8Array(32).fill(0x5c)]);
      await waitAlarms(1);
      const office = await s.get("/api/v1/office");
      expect(office.alarm.count).toBe(1);
      expect(office.alarm.latest[0].kind).toBe("anchored");
      const ready = await fetch(`${s.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as Record<string, any>).checks.anchoring.error.code).toBe("ALARM");
    } finally {
      provider.destroy();
    }
  }, 30_000);

  test("a role granted by someone else: alarm within a block", async () => {
    const provider = createProvider(anvil.url, 31337, { timeoutMs: 5000 });
    try {
      const admin = new RegistryClient(
        registry,
        loadRegistryArtifact(),
        new Wallet(DEV_KEYS.admin, provider),
      );
      await admin.grantRole(ROLES.issuer, Wallet.createRandom().address);
      await waitAlarms(2);
      const office = await s.get("/api/v1/office");
      expect(office.alarm.latest.map((a: { kind: string }) => a.kind)).toEqual(["anchored", "role"]);
    } finally {
      provider.destroy();
    }
  }, 30_000);
});
