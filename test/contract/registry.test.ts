import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Interface, keccak256, type Log } from "ethers";
import { toHex } from "../../src/core/bytes.ts";
import { buildTree, getProof, leafHash, sealDigest } from "../../src/core/merkle.ts";
import { REVOCATION_REASONS } from "../../src/core/revocation.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { ROLES, RegistryClient, addressBytes, deployRegistry } from "../../src/chain/registry.ts";
import type { DocumentReader } from "../../src/verifier/ports.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { REGISTRY_V1_BYTECODE, REGISTRY_V1_BYTECODE_KECCAK } from "../vectors/registry-v1.ts";
import {
  REGISTRY_V2_BYTECODE,
  REGISTRY_V2_BYTECODE_KECCAK,
  REGISTRY_V2_CONSTRUCTOR,
} from "../vectors/registry-v2.ts";
import { PERSON_SEAL } from "../vectors/seal-v1.ts";
import { createTestChain, type TestChain } from "../helpers/chain.ts";
import { revertName } from "../helpers/errors.ts";

let chain: TestChain;
let iface: Interface;
let counter = 0;
/** A fresh pseudo-random 32-byte hash per call. */
const hash = (): Uint8Array => leafHash(Uint8Array.of(++counter, counter >> 8, 42));

beforeAll(async () => {
  chain = await createTestChain();
  iface = new Interface(chain.artifact.abi);
});
afterAll(async () => {
  await chain.close();
});

/**
 * A registry of an earlier version from its frozen bytecode, read and driven through today's ABI
 * (the functions and events it had are unchanged) with its own constructor.
 */
async function deployLegacy(
  bytecode: string,
): Promise<{ admin: RegistryClient; issuer: RegistryClient; revoker: RegistryClient; address: string }> {
  const abi = [
    ...new Interface(chain.artifact.abi).fragments.filter((f) => f.type !== "constructor"),
    REGISTRY_V2_CONSTRUCTOR,
  ];
  const artifact = { abi, bytecode };
  const { address } = await deployRegistry(artifact, chain.admin, chain.admin.address);
  const legacy = {
    address,
    admin: new RegistryClient(address, artifact, chain.admin),
    issuer: new RegistryClient(address, artifact, chain.issuer),
    revoker: new RegistryClient(address, artifact, chain.revoker),
  };
  await legacy.admin.grantRole(ROLES.issuer, chain.issuer.address);
  await legacy.admin.grantRole(ROLES.revoker, chain.revoker.address);
  return legacy;
}

async function eventsOf(txHash: string): Promise<{ name: string; args: unknown[] }[]> {
  const receipt = await chain.provider.getTransactionReceipt(txHash);
  return (receipt?.logs ?? []).flatMap((log: Log) => {
    const parsed = iface.parseLog(log);
    return parsed ? [{ name: parsed.name, args: [...parsed.args] }] : [];
  });
}

