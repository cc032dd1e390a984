/**
 * One issuer key per office, through the whole service: an office with its own issuer keystore
 * gets its roots anchored by its own account (granted at start by the admin key), the other
 * office by the service's issuer key, never one for the other.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { HDNodeWallet, Wallet, encryptKeystoreJson } from "ethers";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { RegistryClient } from "../../src/chain/registry.ts";
import { fromHex } from "../../src/core/bytes.ts";
import { PERSON_EXTRACT } from "../fixtures/extracts.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

const PHRASE = "test test test test test test test test test test test junk";
const officeKey = new Wallet(HDNodeWallet.fromPhrase(PHRASE, undefined, "m/44'/60'/0'/0/5").privateKey);
let e2e: E2E;

beforeAll(async () => {
  const officesFile = writeOfficesFile();
  const dir = dirname(officesFile);
  const keystore = join(dir, "other-issuer.json");
  writeFileSync(
    keystore,
    await encryptKeystoreJson({ address: officeKey.address, privateKey: officeKey.privateKey }, "pw", {
      scrypt: { N: 1 << 10 },
    }),
  );
  writeFileSync(join(dir, "password"), "pw\n");
  const offices = JSON.parse(readFileSync(officesFile, "utf8")) as Record<string, unknown>[];
  writeFileSync(
    officesFile,
    JSON.stringify(offices.map((o) => (o.id === "other" ? { ...o, issuerKeystore: keystore } : o))),
  );
  e2e = await startE2E({
    SCEAU_OFFICES_FILE: officesFile,
    SCEAU_KEYSTORE_PASSWORD_FILE: join(dir, "password"),
  });
});
afterAll(async () => {
  await e2e.close();
});

async function issueAs(office: keyof typeof TOKENS): Promise<string> {
  const res = await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKENS[office]}`, "content-type": "application/json" },
    body: JSON.stringify({ ...PERSON_EXTRACT, office }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { state: string; batch: { root: string } };
  expect(body.state).toBe("final");
  return body.batch.root;
}

test("an office with its own issuer keystore anchors with its own account; the other office with the service's key", async () => {
  const [rootOther, rootDemo] = await Promise.all([issueAs("other"), issueAs("demo")]);
  const provider = createProvider(e2e.rpcUrl, 31337, { timeoutMs: 5000 });
  try {
    const reader = new RegistryClient(e2e.service.registryAddress, loadRegistryArtifact(), provider);
    expect((await reader.rootInfo(fromHex(rootOther, 32))).issuer).toBe(officeKey.address);
    expect((await reader.rootInfo(fromHex(rootDemo, 32))).issuer).toBe(new Wallet(DEV_KEYS.issuer).address);
  } finally {
    provider.destroy();
  }
});
