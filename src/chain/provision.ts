/**
 * Chain administration at start-up: the registry exists (on a fresh development chain it is
 * deployed again and the journal replayed) and the issuing accounts hold their roles.
 * @module
 */
import { Wallet, type JsonRpcProvider } from "ethers";
import type { ChainReceipt } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { RegistryArtifact } from "./artifact.ts";
import { devChainClient, replayOnFreshChain, type ReplayStep } from "./dev/replay.ts";
import { ROLES, RegistryClient } from "./registry.ts";

/** The registry the service issues on, and the accounts that administer and use it. */
export interface RegistrySetup {
  readonly provider: JsonRpcProvider;
  /** The compiled registry, loaded once by the caller. */
  readonly artifact: RegistryArtifact;
  readonly address: string;
  readonly chainId: number;
  readonly issuer: Wallet;
  readonly revoker: Wallet;
  /** The offices' own issuer keys, which need the issuer role too. */
  readonly officeIssuers?: readonly Wallet[];
  /** Grants missing roles and redeploys a lost development registry; null: no admin. */
  readonly adminKey: string | null;
  /** `auto`: a development chain that lost the registry gets it back with the journal replayed. */
  readonly replay: "auto" | "off";
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly log: Logger;
}

/** What the replay needs of the journal: its chain history, and a place to record the new facts. */
export interface ReplayJournal<T extends ReplayStep> {
  /** The anchors and revocations recorded on chain, in chain order. */
  events(): readonly T[];
  applyReplay(results: readonly { event: T; facts: ChainReceipt }[]): void;
}

/**
 * Makes sure the registry exists. When it is missing on a development chain (Hardhat or Anvil,
 * which keep nothing on disk) and `SCEAU_LOCAL_CHAIN_REPLAY` allows it, the development admin
 * deploys it again as its first transaction, which puts it at the configured address, and the
 * journal's anchors and revocations are replayed with their original times. Never on a chain
 * where the registry exists, nor on any other chain.
 * @throws {SceauError} `REGISTRY_MISSING` when the registry is missing and cannot be restored
 */
export async function ensureRegistry<T extends ReplayStep>(
  setup: RegistrySetup,
  journal: ReplayJournal<T>,
): Promise<void> {
  const { provider, artifact, address, log } = setup;
  const reader = new RegistryClient(address, artifact, provider);
  if (await reader.isDeployed()) return;
  const client = await devChainClient(provider);
  if (client === null || setup.replay === "off" || !setup.adminKey) {
    throw new SceauError("REGISTRY_MISSING", `No registry at ${address} on chain ${setup.chainId}.`);
  }
  const history = journal.events();
  log("warn", "LOCAL DEVELOPMENT CHAIN: the registry is missing; redeploying it and replaying the journal.", {
    chain: client,
    address,
    anchors: history.filter((h) => h.kind === "anchor").length,
    revocations: history.filter((h) => h.kind !== "anchor").length,
  });
  const result = await replayOnFreshChain({
    provider,
    artifact,
    admin: new Wallet(setup.adminKey, provider),
    issuer: setup.issuer,
    revoker: setup.revoker,
    registryAddress: address,
    steps: history,
    now: setup.now,
  });
  journal.applyReplay(result.results.map((r) => ({ event: r.step, facts: r.facts })));
  log("warn", "LOCAL DEVELOPMENT CHAIN: registry redeployed and journal replayed.", {
    address,
    replayed: result.results.length,
    shiftedTimestamps: result.shifted,
    ...(result.shifted > 0
      ? { note: "The chain started after the first original event: those events got later block times." }
      : {}),
  });
}

/**
 * Makes sure the issuer and revoker accounts hold their roles, granting them with the admin key.
 * @throws {SceauError} `CONFIG_INVALID` when a role is missing and no admin key is configured
 */
export async function ensureRoles(setup: RegistrySetup): Promise<void> {
  const { provider, artifact, address, log } = setup;
  const reader = new RegistryClient(address, artifact, provider);
  const wanted: [string, string, string][] = [
    ["issuer", ROLES.issuer, setup.issuer.address],
    ["revoker", ROLES.revoker, setup.revoker.address],
    ...(setup.officeIssuers ?? []).map((w): [string, string, string] => ["issuer", ROLES.issuer, w.address]),
  ];
  for (const [name, role, account] of wanted) {
    if (await reader.hasRole(role, account)) continue;
    if (!setup.adminKey) {
      throw new SceauError(
        "CONFIG_INVALID",
        `Account ${account} lacks the ${name} role and no admin key is configured.`,
      );
    }
    const admin = new RegistryClient(address, artifact, new Wallet(setup.adminKey, provider));
    await admin.grantRole(role, account);
    log("info", `Granted the ${name} role.`, { account });
  }
}
