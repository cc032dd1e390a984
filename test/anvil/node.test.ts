/**
 * The anvil helper itself: a real node on 127.0.0.1 at a port the system chose, which answers
 * JSON-RPC and lets a test mine blocks at will.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";

describe("the anvil test node", () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 31337 });
  });
  afterAll(async () => {
    await anvil.stop();
  });

  it("listens on 127.0.0.1 at the port it reported, with the chain id it was given", async () => {
    expect(anvil.url).toBe(`http://127.0.0.1:${anvil.port}`);
    expect(Number(await anvil.rpc<string>("eth_chainId"))).toBe(31337);
  });

  it("mines many blocks at once when asked", async () => {
    const before = await anvil.blockNumber();
    await anvil.mine(50);
    expect(await anvil.blockNumber()).toBe(before + 50);
  });

  it("refuses an unknown method with an error the caller sees", async () => {
    await expect(anvil.rpc("anvil_noSuchMethod")).rejects.toThrow(/anvil_noSuchMethod/);
  });
});
