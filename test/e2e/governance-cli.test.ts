/**
 * `sceau deploy` and `sceau roles` against a real anvil node: the deployment's JSON line and
 * trust-list entry, roles listed and granted, and a key compromise handled end to end: the
 * issuer withdrawn from time T through the timelock, after which its earlier extracts still
 * verify `valid` and a root it anchored from T on verifies `invalid`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HDNodeWallet, Wallet, encryptKeystoreJson, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { RegistryClient, addressBytes } from "../../src/chain/registry.ts";
import { createIssuerChain } from "../../src/chain/issuer-chain.ts";
import { TxSender } from "../../src/chain/sender.ts";
import { toHex } from "../../src/core/bytes.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { PROJECT_ROOT } from "../../src/paths.ts";
import type { DocumentReader } from "../../src/verifier/ports.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { PERSON_SEAL } from "../vectors/seal-v1.ts";
import { startAnvil, type Anvil } from "../helpers/anvil.ts";

const PHRASE = "test test test test test test test test test test test junk";
const account = (i: number): Wallet =>
  new Wallet(HDNodeWallet.fromPhrase(PHRASE, undefined, `m/44'/60'/0'/0/${i}`).privateKey);

const dir = mkdtempSync(join(tmpdir(), "sceau-governance-"));
let anvil: Anvil;
let provider: JsonRpcProvider;
let adminKeystore: string;
let passwordFile: string;
const issuer = new Wallet(DEV_KEYS.issuer);
const revoker = new Wallet(DEV_KEYS.revoker);
const officeKey = account(3);
const later = account(4);

function sceau(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("exit", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

async function json(args: string[]): Promise<Record<string, any>> {
  const r = await sceau(args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Record<string, any>;
}

const keystore = async (w: Wallet, name: string): Promise<string> => {
  const path = join(dir, name);
  writeFileSync(
    path,
    await encryptKeystoreJson({ address: w.address, privateKey: w.privateKey }, "pw", {
      scrypt: { N: 1 << 10 },
    }),
  );
  return path;
};

beforeAll(async () => {
  anvil = await startAnvil({ blockTime: 1 });
  provider = createProvider(anvil.url, anvil.chainId, { timeoutMs: 10_000, pollingMs: 100 });
  adminKeystore = await keystore(new Wallet(DEV_KEYS.admin), "admin.json");
  passwordFile = join(dir, "password");
  writeFileSync(passwordFile, "pw\n");
});
afterAll(async () => {
  provider.destroy();
  await anvil.stop();
});

describe("sceau deploy and sceau roles on anvil", () => {
  let deployed: Record<string, any>;
  const common = (): string[] => ["--rpc-url", anvil.url, "--registry", deployed.registry as string];
  const admin = (): string[] => ["--admin-keystore", adminKeystore, "--password-file", passwordFile];

  test("deploy prints one JSON line with the chain, the registry, its block and the trust-list entry with the offices' accounts", async () => {
    const offices = join(dir, "offices.json");
    writeFileSync(
      offices,
      JSON.stringify([
        {
          id: "ju-delemont",
          name: "Office des poursuites de Delémont",
          addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
          canton: "JU",
          place: "Delémont",
          language: "fr",
          tokenSha256: "b".repeat(64),
          issuerKeystore: await keystore(officeKey, "office.json"),
        },
      ]),
    );
    deployed = await json([
      "deploy",
      "--rpc-url",
      anvil.url,
      ...admin(),
      "--issuer",
      issuer.address,
      "--revoker",
      revoker.address,
      "--offices-file",
      offices,
      "--name",
      "Registre du canton du Jura",
      "--verify-url",
      "https://verifier.ju.example/",
      "--withdrawal-delay",
      "60",
      "--admin-delay",
      "60",
      "--confirmations",
      "2",
    ]);
    expect(deployed).toMatchObject({
      chainId: 31337,
      registry: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) as string,
      deploymentBlock: expect.any(Number) as number,
      timelock: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) as string,
      version: 3,
      issuers: [issuer.address, officeKey.address],
      revokers: [revoker.address],
    });
    expect(await anvil.blockNumber()).toBeGreaterThanOrEqual((deployed.finalBlock as number) + 1);
    expect(deployed.trustListEntry).toEqual({
      chainId: 31337,
      address: deployed.registry,
      name: "Registre du canton du Jura",
      rpcUrl: anvil.url,
      verifyUrl: "https://verifier.ju.example",
      offices: [
        {
          id: "ju-delemont",
          name: {
            fr: "Office des poursuites de Delémont",
            de: "Office des poursuites de Delémont",
            it: "Office des poursuites de Delémont",
            en: "Office des poursuites de Delémont",
          },
          canton: "JU",
          address: "Rue de l'Exemple 1, 2800 Delémont",
          accounts: [officeKey.address],
        },
      ],
    });
  });

  test("deploy refuses missing options (usage, exit 2), a wrong password and an unreachable node (exit 1), deploying nothing", async () => {
    const usage = await sceau(["deploy", "--rpc-url", anvil.url, ...admin(), "--issuer", issuer.address]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: sceau deploy");
    const wrong = join(dir, "wrong-password");
    writeFileSync(wrong, "not it\n");
    const args = ["--issuer", issuer.address, "--revoker", revoker.address, "--confirmations", "1"];
    const before = await anvil.blockNumber();
    const denied = await sceau([
      "deploy",
      "--rpc-url",
      anvil.url,
      "--admin-keystore",
      adminKeystore,
      "--password-file",
      wrong,
      ...args,
    ]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("--admin-keystore: wrong password");
    const down = await sceau(["deploy", "--rpc-url", "http://127.0.0.1:9", ...admin(), ...args]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("No chain answers at http://127.0.0.1:9");
    const nonce = await provider.getTransactionCount(new Wallet(DEV_KEYS.admin).address);
    expect(nonce).toBe(await provider.getTransactionCount(new Wallet(DEV_KEYS.admin).address, before));
  });

  test("roles list shows the admin, the issuers, the revoker and the timelock as withdrawer; grant adds an issuer", async () => {
    const listing = await json([
      "roles",
      "list",
      ...common(),
      "--from-block",
      String(deployed.deploymentBlock),
    ]);
    expect(listing).toMatchObject({ version: 3, admin: new Wallet(DEV_KEYS.admin).address, adminDelay: 60 });
    expect(listing.holders).toEqual(
      expect.arrayContaining([
        { role: "issuer", account: issuer.address, active: true },
        { role: "issuer", account: officeKey.address, active: true },
        { role: "revoker", account: revoker.address, active: true },
        { role: "withdrawer", account: deployed.timelock, active: true },
      ]),
    );
    await json(["roles", "grant", ...common(), ...admin(), "--role", "issuer", "--account", later.address]);
    const after = await json(["roles", "list", ...common()]);
    expect(after.holders).toContainEqual({ role: "issuer", account: later.address, active: true });
  });

  test("a plain revocation by the admin withdraws nothing: the account's roots stay authorised and it is listed as ended", async () => {
    await json(["roles", "revoke", ...common(), ...admin(), "--role", "issuer", "--account", later.address]);
    const listing = await json(["roles", "list", ...common()]);
    const entry = (listing.holders as { account: string; active: boolean; authorisedBefore?: number }[]).find(
      (h) => h.account === later.address,
    );
    expect(entry).toMatchObject({ active: false, authorisedBefore: expect.any(Number) as number });
  });

  test("key compromise: withdrawn from time T through the timelock, extracts anchored before T verify valid, a root anchored from T on invalid", async () => {
    const artifact = loadRegistryArtifact();
    const registry = deployed.registry as string;
    const asIssuer = new RegistryClient(registry, artifact, new Wallet(DEV_KEYS.issuer, provider));
    const now = Math.floor(Date.now() / 1000);
    const bodyOf = (salt: number): Uint8Array =>
      encodeSealBody({
        ...PERSON_SEAL.body,
        issuedAt: now,
        registry: { chainId: 31337, address: addressBytes(registry) },
        salt: new Uint8Array(16).fill(salt),
      });
    const honest = bodyOf(1);
    const forged = bodyOf(2);
    await asIssuer.anchorRoots([leafHash(honest)]);
    await anvil.rpc("evm_increaseTime", [30]);
    const stolen = await asIssuer.anchorRoots([leafHash(forged)]);
    const from = String(stolen.timestamp);

    const scheduled = await json([
      "roles",
      "withdraw",
      ...common(),
      ...admin(),
      "--account",
      issuer.address,
      "--from",
      from,
    ]);
    expect(scheduled).toMatchObject({
      step: "schedule",
      account: issuer.address,
      timelock: deployed.timelock,
    });
    const early = await sceau([
      "roles",
      "withdraw",
      ...common(),
      ...admin(),
      "--account",
      issuer.address,
      "--from",
      from,
      "--execute",
    ]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("TimelockUnexpectedOperationState");

    await anvil.rpc("evm_increaseTime", [61]);
    await anvil.mine();
    const executed = await json([
      "roles",
      "withdraw",
      ...common(),
      ...admin(),
      "--account",
      issuer.address,
      "--from",
      from,
      "--execute",
    ]);
    expect(executed).toMatchObject({ step: "execute", readyAt: 1 });

    const reader = new RegistryClient(registry, artifact, provider);
    const verifier = new Verifier({
      trustList: [
        {
          chainId: 31337,
          address: registry,
          name: "Registre du canton du Jura",
          verifyUrl: "https://verifier.ju.example",
          reader: {
            sealStatus: (root, leaf) => reader.sealStatus(root, leaf),
            revokedLeaves: (root) => reader.revokedLeaves(root),
            anchorEvent: (root) => reader.anchorEvent(root),
          },
        },
      ],
      now: () => (now + 3600) * 1000,
      maxAgeDays: 90,
      minConfirmations: 1,
      documents: {} as DocumentReader,
    });
    const qr = (body: Uint8Array): string =>
      sealToQrText(encodeSealWithBody(body, leafHash(body), []), "https://verifier.ju.example");
    const before = await verifier.verifyText(qr(honest), { lang: "en" });
    expect(before.verdict).toBe("valid");
    const after = await verifier.verifyText(qr(forged), { lang: "en" });
    expect(after.verdict).toBe("invalid");
    expect(after.checks.find((c) => c.code === "ISSUER_AUTHORISED")).toMatchObject({
      status: "invalid",
      reason: "ISSUER_NOT_AUTHORISED",
    });
  });

  test("with per-office keys each office's roots are anchored by its own account (its own sender or registry client), never another office's", async () => {
    const artifact = loadRegistryArtifact();
    const registry = deployed.registry as string;
    const other = account(6);
    await json(["roles", "grant", ...common(), ...admin(), "--role", "issuer", "--account", other.address]);
    const client = (w: Wallet): RegistryClient => new RegistryClient(registry, artifact, w.connect(provider));
    const rootA = leafHash(Uint8Array.of(10));
    const rootB = leafHash(Uint8Array.of(11));
    const offices = new Map([
      [toHex(rootA), "ju-delemont"],
      [toHex(rootB), "ju-porrentruy"],
    ]);
    // Porrentruy's roots go through its own fee-market sender, Delémont's through its client.
    const porrentruySender = new TxSender(
      other.connect(provider),
      provider,
      { maxFeePerGas: 1000n * 1_000_000_000n, replaceAfterMs: 60_000, pollMs: 50 },
      { log: () => undefined },
    );
    const chain = createIssuerChain({
      issuer: client(new Wallet(DEV_KEYS.admin)),
      revoker: client(revoker),
      provider,
      offices: {
        issuers: new Map([
          ["ju-delemont", client(officeKey)],
          ["ju-porrentruy", client(other)],
        ]),
        senders: new Map([["ju-porrentruy", porrentruySender]]),
        officeOfRoot: (root) => offices.get(toHex(root)) ?? null,
      },
    });
    await expect(chain.anchorRoots([rootA, rootB], {})).rejects.toThrow(/several offices/);
    await chain.anchorRoots([rootB], {});
    await chain.anchorRoots([rootA], {});
    expect((await chain.rootInfo(rootA)).issuer).toBe(officeKey.address);
    expect((await chain.rootInfo(rootB)).issuer).toBe(other.address);
  });
});
