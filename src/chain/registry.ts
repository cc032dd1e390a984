/**
 * Adapter for the SealRegistry contract over ethers v6: deploy, anchor, revoke, read.
 * It knows nothing of Hardhat; any EVM JSON-RPC node (or an EIP-1193 provider) works.
 * @module
 */
import {
  Contract,
  ContractFactory,
  Interface,
  getAddress,
  id,
  isError,
  type ContractRunner,
  type Provider,
  type Signer,
  type TransactionReceipt,
} from "ethers";
import { fromHex, toHex } from "../core/bytes.ts";
import type { ChainLocation, ChainReceipt, ChainStatus, RevokedLeaf } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { RootInfo, SendHooks } from "../issuer/ports.ts";
import type { RegistryArtifact } from "./artifact.ts";
import { toChainError } from "./errors.ts";
import { DEFAULT_LOG_WINDOWS, allLogs, newestLog, type LogWindows } from "./logs.ts";

export const ROLES = {
  admin: `0x${"00".repeat(32)}`,
  issuer: id("ISSUER_ROLE"),
  revoker: id("REVOKER_ROLE"),
  /** Version 3: withdraws anchored roots from a point in time on; held by a timelock. */
  withdrawer: id("WITHDRAWER_ROLE"),
} as const;

/**
 * What the chain says about one root and one leaf, read in a single call: the core's
 * `ChainStatus` (the issuer as a checksummed address) and the time of the block read.
 */
export interface SealStatus extends ChainStatus {
  readonly blockTimestamp: number;
}

