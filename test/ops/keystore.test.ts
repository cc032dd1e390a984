/**
 * Key custody: the admin, issuer and revoker keys (and each office's own issuer key) come from
 * encrypted Web3 Secret Storage keystores with the password in a file; plain keys in variables
 * are accepted on a development chain only.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet, encryptKeystoreJson } from "ethers";
import { beforeAll, describe, expect, test } from "vitest";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { keystoreAddress } from "../../src/chain/keystore.ts";
import { loadConfig } from "../../src/config.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-keystore-"));
const issuer = new Wallet(Wallet.createRandom().privateKey);
const revoker = new Wallet(Wallet.createRandom().privateKey);
const office = new Wallet(Wallet.createRandom().privateKey);
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
// A cheap scrypt for tests (N = 2^10); production keystores use ethers' default, N = 2^17.
const encrypt = (w: Wallet, password: string): Promise<string> =>
  encryptKeystoreJson({ address: w.address, privateKey: w.privateKey }, password, { scrypt: { N: 1 << 10 } });
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

let env: Record<string, string>;
beforeAll(async () => {
  env = {
    SCEAU_RPC_URL: "http://127.0.0.1:9",
    SCEAU_CHAIN_ID: "100",
    SCEAU_REGISTRY_ADDRESS: REGISTRY,
    SCEAU_ISSUER_KEYSTORE: file("issuer.json", await encrypt(issuer, "correct horse")),
    SCEAU_REVOKER_KEYSTORE: file("revoker.json", await encrypt(revoker, "correct horse")),
    // An editor's final line break is not part of the password.
    SCEAU_KEYSTORE_PASSWORD_FILE: file("password", "correct horse\n"),
  };
  file("office.json", await encrypt(office, "correct horse"));
});

describe("keystores", () => {
  test("behavior: with the right password the keys are read from the keystores", () => {
    const config = loadConfig(env);
    expect(config.chain.development).toBe(false);
    expect(config.chain.issuerKey).toBe(issuer.privateKey);
    expect(config.chain.revokerKey).toBe(revoker.privateKey);
    expect(config.chain.adminKey).toBeNull();
  });

  test("error: a wrong password is refused, naming the variable", () => {
    const wrong = file("wrong-password", "Tr0ub4dor&3");
    expect(() => loadConfig({ ...env, SCEAU_KEYSTORE_PASSWORD_FILE: wrong })).toThrow(
      /SCEAU_ISSUER_KEYSTORE: wrong password/,
    );
  });

  test("error: a file that is not a keystore, a missing one, or a keystore claiming another address is refused", async () => {
    const notJson = file("not-json.json", "0x" + "11".repeat(32));
    const notKeystore = file("not-keystore.json", JSON.stringify({ version: 3, crypto: {} }));
    const swapped = JSON.parse(await encrypt(issuer, "correct horse")) as Record<string, unknown>;
    swapped.address = revoker.address.slice(2).toLowerCase();
    const lying = file("lying.json", JSON.stringify(swapped));
    expect(() => loadConfig({ ...env, SCEAU_ISSUER_KEYSTORE: notJson })).toThrow(/cannot read JSON/);
    expect(() => loadConfig({ ...env, SCEAU_ISSUER_KEYSTORE: notKeystore })).toThrow(
      /is not a Web3 Secret Storage/,
    );
    expect(() => loadConfig({ ...env, SCEAU_ISSUER_KEYSTORE: join(dir, "missing.json") })).toThrow(
      /cannot read JSON/,
    );
    expect(() => loadConfig({ ...env, SCEAU_ISSUER_KEYSTORE: lying })).toThrow(/key of another address/);
  });

  test("error: a keystore without a password file is refused", () => {
    const { SCEAU_KEYSTORE_PASSWORD_FILE: _, ...rest } = env;
    expect(() => loadConfig(rest)).toThrow(/SCEAU_KEYSTORE_PASSWORD_FILE is required/);
  });

  test("error: a plain key is refused on a chain that is not a development chain", () => {
    expect(() =>
      loadConfig({
        SCEAU_RPC_URL: "http://127.0.0.1:9",
        SCEAU_CHAIN_ID: "100",
        SCEAU_REGISTRY_ADDRESS: REGISTRY,
        SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
        SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
      }),
    ).toThrow(/SCEAU_ISSUER_KEY: plain keys are accepted on a development chain only/);
    expect(() => loadConfig({ ...env, SCEAU_ADMIN_KEY: DEV_KEYS.admin })).toThrow(
      /SCEAU_ADMIN_KEY: plain keys/,
    );
  });

  test("behavior: plain keys stay accepted on a development chain (Anvil's or Hardhat's chain id)", () => {
    const config = loadConfig({
      SCEAU_RPC_URL: "http://127.0.0.1:9",
      SCEAU_CHAIN_ID: "31337",
      SCEAU_REGISTRY_ADDRESS: REGISTRY,
      SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
      SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    });
    expect(config.chain.development).toBe(true);
    expect(config.chain.issuerKey).toBe(DEV_KEYS.issuer);
  });

  test("error: a plain key and a keystore for the same role are refused", () => {
    expect(() => loadConfig({ ...env, SCEAU_CHAIN_ID: "31337", SCEAU_ISSUER_KEY: DEV_KEYS.issuer })).toThrow(
      /SCEAU_ISSUER_KEY or SCEAU_ISSUER_KEYSTORE, not both/,
    );
  });

  test("behavior: an office's own issuer keystore is read with the same password; its address without it", () => {
    const offices = file(
      "offices.json",
      JSON.stringify([
        {
          id: "ge-geneve",
          name: "Office des poursuites de Genève",
          addressLines: ["Rue du Stand 46", "1204 Genève"],
          canton: "GE",
          place: "Genève",
          language: "fr",
          tokenSha256: "a".repeat(64),
          issuerKeystore: join(dir, "office.json"),
        },
      ]),
    );
    const config = loadConfig({ ...env, SCEAU_OFFICES_FILE: offices });
    expect(config.offices?.[0]?.issuerKey).toBe(office.privateKey);
    // The service's own registry in its trust list maps the office to the account anchoring for it.
    expect(config.trustList[0]?.offices).toEqual([
      {
        id: "ge-geneve",
        name: {
          fr: "Office des poursuites de Genève",
          de: "Office des poursuites de Genève",
          it: "Office des poursuites de Genève",
          en: "Office des poursuites de Genève",
        },
        canton: "GE",
        address: "Rue du Stand 46, 1204 Genève",
        accounts: [office.address],
      },
    ]);
    expect(keystoreAddress(join(dir, "office.json"), "test")).toBe(office.address);
  });
});
