/**
 * Governance of a registry of version 3: its deployment with a timelock as the withdrawer, the
 * roles as the chain's events tell them, and withdrawals of an issuer from a point in time on,
 * scheduled and executed through the timelock (OpenZeppelin's TimelockController). What
 * `sceau deploy` and `sceau roles` do; docs/networks.md tells when to use which.
 * @module
 */
import {
  Contract,
  ContractFactory,
  Interface,
  ZeroHash,
  getAddress,
  type ContractRunner,
  type Provider,
  type Signer,
} from "ethers";
import { SceauError } from "../core/errors.ts";
import type { RegistryArtifact } from "./artifact.ts";
import { toChainError } from "./errors.ts";
import { ROLES, RegistryClient, deployRegistry, type TxResult } from "./registry.ts";

/** Names of the registry's roles as `sceau roles` spells them. */
type RoleName = "admin" | "issuer" | "revoker" | "withdrawer";

const ROLE_NAMES: Record<string, RoleName> = {
  [ROLES.admin]: "admin",
  [ROLES.issuer]: "issuer",
  [ROLES.revoker]: "revoker",
  [ROLES.withdrawer]: "withdrawer",
};

export interface DeployOptions {
  readonly registry: RegistryArtifact;
  readonly timelock: RegistryArtifact;
  /** Deploys both contracts, becomes the registry's admin and the timelock's proposer and executor. */
  readonly admin: Signer;
  readonly issuers: readonly string[];
  readonly revokers: readonly string[];
  /** Seconds a change of the registry's admin waits. */
  readonly adminDelay: number;
  /** Seconds between scheduling and executing a withdrawal in the timelock. */
  readonly withdrawalDelay: number;
  /** Blocks on top of the last transaction's (itself included) before the deployment counts as final. */
  readonly confirmations: number;
  /** Milliseconds between polls while waiting for confirmations. */
  readonly pollMs?: number;
}

export interface Deployment {
  readonly chainId: number;
  readonly registry: string;
  readonly timelock: string;
  readonly admin: string;
  readonly deploymentBlock: number;
  readonly deploymentTx: string;
  readonly issuers: readonly string[];
  readonly revokers: readonly string[];
  readonly adminDelay: number;
  readonly withdrawalDelay: number;
  /** The block the last transaction (a role grant) landed in, confirmed `confirmations` times. */
  readonly finalBlock: number;
}

/**
 * Deploys the timelock, then the registry naming it as the withdrawer, grants the roles, and
 * waits until the last transaction has `confirmations` blocks.
 * @throws {SceauError} `CHAIN_UNAVAILABLE`, `CHAIN_REVERTED`
 */
export async function deployGoverned(options: DeployOptions): Promise<Deployment> {
  const { admin } = options;
  const provider = providerOf(admin);
  const adminAddress = getAddress(await admin.getAddress());
  const chainId = Number((await provider.getNetwork()).chainId);
  const timelockIface = new Interface(options.timelock.abi);
  let timelock: string;
  try {
    const factory = new ContractFactory(timelockIface, options.timelock.bytecode, admin);
    const contract = await factory.deploy(options.withdrawalDelay, [adminAddress], [adminAddress]);
    await contract.waitForDeployment();
    timelock = getAddress(await contract.getAddress());
  } catch (e) {
    throw toChainError(e, timelockIface, "Deploying the timelock");
  }
  const deployed = await deployRegistry(options.registry, admin, adminAddress, {
    withdrawer: timelock,
    adminDelay: options.adminDelay,
  });
  const client = new RegistryClient(deployed.address, options.registry, admin);
  let last: TxResult = deployed;
  for (const account of options.issuers) last = await client.grantRole(ROLES.issuer, account);
  for (const account of options.revokers) last = await client.grantRole(ROLES.revoker, account);
  await waitForConfirmations(provider, last.blockNumber, options.confirmations, options.pollMs ?? 500);
  return {
    chainId,
    registry: deployed.address,
    timelock,
    admin: adminAddress,
    deploymentBlock: deployed.blockNumber,
    deploymentTx: deployed.txHash,
    issuers: options.issuers.map((a) => getAddress(a)),
    revokers: options.revokers.map((a) => getAddress(a)),
    adminDelay: options.adminDelay,
    withdrawalDelay: options.withdrawalDelay,
    finalBlock: last.blockNumber,
  };
}