/** A mined transaction: its receipt, the gas it used and the registry events it emitted. */
export interface TxResult extends ChainReceipt {
  readonly gasUsed: bigint;
  /** Names of this registry's events in the receipt, in log order. */
  readonly events: readonly string[];
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export class RegistryClient {
  readonly address: string;
  readonly iface: Interface;
  private readonly contract: Contract;
  readonly runner: ContractRunner;
  /** Where and how wide event searches go (see `logs.ts`). */
  private readonly windows: LogWindows;

  constructor(
    address: string,
    artifact: RegistryArtifact,
    runner: ContractRunner,
    windows: LogWindows = DEFAULT_LOG_WINDOWS,
  ) {
    this.address = getAddress(address);
    this.windows = windows;
    this.iface = new Interface(artifact.abi);
    this.runner = runner;
    this.contract = new Contract(this.address, this.iface, runner);
  }

  private get provider(): Provider {
    const p = this.runner.provider ?? (this.runner as Provider);
    return p;
  }

  /** True when contract code exists at the registry's address. */
  async isDeployed(): Promise<boolean> {
    try {
      const code = await this.provider.getCode(this.address);
      return code !== "0x";
    } catch (e) {
      throw toChainError(e, this.iface, "Reading the registry's code");
    }
  }

  /** Everything about `root` and `leaf` in one call, at `blockNumber` (default: the latest block). */
  async sealStatus(root: Uint8Array, leaf: Uint8Array, blockNumber?: number): Promise<SealStatus> {
    const args: unknown[] = [toHex(root), toHex(leaf)];
    if (blockNumber !== undefined) args.push({ blockTag: blockNumber });
    const r = (await this.call("sealStatus", ...args)) as {
      issuer: string;
      anchoredAt: bigint;
      rootRevokedAt: bigint;
      rootRevocationReason: bigint;
      leafRevokedAt: bigint;
      leafRevocationReason: bigint;
      issuerAuthorised: boolean;
      blockNumber: bigint;
      blockTimestamp: bigint;
    };
    return {
      issuer: r.issuer === ZERO_ADDRESS ? null : r.issuer,
      anchoredAt: Number(r.anchoredAt),
      rootRevokedAt: Number(r.rootRevokedAt),
      rootRevocationReason: Number(r.rootRevocationReason),
      leafRevokedAt: Number(r.leafRevokedAt),
      leafRevocationReason: Number(r.leafRevocationReason),
      issuerAuthorised: r.issuerAuthorised,
      blockNumber: Number(r.blockNumber),
      blockTimestamp: Number(r.blockTimestamp),
    };
  }

  async rootInfo(root: Uint8Array): Promise<RootInfo> {
    const [issuer, anchoredAt, revokedAt, reason] = (await this.call("rootInfo", toHex(root))) as [
      string,
      bigint,
      bigint,
      bigint,
    ];
    return {
      issuer: issuer === ZERO_ADDRESS ? null : issuer,
      anchoredAt: Number(anchoredAt),
      revokedAt: Number(revokedAt),
      reason: Number(reason),
    };
  }

  /**
   * Revocation of a single leaf: block time (0 when not revoked) and reason code, at
   * `blockNumber` (default: the latest block).
   */
  async leafRevocation(
    leaf: Uint8Array,
    blockNumber?: number,
  ): Promise<{ revokedAt: number; reason: number }> {
    const args: unknown[] = [toHex(leaf)];
    if (blockNumber !== undefined) args.push({ blockTag: blockNumber });
    const [revokedAt, reason] = (await this.call("leafRevocation", ...args)) as [bigint, bigint];
    return { revokedAt: Number(revokedAt), reason: Number(reason) };
  }

  /**
   * The leaves revoked under `root`, as of `blockNumber` (default: the latest block): found by
   * the `LeafRevoked` events naming the root (an indexed topic), each then read back from the
   * registry's state at that block, which is what `sealStatus` answers. Lets a verifier learn a
   * root's revocations without naming the leaf it is interested in.
   */
  async revokedLeaves(root: Uint8Array, blockNumber?: number): Promise<RevokedLeaf[]> {
    let logs;
    try {
      const filter = this.contract.getEvent("LeafRevoked")(toHex(root));
      const to = blockNumber ?? (await this.provider.getBlockNumber());
      logs = await allLogs((from, upTo) => this.contract.queryFilter(filter, from, upTo), to, this.windows);
    } catch (e) {
      throw toChainError(e, this.iface, "Reading the LeafRevoked events");
    }
    const leaves = new Set<string>();
    for (const log of logs) {
      const leaf = log.topics[2];
      if (typeof leaf === "string") leaves.add(leaf.toLowerCase());
    }
    const read = await Promise.all(
      [...leaves].map(async (hex) => {
        const leaf = fromHex(hex, 32);
        return { leaf, ...(await this.leafRevocation(leaf, blockNumber)) };
      }),
    );
    return read.filter((r) => r.revokedAt !== 0);
  }

  /**
   * The first `RootAnchored`, `RootRevoked` or `LeafRevoked` event for `root` (and `leaf`),
   * with its block time; null when there is none.
   */
  async findEvent(
    name: "RootAnchored" | "RootRevoked" | "LeafRevoked",
    root: Uint8Array,
    leaf?: Uint8Array,
  ): Promise<ChainReceipt | null> {
    try {
      const filter =
        name === "LeafRevoked"
          ? this.contract.getEvent(name)(toHex(root), leaf ? toHex(leaf) : null)
          : this.contract.getEvent(name)(toHex(root));
      const log = await newestLog(
        (from, to) => this.contract.queryFilter(filter, from, to),
        await this.provider.getBlockNumber(),
        this.windows,
      );
      if (!log) return null;
      const block = await this.provider.getBlock(log.blockNumber);
      if (!block) return null;
      return { txHash: log.transactionHash, blockNumber: log.blockNumber, timestamp: block.timestamp };
    } catch (e) {
      throw toChainError(e, this.iface, `Reading the ${name} event`);
    }
  }

  /**
   * The registry's version: `version()`, or 1 for a registry of version 1, which has no such
   * function (the call reverts without data: the contract has no fallback).
   */
  async version(): Promise<number> {
    try {
      return Number(await this.contract.getFunction("version").staticCall());
    } catch (e) {
      if (isError(e, "CALL_EXCEPTION") && (e.data === null || e.data === "0x")) return 1;
      throw toChainError(e, this.iface, "Reading version");
    }
  }

  async verify(root: Uint8Array, sealDigest: Uint8Array, proof: readonly Uint8Array[]): Promise<boolean> {
    return (await this.call("verify", toHex(root), toHex(sealDigest), proof.map(toHex))) as boolean;
  }

  async hasRole(role: string, account: string): Promise<boolean> {
    return (await this.call("hasRole", role, account)) as boolean;
  }

  /** Block and transaction of a root's anchoring, from its `RootAnchored` event. */
  async anchorEvent(root: Uint8Array): Promise<ChainLocation | null> {
    try {
      const filter = this.contract.getEvent("RootAnchored")(toHex(root));
      const log = await newestLog(
        (from, to) => this.contract.queryFilter(filter, from, to),
        await this.provider.getBlockNumber(),
        this.windows,
      );
      return log ? { blockNumber: log.blockNumber, txHash: log.transactionHash } : null;
    } catch (e) {
      throw toChainError(e, this.iface, "Reading the anchoring event");
    }
  }

  anchorRoots(roots: readonly Uint8Array[], hooks: SendHooks = {}): Promise<TxResult> {
    if (roots.length === 1)
      return this.send("Anchoring a root", "anchor", [toHex(roots[0] as Uint8Array)], hooks);
    return this.send("Anchoring roots", "anchorRoots", [roots.map(toHex)], hooks);
  }

  revokeRoot(root: Uint8Array, reason: number, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Revoking a root", "revokeRoot", [toHex(root), reason], hooks);
  }

  revokeLeaf(root: Uint8Array, leaf: Uint8Array, reason: number, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Revoking a leaf", "revokeLeaf", [toHex(root), toHex(leaf), reason], hooks);
  }

  grantRole(role: string, account: string, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Granting a role", "grantRole", [role, account], hooks);
  }

  revokeRole(role: string, account: string, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Revoking a role", "revokeRole", [role, account], hooks);
  }

  retireIssuer(account: string, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Retiring an issuer", "retireIssuer", [account], hooks);
  }

  /** Version 3: withdraws the roots `account` anchored at or after `from` (Unix seconds). */
  withdrawIssuer(account: string, from: number, hooks: SendHooks = {}): Promise<TxResult> {
    return this.send("Withdrawing an issuer", "withdrawIssuer", [account, from], hooks);
  }

  /** Version 3: roots `account` anchored at or after this time are not authorised; 0: no end. */
  async authorisedBefore(account: string): Promise<number> {
    return Number(await this.call("authorisedBefore", account));
  }

  private async call(name: string, ...args: unknown[]): Promise<unknown> {
    try {
      const result: unknown = await this.contract.getFunction(name).staticCall(...args);
      return result;
    } catch (e) {
      throw toChainError(e, this.iface, `Reading ${name}`);
    }
  }

  private async send(action: string, name: string, args: unknown[], hooks: SendHooks): Promise<TxResult> {
    let receipt: TransactionReceipt | null;
    try {
      const tx = await this.contract.getFunction(name).send(...args);
      hooks.onSent?.(tx.hash);
      receipt = await tx.wait();
    } catch (e) {
      throw toChainError(e, this.iface, action);
    }
    if (!receipt) throw new SceauError("CHAIN_UNAVAILABLE", `${action}: the transaction has no receipt.`);
    const events: string[] = [];
    for (const log of receipt.logs) {
      if (getAddress(log.address) !== this.address) continue;
      const parsed = this.iface.parseLog(log);
      if (parsed) events.push(parsed.name);
    }
    let block;
    try {
      block = await receipt.getBlock();
    } catch (e) {
      throw toChainError(e, this.iface, action);
    }
    return {
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      timestamp: block.timestamp,
      gasUsed: receipt.gasUsed,
      events,
    };
  }
}

/** Who governs a new registry (version 3); see docs/networks.md. */
export interface RegistryGovernance {
  /** The only account that may withdraw anchored roots: a timelock (default: the admin). */
  readonly withdrawer?: string;
  /** Seconds a change of the admin waits (default 0, for development chains and tests). */
  readonly adminDelay?: number;
}

/**
 * Deploys a registry administered by `admin`. A registry of version 1 or 2 (an artifact whose
 * constructor takes the admin only, the frozen vectors) gets the admin alone.
 * @returns the registry's address and the deployment receipt facts
 */
export async function deployRegistry(
  artifact: RegistryArtifact,
  deployer: Signer,
  admin: string,
  governance: RegistryGovernance = {},
): Promise<TxResult & { address: string }> {
  const iface = new Interface(artifact.abi);
  const legacy = iface.deploy.inputs.length === 1;
  const args = legacy ? [admin] : [governance.adminDelay ?? 0, admin, governance.withdrawer ?? admin];
  try {
    const factory = new ContractFactory(iface, artifact.bytecode, deployer);
    const contract = await factory.deploy(...args);
    const tx = contract.deploymentTransaction();
    const receipt = tx ? await tx.wait() : null;
    if (!receipt) throw new SceauError("CHAIN_UNAVAILABLE", "The deployment has no receipt.");
    const block = await receipt.getBlock();
    return {
      address: getAddress(await contract.getAddress()),
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      timestamp: block.timestamp,
      gasUsed: receipt.gasUsed,
      events: [],
    };
  } catch (e) {
    throw toChainError(e, iface, "Deploying the registry");
  }
}

/** Bytes of a 20-byte address given as hex. */
export function addressBytes(address: string): Uint8Array {
  return fromHex(getAddress(address), 20);
}
