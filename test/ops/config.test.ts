/**
 * The configuration is parsed once and then fixed: nothing downstream can change what start-up
 * read, and the development keys are only the local chain's defaults.
 */
import { describe, expect, test } from "vitest";
import { DEV_KEYS, devRegistryAddress } from "../../src/chain/dev/keys.ts";
import { loadConfig } from "../../src/config.ts";

describe("loadConfig", () => {
  test("behavior: the parsed configuration is frozen, nested objects and lists included", () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.chain)).toBe(true);
    expect(Object.isFrozen(config.trustList)).toBe(true);
    expect(Object.isFrozen(config.trustList[0])).toBe(true);
    expect(() => {
      (config.verify as { maxAgeDays: number }).maxAgeDays = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.trustList as unknown[]).push({});
    }).toThrow(TypeError);
    expect(config.verify.maxAgeDays).toBe(90);
  });

  test("behavior: the counter's address printed on extracts defaults to <SCEAU_PUBLIC_URL>/counter; another is taken without its trailing slash", () => {
    expect(loadConfig({ SCEAU_PUBLIC_URL: "https://verify.example/" }).counterUrl).toBe(
      "https://verify.example/counter",
    );
    expect(
      loadConfig({ SCEAU_PUBLIC_URL: "https://verify.example", SCEAU_COUNTER_URL: "https://shop.example/c/" })
        .counterUrl,
    ).toBe("https://shop.example/c");
    expect(() => loadConfig({ SCEAU_COUNTER_URL: "javascript:alert(1)" })).toThrow(/SCEAU_COUNTER_URL/);
  });

  test("behavior: without an RPC URL the local chain's development keys and registry are the defaults", () => {
    const config = loadConfig({});
    expect(config.chain.local).toBe(true);
    expect(config.chain.adminKey).toBe(DEV_KEYS.admin);
    expect(config.chain.issuerKey).toBe(DEV_KEYS.issuer);
    expect(config.chain.revokerKey).toBe(DEV_KEYS.revoker);
    expect(config.chain.registryAddress).toBe(devRegistryAddress());
  });

  test("error: with an RPC URL the development keys are never assumed", () => {
    expect(() => loadConfig({ SCEAU_RPC_URL: "http://127.0.0.1:9" })).toThrow(/SCEAU_ISSUER_KEY/);
    const config = loadConfig({
      SCEAU_RPC_URL: "http://127.0.0.1:9",
      SCEAU_REGISTRY_ADDRESS: devRegistryAddress(),
      SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
      SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    });
    expect(config.chain.local).toBe(false);
    expect(config.chain.adminKey).toBeNull();
  });
});