describe("SealRegistry anchoring", () => {
  test("anchors a root, recording the issuer and the block time, and emits RootAnchored", async () => {
    const root = hash();
    const tx = await chain.as.issuer.anchorRoots([root]);
    const block = await chain.provider.getBlock(tx.blockNumber);
    const info = await chain.as.stranger.rootInfo(root);
    expect(info).toEqual({
      issuer: chain.issuer.address,
      anchoredAt: block?.timestamp,
      revokedAt: 0,
      reason: 0,
    });
    expect(await eventsOf(tx.txHash)).toEqual([
      { name: "RootAnchored", args: [toHex(root), chain.issuer.address] },
    ]);
  });

  test("anchors several roots in one call, one event each", async () => {
    const roots = [hash(), hash(), hash()];
    const tx = await chain.as.issuer.anchorRoots(roots);
    expect((await eventsOf(tx.txHash)).map((e) => e.args[0])).toEqual(roots.map(toHex));
    for (const r of roots) expect((await chain.as.stranger.rootInfo(r)).issuer).toBe(chain.issuer.address);
  });

  test("a root can be anchored once only", async () => {
    const root = hash();
    await chain.as.issuer.anchorRoots([root]);
    expect(await revertName(chain.as.issuer.anchorRoots([root]))).toBe("SealRegistryRootAlreadyAnchored");
  });

  test("a batch call with a repeated root reverts as a whole", async () => {
    const fresh = hash();
    const repeated = hash();
    expect(await revertName(chain.as.issuer.anchorRoots([fresh, repeated, repeated]))).toBe(
      "SealRegistryRootAlreadyAnchored",
    );
    expect((await chain.as.stranger.rootInfo(fresh)).issuer).toBeNull();
  });

  test("rejects the zero root and an empty batch", async () => {
    expect(await revertName(chain.as.issuer.anchorRoots([new Uint8Array(32)]))).toBe("SealRegistryZeroHash");
    expect(await revertName(chain.as.issuer.anchorRoots([]))).toBe("SealRegistryEmptyBatch");
  });

  test("an account without the issuer role cannot anchor", async () => {
    expect(await revertName(chain.as.stranger.anchorRoots([hash()]))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    expect(await revertName(chain.as.revoker.anchorRoots([hash(), hash()]))).toBe(
      "AccessControlUnauthorizedAccount",
    );
  });
});

describe("SealRegistry revocation", () => {
  test("revokes a whole root with a reason and the time, and emits RootRevoked", async () => {
    const root = hash();
    await chain.as.issuer.anchorRoots([root]);
    const tx = await chain.as.revoker.revokeRoot(root, 3);
    const block = await chain.provider.getBlock(tx.blockNumber);
    expect(await chain.as.stranger.rootInfo(root)).toMatchObject({ revokedAt: block?.timestamp, reason: 3 });
    expect(await eventsOf(tx.txHash)).toEqual([
      { name: "RootRevoked", args: [toHex(root), chain.revoker.address, 3n] },
    ]);
    expect(await revertName(chain.as.revoker.revokeRoot(root, 1))).toBe("SealRegistryAlreadyRevoked");
  });

  test("revokes one leaf with a reason, and emits LeafRevoked", async () => {
    const root = hash();
    const leaf = hash();
    await chain.as.issuer.anchorRoots([root]);
    const tx = await chain.as.revoker.revokeLeaf(root, leaf, 1);
    const revocation = await chain.as.stranger.sealStatus(root, leaf);
    expect(revocation).toMatchObject({ leafRevocationReason: 1, rootRevokedAt: 0 });
    expect(revocation.leafRevokedAt).toBeGreaterThan(0);
    expect(await eventsOf(tx.txHash)).toEqual([
      { name: "LeafRevoked", args: [toHex(root), toHex(leaf), chain.revoker.address, 1n] },
    ]);
    expect(await revertName(chain.as.revoker.revokeLeaf(root, leaf, 2))).toBe("SealRegistryAlreadyRevoked");
  });

  test("rejects reason 0, unknown roots and callers without the revoker role", async () => {
    const root = hash();
    expect(await revertName(chain.as.revoker.revokeRoot(root, 1))).toBe("SealRegistryRootNotAnchored");
    await chain.as.issuer.anchorRoots([root]);
    expect(await revertName(chain.as.revoker.revokeRoot(root, 0))).toBe("SealRegistryInvalidReason");
    expect(await revertName(chain.as.revoker.revokeLeaf(root, hash(), 0))).toBe("SealRegistryInvalidReason");
    expect(await revertName(chain.as.issuer.revokeRoot(root, 1))).toBe("AccessControlUnauthorizedAccount");
    expect(await revertName(chain.as.stranger.revokeLeaf(root, hash(), 1))).toBe(
      "AccessControlUnauthorizedAccount",
    );
  });
});

describe("SealRegistry issuer authorisation", () => {
  test("a retired or revoked issuer's earlier roots stay authorised (version 3), and it cannot anchor again", async () => {
    const [retiring, revoked] = await Promise.all([chain.provider.getSigner(5), chain.provider.getSigner(6)]);
    await chain.as.admin.grantRole(ROLES.issuer, retiring.address);
    await chain.as.admin.grantRole(ROLES.issuer, revoked.address);
    const asRetiring = new RegistryClient(chain.address, chain.artifact, retiring);
    const asRevoked = new RegistryClient(chain.address, chain.artifact, revoked);
    const r1 = hash();
    const r2 = hash();
    await asRetiring.anchorRoots([r1]);
    await asRevoked.anchorRoots([r2]);

    const tx = await chain.as.admin.retireIssuer(retiring.address);
    expect((await eventsOf(tx.txHash)).map((e) => e.name)).toEqual(["RoleRevoked", "IssuerRetired"]);
    const revocation = await chain.as.admin.revokeRole(ROLES.issuer, revoked.address);
    expect((await eventsOf(revocation.txHash)).map((e) => e.name)).toEqual(["RoleRevoked", "IssuerRetired"]);

    expect((await chain.as.stranger.sealStatus(r1, hash())).issuerAuthorised).toBe(true);
    expect((await chain.as.stranger.sealStatus(r2, hash())).issuerAuthorised).toBe(true);
    expect(await chain.as.stranger.authorisedBefore(revoked.address)).toBe(revocation.timestamp + 1);
    expect(await revertName(asRetiring.anchorRoots([hash()]))).toBe("AccessControlUnauthorizedAccount");
    expect(await revertName(chain.as.admin.retireIssuer(retiring.address))).toBe("SealRegistryNotAnIssuer");
    expect(await revertName(chain.as.issuer.retireIssuer(chain.issuer.address))).toBe(
      "AccessControlUnauthorizedAccount",
    );
  });

  test("an unknown root reads as not anchored and not authorised", async () => {
    expect(await chain.as.stranger.sealStatus(hash(), hash())).toMatchObject({
      issuer: null,
      anchoredAt: 0,
      issuerAuthorised: false,
    });
  });
});

describe("SealRegistry.verify agrees with the TypeScript Merkle tree", () => {
  test.each([1, 2, 3, 5, 8, 13, 33])("every proof of a %i-seal batch is accepted on chain", async (n) => {
    const bodies = Array.from({ length: n }, (_, i) => Uint8Array.of(n, i, 7, 7));
    const tree = buildTree(bodies.map((b) => leafHash(b)));
    for (let i = 0; i < n; i++) {
      const body = bodies[i] as Uint8Array;
      expect(await chain.as.stranger.verify(tree.root, sealDigest(body), getProof(tree, i))).toBe(true);
    }
  });

  test("an inner node presented as a seal digest is rejected, because the contract hashes the leaf itself", async () => {
    const tree = buildTree(Array.from({ length: 4 }, (_, i) => leafHash(Uint8Array.of(i))));
    const inner = tree.levels[1]?.[0] as Uint8Array;
    const sibling = tree.levels[1]?.[1] as Uint8Array;
    expect(await chain.as.stranger.verify(tree.root, inner, [sibling])).toBe(false);
  });

  test("a proof for another seal is rejected", async () => {
    const bodies = [Uint8Array.of(1), Uint8Array.of(2)];
    const tree = buildTree(bodies.map((b) => leafHash(b)));
    expect(await chain.as.stranger.verify(tree.root, sealDigest(Uint8Array.of(3)), getProof(tree, 0))).toBe(
      false,
    );
  });
});

describe("SealRegistry gas", () => {
  test("anchoring one root and revoking each cost at most 50,000 gas", async () => {
    const roots = Array.from({ length: 16 }, () => hash());
    const anchorOne = await chain.as.issuer.anchorRoots([hash()]);
    const anchorMany = await chain.as.issuer.anchorRoots(roots);
    const root = hash();
    await chain.as.issuer.anchorRoots([root]);
    const revokeRoot = await chain.as.revoker.revokeRoot(root, 1);
    const revokeLeaf = await chain.as.revoker.revokeLeaf(roots[0] as Uint8Array, hash(), 1);
    const rows = [
      ["anchor (1 root)", anchorOne.gasUsed],
      ["anchorRoots (16 roots)", anchorMany.gasUsed],
      ["anchorRoots, per root", anchorMany.gasUsed / 16n],
      ["revokeRoot", revokeRoot.gasUsed],
      ["revokeLeaf", revokeLeaf.gasUsed],
    ] as const;
    process.stdout.write(
      `\nSealRegistry gas (optimizer 10,000 runs, evm prague)\n${rows.map(([k, v]) => `  ${k.padEnd(24)} ${v.toString().padStart(8)}`).join("\n")}\n`,
    );
    expect(anchorOne.gasUsed).toBeLessThanOrEqual(50_000n);
    expect(revokeRoot.gasUsed).toBeLessThanOrEqual(50_000n);
    expect(revokeLeaf.gasUsed).toBeLessThanOrEqual(50_000n);
  });
});

describe("SealRegistry documented revocation reasons only (version 2 on, issue 11)", () => {
  test("reports version 3", async () => {
    expect(await chain.as.stranger.version()).toBe(3);
  });

  test("accepts each documented reason, 1 to 5, for a root and for a leaf", async () => {
    for (const reason of Object.values(REVOCATION_REASONS)) {
      const root = hash();
      await chain.as.issuer.anchorRoots([root]);
      await chain.as.revoker.revokeLeaf(root, hash(), reason);
      await chain.as.revoker.revokeRoot(root, reason);
      expect((await chain.as.stranger.rootInfo(root)).reason).toBe(reason);
    }
  });

  test.each([6, 7, 200, 255])("refuses reason %i with SealRegistryUnknownReason", async (reason) => {
    const root = hash();
    await chain.as.issuer.anchorRoots([root]);
    expect(await revertName(chain.as.revoker.revokeRoot(root, reason))).toBe("SealRegistryUnknownReason");
    expect(await revertName(chain.as.revoker.revokeLeaf(root, hash(), reason))).toBe(
      "SealRegistryUnknownReason",
    );
    expect((await chain.as.stranger.rootInfo(root)).revokedAt).toBe(0);
  });

  test("the documented reasons are the contract's: the highest code is 5", () => {
    expect(Math.max(...Object.values(REVOCATION_REASONS))).toBe(5);
    expect(Object.values(REVOCATION_REASONS)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("a version 1 registry stays verifiable", () => {
  let v1: { admin: RegistryClient; issuer: RegistryClient; revoker: RegistryClient; address: string };
  beforeAll(async () => {
    expect(keccak256(REGISTRY_V1_BYTECODE)).toBe(REGISTRY_V1_BYTECODE_KECCAK);
    v1 = await deployLegacy(REGISTRY_V1_BYTECODE);
  });

  test("it has no version(): the adapter reads version 1", async () => {
    expect(await v1.admin.version()).toBe(1);
  });

  test("a leaf it revoked with an undocumented reason reads as revoked, the reason named by its number in words", async () => {
    const body = {
      ...PERSON_SEAL.body,
      registry: { chainId: 31337, address: addressBytes(v1.address) },
      salt: new Uint8Array(16).fill(0x5a),
    };
    const bodyBytes = encodeSealBody(body);
    const leaf = leafHash(bodyBytes);
    // A batch of one: the root is the leaf.
    await v1.issuer.anchorRoots([leaf]);
    await v1.revoker.revokeLeaf(leaf, leaf, 200);
    expect(await v1.admin.revokedLeaves(leaf)).toEqual([
      { leaf, revokedAt: expect.any(Number) as number, reason: 200 },
    ]);
    const verifier = new Verifier({
      trustList: [
        {
          chainId: 31337,
          address: v1.address,
          name: "Version 1 registry",
          verifyUrl: "https://verify.example.ch",
          reader: {
            sealStatus: (root, l) => v1.admin.sealStatus(root, l),
            revokedLeaves: (root) => v1.admin.revokedLeaves(root),
            anchorEvent: (root) => v1.admin.anchorEvent(root),
          },
        },
      ],
      now: () => (body.issuedAt + 86_400) * 1000,
      maxAgeDays: 90,
      minConfirmations: 1,
      documents: {} as DocumentReader,
    });
    const qr = sealToQrText(encodeSealWithBody(bodyBytes, leaf, []), "https://verify.example.ch");
    for (const lang of ["en", "de"] as const) {
      const report = await verifier.verifyText(qr, { lang });
      expect(report.verdict).toBe("revoked");
      expect(report.revocation).toMatchObject({ scope: "extract", reason: "code-200" });
      const check = report.checks.find((c) => c.code === "LEAF_NOT_REVOKED");
      expect(check).toMatchObject({ status: "invalid", reason: "CODE_200" });
      expect(check?.message).toContain(
        lang === "en" ? "a reason this verifier does not know, code 200" : "Code 200",
      );
    }
  });
});

describe("a version 2 registry stays verifiable", () => {
  test("it reads as version 2, and keeps its rule: a plain revocation withdraws every root, a retirement none", async () => {
    expect(keccak256(REGISTRY_V2_BYTECODE)).toBe(REGISTRY_V2_BYTECODE_KECCAK);
    const v2 = await deployLegacy(REGISTRY_V2_BYTECODE);
    expect(await v2.admin.version()).toBe(2);
    const [retiring, compromised] = await Promise.all([
      chain.provider.getSigner(7),
      chain.provider.getSigner(8),
    ]);
    for (const a of [retiring, compromised]) await v2.admin.grantRole(ROLES.issuer, a.address);
    const artifact = {
      abi: [...new Interface(chain.artifact.abi).fragments],
      bytecode: REGISTRY_V2_BYTECODE,
    };
    const r1 = hash();
    const r2 = hash();
    await new RegistryClient(v2.address, artifact, retiring).anchorRoots([r1]);
    await new RegistryClient(v2.address, artifact, compromised).anchorRoots([r2]);
    await v2.admin.retireIssuer(retiring.address);
    await v2.admin.revokeRole(ROLES.issuer, compromised.address);
    expect((await v2.admin.sealStatus(r1, hash())).issuerAuthorised).toBe(true);
    expect((await v2.admin.sealStatus(r2, hash())).issuerAuthorised).toBe(false);
  });
});
