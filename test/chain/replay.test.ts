/** Replay of journal history on a fresh development chain (in-process Hardhat chains). */
import { network } from "hardhat";
import { BrowserProvider, Wallet } from "ethers";
import { afterEach, describe, expect, test } from "vitest";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { RegistryClient, deployRegistry } from "../../src/chain/registry.ts";
import { devChainClient, replayOnFreshChain, type ReplayStep } from "../../src/chain/dev/replay.ts";
import { DEV_KEYS, devRegistryAddress } from "../../src/chain/dev/keys.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function freshChain(genesisTime?: number) {
  const connection = await network.create(
    genesisTime === undefined ? {} : { override: { initialDate: new Date(genesisTime * 1000) } },
  );
  closers.push(() => connection.close());
  const provider = new BrowserProvider(connection.provider, undefined, { cacheTimeout: -1 });
  return {
    provider,
    admin: new Wallet(DEV_KEYS.admin, provider),
    issuer: new Wallet(DEV_KEYS.issuer, provider),
    revoker: new Wallet(DEV_KEYS.revoker, provider),
  };
}

const h = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const now = Math.floor(Date.now() / 1000);
const T0 = now - 86_400;
const STEPS: ReplayStep[] = [
  { kind: "anchor", roots: [h(1), h(2)], timestamp: T0 },
  { kind: "revoke-leaf", root: h(1), leaf: h(11), reason: 1, timestamp: T0 + 5 },
  { kind: "anchor", roots: [h(3)], timestamp: T0 + 9 },
  { kind: "revoke-root", root: h(3), reason: 3, timestamp: T0 + 20 },
];

describe("replay on a fresh development chain", () => {
  test("behavior: redeploys at the same address and replays in order with the original block times", async () => {
    const c = await freshChain(T0 - 3600);
    const result = await replayOnFreshChain({
      ...c,
      artifact: loadRegistryArtifact(),
      registryAddress: devRegistryAddress(),
      steps: STEPS,
      now: Date.now,
    });
    expect(result.shifted).toBe(0);
    expect(result.results.map((r) => r.facts.timestamp)).toEqual([T0, T0 + 5, T0 + 9, T0 + 20]);
    const reader = new RegistryClient(devRegistryAddress(), loadRegistryArtifact(), c.provider);
    expect(await reader.rootInfo(h(2))).toMatchObject({
      issuer: c.issuer.address,
      anchoredAt: T0,
      revokedAt: 0,
    });
    expect(await reader.rootInfo(h(3))).toMatchObject({ anchoredAt: T0 + 9, revokedAt: T0 + 20, reason: 3 });
    expect(await reader.leafRevocation(h(11))).toEqual({ revokedAt: T0 + 5, reason: 1 });
    // The chain's clock is back in the present for what comes next.
    const latest = await c.provider.getBlock("latest");
    expect(Math.abs((latest?.timestamp ?? 0) - Math.floor(Date.now() / 1000))).toBeLessThan(60);
  });

  test("behavior: on a chain started after the events, the order is kept and the times are as close as possible", async () => {
    const c = await freshChain();
    const genesis = (await c.provider.getBlock(0))?.timestamp ?? 0;
    const result = await replayOnFreshChain({
      ...c,
      artifact: loadRegistryArtifact(),
      registryAddress: devRegistryAddress(),
      steps: STEPS,
      now: Date.now,
    });
    expect(result.shifted).toBe(4);
    const times = result.results.map((r) => r.facts.timestamp);
    expect(times.every((t, i) => t > genesis && (i === 0 || t > (times[i - 1] ?? 0)))).toBe(true);
  });

  test("error: a chain where the admin already sent a transaction is not fresh: REGISTRY_MISSING", async () => {
    const c = await freshChain();
    await deployRegistry(loadRegistryArtifact(), c.admin, c.admin.address);
    await expect(
      replayOnFreshChain({
        ...c,
        artifact: loadRegistryArtifact(),
        registryAddress: devRegistryAddress(),
        steps: STEPS,
        now: Date.now,
      }),
    ).rejects.toMatchObject({ code: "REGISTRY_MISSING" });
  });

  test("behavior: only Hardhat and Anvil nodes count as development chains", async () => {
    const c = await freshChain();
    expect(await devChainClient(c.provider)).toMatch(/^HardhatNetwork\//);
    const geth = { send: () => Promise.resolve("Geth/v1.14.0-stable/linux-amd64/go1.22") };
    expect(await devChainClient(geth as unknown as BrowserProvider)).toBeNull();
  });
});
