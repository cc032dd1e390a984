/**
 * Governance of the registry, version 3: the admin's handover waits for its delay, only the
 * timelock withdraws anchored roots (and only after its own delay, cancellable), a withdrawal
 * from time T keeps earlier roots and drops later ones, and no issuer can void its own history.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Contract, Interface, keccak256, type JsonRpcSigner, type Log } from "ethers";
import { loadTimelockArtifact, type RegistryArtifact } from "../../src/chain/artifact.ts";
import { toChainError } from "../../src/chain/errors.ts";
import { Withdrawals, deployGoverned, listRoles } from "../../src/chain/governance.ts";
import { ROLES, RegistryClient } from "../../src/chain/registry.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { createTestChain, type TestChain } from "../helpers/chain.ts";
import {
  REGISTRY_V3_BYTECODE,
  REGISTRY_V3_BYTECODE_KECCAK,
  REGISTRY_V3_EVENT_TOPICS,
} from "../vectors/registry-v3.ts";
import { revertName } from "../helpers/errors.ts";

const HOUR = 3600;
let chain: TestChain;
let timelockArtifact: RegistryArtifact;
let counter = 1000;
const hash = (): Uint8Array => leafHash(Uint8Array.of(++counter, counter >> 8, 7));

beforeAll(async () => {
  chain = await createTestChain();
  timelockArtifact = loadTimelockArtifact();
});
afterAll(async () => {
  await chain.close();
});

const signer = (i: number): Promise<JsonRpcSigner> => chain.provider.getSigner(i);
const later = async (seconds: number): Promise<void> => {
  await chain.provider.send("evm_increaseTime", [seconds]);
  await chain.provider.send("evm_mine", []);
};

/** A governed registry: admin #0 with a one-hour admin delay, a timelock of one day as withdrawer. */
async function governed(issuers: readonly string[]): Promise<{
  address: string;
  timelock: string;
  asAdmin: RegistryClient;
  withdrawals: Withdrawals;
  deploymentBlock: number;
}> {
  const d = await deployGoverned({
    registry: chain.artifact,
    timelock: timelockArtifact,
    admin: chain.admin,
    issuers,
    revokers: [chain.revoker.address],
    adminDelay: HOUR,
    withdrawalDelay: 24 * HOUR,
    confirmations: 1,
  });
  const asAdmin = new RegistryClient(d.registry, chain.artifact, chain.admin);
  return {
    address: d.registry,
    timelock: d.timelock,
    asAdmin,
    withdrawals: new Withdrawals(d.timelock, timelockArtifact, asAdmin, chain.admin),
    deploymentBlock: d.deploymentBlock,
  };
}

/** A raw call on the registry, its revert named as the adapter names it. */
async function raw(address: string, from: JsonRpcSigner, name: string, ...args: unknown[]): Promise<void> {
  const iface = new Interface(chain.artifact.abi);
  try {
    await (await new Contract(address, iface, from).getFunction(name).send(...args)).wait();
  } catch (e) {
    throw toChainError(e, iface, name);
  }
}

async function eventNames(txHash: string, abi: RegistryArtifact["abi"]): Promise<string[]> {
  const iface = new Interface(abi);
  const receipt = await chain.provider.getTransactionReceipt(txHash);
  return (receipt?.logs ?? []).flatMap((log: Log) => {
    const parsed = iface.parseLog(log);
    return parsed ? [parsed.name] : [];
  });
}

describe("the admin role goes through a delay (AccessControlDefaultAdminRules)", () => {
  test("a handover is accepted only after the admin delay, by the new admin", async () => {
    const g = await governed([]);
    const next = await signer(9);
    await raw(g.address, chain.admin, "beginDefaultAdminTransfer", next.address);
    expect(await revertName(raw(g.address, next, "acceptDefaultAdminTransfer"))).toBe(
      "AccessControlEnforcedDefaultAdminDelay",
    );
    await later(HOUR + 1);
    await raw(g.address, next, "acceptDefaultAdminTransfer");
    expect((await listRoles(g.asAdmin, g.deploymentBlock)).admin).toBe(next.address);
  });

  test("the admin role cannot be granted or revoked at once", async () => {
    const g = await governed([]);
    const other = await signer(9);
    expect(await revertName(g.asAdmin.grantRole(ROLES.admin, other.address))).toBe(
      "AccessControlEnforcedDefaultAdminRules",
    );
    expect(await revertName(g.asAdmin.revokeRole(ROLES.admin, chain.admin.address))).toBe(
      "AccessControlEnforcedDefaultAdminRules",
    );
  });
});

