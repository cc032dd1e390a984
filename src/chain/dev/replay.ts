/**
 * Replay of the issuer's journal on a fresh local development chain.
 *
 * A Hardhat (or Anvil) development chain keeps nothing on disk: after a restart the registry
 * and every root anchored on it are gone, and every extract issued so far would verify as
 * `invalid`. When (and only when) such a chain lacks the registry, the registry is deployed again
 * by the development admin as its first transaction, so it lands at the same address, and the
 * journal's anchors and revocations are sent again in their original order, each in a block
 * whose time is set to the original one with the node's development method
 * `evm_setNextBlockTimestamp`. The chain's clock is then moved to the present.
 *
 * A block time can only grow: when the chain's genesis lies after the first original time, the
 * events that cannot keep their time get the next second after the previous block, and the
 * result counts them (`shifted`). Starting the local chain with a genesis before the journal's
 * first event (see `startLocalNode`) avoids that.
 *
 * This is development behaviour only. It never runs against a chain where the registry exists,
 * nor against a chain that does not identify itself as a development chain.
 * @module
 */
import { getCreateAddress, type JsonRpcApiProvider, type Wallet } from "ethers";
import type { ChainReceipt } from "../../core/chain.ts";
import { SceauError } from "../../core/errors.ts";
import type { RegistryArtifact } from "../artifact.ts";
import { ROLES, RegistryClient, deployRegistry, type TxResult } from "../registry.ts";

export type ReplayStep =
  | { readonly kind: "anchor"; readonly roots: readonly Uint8Array[]; readonly timestamp: number }
  | {
      readonly kind: "revoke-root";
      readonly root: Uint8Array;
      readonly reason: number;
      readonly timestamp: number;
    }
  | {
      readonly kind: "revoke-leaf";
      readonly root: Uint8Array;
      readonly leaf: Uint8Array | null;
      readonly reason: number;
      readonly timestamp: number;
    };

export interface ReplayResult<T extends ReplayStep> {
  readonly registryAddress: string;
  readonly results: readonly { readonly step: T; readonly facts: ChainReceipt }[];
  /** Steps that could not keep their original time. */
  readonly shifted: number;
}

const DEV_CLIENT = /^(HardhatNetwork|anvil)\//i;

/** The node's client version when it is a Hardhat or Anvil development chain, else null. */
export async function devChainClient(provider: JsonRpcApiProvider): Promise<string | null> {
  let version: unknown;
  try {
    version = await provider.send("web3_clientVersion", []);
  } catch {
    return null;
  }
  return typeof version === "string" && DEV_CLIENT.test(version) ? version : null;
}

/**
 * Deploys the registry at `registryAddress` on a fresh development chain, grants the issuer and
 * revoker roles, and replays `steps` in order with their original block times.
 * @throws {SceauError} `REGISTRY_MISSING` when the chain is not a fresh development chain on which
 * the admin's first deployment lands at `registryAddress`
 */
export async function replayOnFreshChain<T extends ReplayStep>(options: {
  readonly provider: JsonRpcApiProvider;
  readonly artifact: RegistryArtifact;
  readonly admin: Wallet;
  readonly issuer: Wallet;
  readonly revoker: Wallet;
  readonly registryAddress: string;
  readonly steps: readonly T[];
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}): Promise<ReplayResult<T>> {
  const { provider, artifact, admin, registryAddress } = options;
  if ((await devChainClient(provider)) === null) {
    throw new SceauError(
      "REGISTRY_MISSING",
      `No registry at ${registryAddress}, and this is not a development chain.`,
    );
  }
  const nonce = await provider.getTransactionCount(admin.address);
  if (nonce !== 0 || getCreateAddress({ from: admin.address, nonce }) !== registryAddress) {
    throw new SceauError(
      "REGISTRY_MISSING",
      `No registry at ${registryAddress}, and the admin's next deployment would land elsewhere (nonce ${nonce}).`,
    );
  }
  const latest = await provider.getBlock("latest");
  if (!latest) throw new SceauError("CHAIN_UNAVAILABLE", "The chain has no latest block.");
  let previous = latest.timestamp;
  let shifted = 0;
  const nextBlockAt = async (wanted: number): Promise<number> => {
    const t = Math.max(wanted, previous + 1);
    await provider.send("evm_setNextBlockTimestamp", [t]);
    previous = t;
    return t;
  };

  // The deployment and the two role grants take the three seconds before the first event. With
  // nothing to replay, the chain's own clock is left alone.
  const first = options.steps[0]?.timestamp;
  const setupAt = async (offset: number): Promise<void> => {
    if (first !== undefined) await nextBlockAt(first - offset);
  };
  await setupAt(3);
  const deployed = await deployRegistry(artifact, admin, admin.address);
  if (deployed.address !== registryAddress) {
    throw new SceauError("INTERNAL", `The registry landed at ${deployed.address}, not ${registryAddress}.`);
  }
  const asAdmin = new RegistryClient(registryAddress, artifact, admin);
  await setupAt(2);
  await asAdmin.grantRole(ROLES.issuer, options.issuer.address);
  await setupAt(1);
  await asAdmin.grantRole(ROLES.revoker, options.revoker.address);

  const asIssuer = new RegistryClient(registryAddress, artifact, options.issuer);
  const asRevoker = new RegistryClient(registryAddress, artifact, options.revoker);
  const results: { step: T; facts: ChainReceipt }[] = [];
  for (const step of options.steps) {
    const t = await nextBlockAt(step.timestamp);
    if (t !== step.timestamp) shifted++;
    let tx: TxResult;
    if (step.kind === "anchor") tx = await asIssuer.anchorRoots(step.roots);
    else if (step.kind === "revoke-root") tx = await asRevoker.revokeRoot(step.root, step.reason);
    else {
      if (!step.leaf) throw new SceauError("INTERNAL", "A leaf revocation without its leaf.");
      tx = await asRevoker.revokeLeaf(step.root, step.leaf, step.reason);
    }
    results.push({
      step,
      facts: { txHash: tx.txHash, blockNumber: tx.blockNumber, timestamp: tx.timestamp },
    });
  }

  if (first !== undefined) {
    // Back to the present: later blocks follow the wall clock again.
    await nextBlockAt(Math.floor(options.now() / 1000));
    await provider.send("evm_mine", []);
  }
  return { registryAddress, results, shifted };
}