/** Resolves once the chain's head is `confirmations - 1` blocks past `blockNumber`. */
async function waitForConfirmations(
  provider: Provider,
  blockNumber: number,
  confirmations: number,
  pollMs: number,
): Promise<void> {
  for (;;) {
    let head: number;
    try {
      head = await provider.getBlockNumber();
    } catch (e) {
      throw new SceauError("CHAIN_UNAVAILABLE", "Waiting for confirmations: the node did not answer.", {
        cause: e,
      });
    }
    if (head - blockNumber + 1 >= confirmations) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** One account holding one role, and for an issuer when its authorisation ends. */
interface RoleHolder {
  readonly role: RoleName;
  readonly account: string;
  /** Issuers that lost the role: roots anchored at or after this Unix time are not authorised. */
  readonly authorisedBefore?: number;
  /** False for an issuer that lost the role (listed for its history). */
  readonly active: boolean;
}

export interface RoleListing {
  readonly registry: string;
  readonly version: number;
  readonly admin: string | null;
  /** A handover of the admin role waiting for its delay, if any. */
  readonly pendingAdmin: { readonly account: string; readonly acceptableAt: number } | null;
  readonly adminDelay: number | null;
  readonly holders: readonly RoleHolder[];
}

/**
 * Every account that holds or held a role, from the `RoleGranted` and `RoleRevoked` events
 * since `fromBlock` (the deployment block), checked against the registry's state now.
 */
export async function listRoles(client: RegistryClient, fromBlock: number): Promise<RoleListing> {
  const provider = providerOf(client.runner);
  const contract = new Contract(client.address, client.iface, provider);
  let logs;
  try {
    logs = await contract.queryFilter(contract.getEvent("RoleGranted"), fromBlock, "latest");
  } catch (e) {
    throw toChainError(e, client.iface, "Reading the RoleGranted events");
  }
  const seen = new Map<string, { role: RoleName; account: string }>();
  for (const log of logs) {
    const [role, account] = [log.topics[1], log.topics[2]];
    const name = role ? ROLE_NAMES[role] : undefined;
    if (!name || !account) continue;
    const address = getAddress(`0x${account.slice(26)}`);
    seen.set(`${name} ${address}`, { role: name, account: address });
  }
  const version = await client.version();
  const holders: RoleHolder[] = [];
  for (const { role, account } of seen.values()) {
    const active = await client.hasRole(ROLES[role], account);
    if (role === "issuer" && version >= 3) {
      const end = await client.authorisedBefore(account);
      holders.push({ role, account, active, ...(end === 0 ? {} : { authorisedBefore: end }) });
    } else if (active || role === "issuer") {
      holders.push({ role, account, active });
    }
  }
  let admin: string | null;
  let pendingAdmin: RoleListing["pendingAdmin"] = null;
  let adminDelay: number | null = null;
  if (version >= 3) {
    const read = async (name: string): Promise<unknown> => {
      try {
        return (await contract.getFunction(name).staticCall()) as unknown;
      } catch (e) {
        throw toChainError(e, client.iface, `Reading ${name}`);
      }
    };
    admin = getAddress(String(await read("defaultAdmin")));
    const [next, schedule] = (await read("pendingDefaultAdmin")) as [string, bigint];
    if (schedule !== 0n) pendingAdmin = { account: getAddress(next), acceptableAt: Number(schedule) };
    adminDelay = Number(await read("defaultAdminDelay"));
  } else {
    admin = holders.find((h) => h.role === "admin" && h.active)?.account ?? null;
  }
  return { registry: client.address, version, admin, pendingAdmin, adminDelay, holders };
}

/** A withdrawal as the timelock knows it. */
export interface WithdrawalOperation {
  /** The timelock's operation id. */
  readonly id: string;
  readonly account: string;
  /** Unix seconds: roots anchored at or after it are withdrawn. */
  readonly from: number;
  /** Unix seconds at which it can be executed (0 when not scheduled, 1 when done). */
  readonly readyAt: number;
}

/**
 * The timelock's side of a withdrawal: scheduling it (public from then on, cancellable), and
 * executing it once its delay has passed. The salt is zero: the call data (account and time)
 * already tells operations apart, so `execute` finds the scheduled one again from the same
 * arguments.
 */
export class Withdrawals {
  private readonly timelock: Contract;
  private readonly registryIface: Interface;
  private readonly registry: string;

  constructor(
    timelockAddress: string,
    timelockArtifact: RegistryArtifact,
    registry: RegistryClient,
    runner: ContractRunner,
  ) {
    this.timelock = new Contract(getAddress(timelockAddress), new Interface(timelockArtifact.abi), runner);
    this.registryIface = registry.iface;
    this.registry = registry.address;
  }

  private data(account: string, from: number): string {
    return this.registryIface.encodeFunctionData("withdrawIssuer", [getAddress(account), from]);
  }

  async operation(account: string, from: number): Promise<WithdrawalOperation> {
    const data = this.data(account, from);
    const id = String(
      await this.call("hashOperation", [this.registry, 0, data, ZeroHash, ZeroHash], "Hashing the operation"),
    );
    const readyAt = Number(await this.call("getTimestamp", [id], "Reading the operation"));
    return { id, account: getAddress(account), from, readyAt };
  }

  async schedule(account: string, from: number): Promise<WithdrawalOperation & { txHash: string }> {
    const delay = (await this.call("getMinDelay", [], "Reading the delay")) as bigint;
    const txHash = await this.send(
      "schedule",
      [this.registry, 0, this.data(account, from), ZeroHash, ZeroHash, delay],
      "Scheduling the withdrawal",
    );
    return { ...(await this.operation(account, from)), txHash };
  }

  async execute(account: string, from: number): Promise<{ txHash: string }> {
    const txHash = await this.send(
      "execute",
      [this.registry, 0, this.data(account, from), ZeroHash, ZeroHash],
      "Executing the withdrawal",
    );
    return { txHash };
  }

  async cancel(account: string, from: number): Promise<{ txHash: string }> {
    const { id } = await this.operation(account, from);
    return { txHash: await this.send("cancel", [id], "Cancelling the withdrawal") };
  }

  private async call(name: string, args: unknown[], action: string): Promise<unknown> {
    try {
      return (await this.timelock.getFunction(name).staticCall(...args)) as unknown;
    } catch (e) {
      throw toChainError(e, this.timelock.interface, action);
    }
  }

  private async send(name: string, args: unknown[], action: string): Promise<string> {
    try {
      const tx = await this.timelock.getFunction(name).send(...args);
      const receipt = await tx.wait();
      if (!receipt) throw new SceauError("CHAIN_UNAVAILABLE", `${action}: the transaction has no receipt.`);
      return receipt.hash;
    } catch (e) {
      throw toChainError(e, mergedInterface(this.timelock.interface, this.registryIface), action);
    }
  }
}

/** Both contracts' errors: an executed call reverts with the registry's. */
function mergedInterface(a: Interface, b: Interface): Interface {
  const errors = new Map<string, string>();
  for (const f of [...a.fragments, ...b.fragments])
    if (f.type === "error") errors.set(f.format(), f.format("full"));
  return new Interface([...errors.values()]);
}

function providerOf(runner: ContractRunner): Provider {
  const provider = runner.provider ?? (runner as Provider);
  return provider;
}