describe("withdrawing an issuer from a point in time (key compromise at time T)", () => {
  test("only the timelock withdraws: the admin can neither withdraw nor grant itself the withdrawer role", async () => {
    const g = await governed([chain.issuer.address]);
    expect(await revertName(g.asAdmin.withdrawIssuer(chain.issuer.address, 1))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    expect(await revertName(g.asAdmin.grantRole(ROLES.withdrawer, chain.admin.address))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    const listing = await listRoles(g.asAdmin, g.deploymentBlock);
    expect(listing.holders).toContainEqual({ role: "withdrawer", account: g.timelock, active: true });
  });

  test("scheduled, it waits for the timelock's delay; executed, roots before T stay authorised and later ones are not", async () => {
    const g = await governed([chain.issuer.address]);
    const asIssuer = new RegistryClient(g.address, chain.artifact, chain.issuer);
    const before = hash();
    await asIssuer.anchorRoots([before]);
    await later(60);
    const after = hash();
    const stolen = await asIssuer.anchorRoots([after]);
    const from = stolen.timestamp;

    const scheduled = await g.withdrawals.schedule(chain.issuer.address, from);
    expect(await eventNames(scheduled.txHash, timelockArtifact.abi)).toContain("CallScheduled");
    expect(await revertName(g.withdrawals.execute(chain.issuer.address, from))).toBe(
      "TimelockUnexpectedOperationState",
    );
    // Until it runs, nothing changed: the compromised account is still authorised.
    expect((await g.asAdmin.sealStatus(after, hash())).issuerAuthorised).toBe(true);

    await later(24 * HOUR + 1);
    const executed = await g.withdrawals.execute(chain.issuer.address, from);
    expect(await eventNames(executed.txHash, chain.artifact.abi)).toEqual([
      "RoleRevoked",
      "IssuerRetired",
      "IssuerWithdrawn",
    ]);
    expect((await g.asAdmin.sealStatus(before, hash())).issuerAuthorised).toBe(true);
    expect((await g.asAdmin.sealStatus(after, hash())).issuerAuthorised).toBe(false);
    expect(await g.asAdmin.authorisedBefore(chain.issuer.address)).toBe(from);
    expect(await revertName(asIssuer.anchorRoots([hash()]))).toBe("AccessControlUnauthorizedAccount");
  });

  test("a scheduled withdrawal can be cancelled during the delay, and then never runs", async () => {
    const g = await governed([chain.issuer.address]);
    const asIssuer = new RegistryClient(g.address, chain.artifact, chain.issuer);
    const tx = await asIssuer.anchorRoots([hash()]);
    await g.withdrawals.schedule(chain.issuer.address, tx.timestamp);
    await g.withdrawals.cancel(chain.issuer.address, tx.timestamp);
    await later(24 * HOUR + 1);
    expect(await revertName(g.withdrawals.execute(chain.issuer.address, tx.timestamp))).toBe(
      "TimelockUnexpectedOperationState",
    );
    expect(await g.asAdmin.hasRole(ROLES.issuer, chain.issuer.address)).toBe(true);
  });

  test("a withdrawal only moves the end earlier; future, zero and unknown accounts are refused", async () => {
    // The admin as withdrawer (the default of deployRegistry): the contract's rules alone.
    const { asAdmin, address } = { asAdmin: chain.as.admin, address: chain.address };
    const account = await signer(5);
    await asAdmin.grantRole(ROLES.issuer, account.address);
    const asAccount = new RegistryClient(address, chain.artifact, account);
    const early = await asAccount.anchorRoots([hash()]);
    await later(60);
    const late = await asAccount.anchorRoots([hash()]);
    await asAdmin.withdrawIssuer(account.address, early.timestamp + 1);
    await asAdmin.withdrawIssuer(account.address, late.timestamp);
    expect(await asAdmin.authorisedBefore(account.address)).toBe(early.timestamp + 1);

    const block = await chain.provider.getBlock("latest");
    const now = block?.timestamp ?? 0;
    expect(await revertName(asAdmin.withdrawIssuer(chain.issuer.address, now + 1000))).toBe(
      "SealRegistryWithdrawalInFuture",
    );
    expect(await revertName(asAdmin.withdrawIssuer(chain.issuer.address, 0))).toBe("SealRegistryZeroTime");
    const stranger = await signer(9);
    expect(await revertName(asAdmin.withdrawIssuer(stranger.address, 1))).toBe("SealRegistryNotAnIssuer");
  });
});

describe("no issuer can void its own history", () => {
  test("renouncing the issuer role keeps the account's roots authorised, and the role cannot be granted again", async () => {
    const account = await signer(6);
    await chain.as.admin.grantRole(ROLES.issuer, account.address);
    const asAccount = new RegistryClient(chain.address, chain.artifact, account);
    const root = hash();
    await asAccount.anchorRoots([root]);
    await raw(chain.address, account, "renounceRole", ROLES.issuer, account.address);
    expect((await chain.as.stranger.sealStatus(root, hash())).issuerAuthorised).toBe(true);
    expect(await revertName(chain.as.admin.grantRole(ROLES.issuer, account.address))).toBe(
      "SealRegistryIssuerEnded",
    );
  });
});

describe("version 3 is frozen", () => {
  test("the contracts compile to the frozen bytecode, and every event keeps its topic", async () => {
    expect(keccak256(REGISTRY_V3_BYTECODE)).toBe(REGISTRY_V3_BYTECODE_KECCAK);
    expect(chain.artifact.bytecode).toBe(REGISTRY_V3_BYTECODE);
    const topics: Record<string, string> = {};
    new Interface(chain.artifact.abi).forEachEvent((e) => {
      topics[e.format("sighash")] = e.topicHash;
    });
    expect(topics).toEqual(REGISTRY_V3_EVENT_TOPICS);
    expect(await chain.as.stranger.version()).toBe(3);
  });
});
