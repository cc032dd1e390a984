/**
 * What `sceau deploy` and `sceau roles` run: a connection to the chain named on the command
 * line (not the service's configuration: deployment comes before it), the admin key from its
 * keystore, and the registry's governance (src/chain/governance.ts).
 * @module
 */
import { resolve } from "node:path";
import { Wallet, getAddress, type JsonRpcProvider } from "ethers";
import { loadRegistryArtifact, loadTimelockArtifact } from "../chain/artifact.ts";
import { probeChainId } from "../chain/dev/local-node.ts";
import { Withdrawals, deployGoverned, listRoles, type RoleListing } from "../chain/governance.ts";
import { keystoreAddress, readKeystore, readPasswordFile } from "../chain/keystore.ts";
import { createProvider } from "../chain/provider.ts";
import { ROLES, RegistryClient } from "../chain/registry.ts";
import { readFileSync } from "node:fs";
import * as z from "zod";
import { SceauError } from "../core/errors.ts";
import type { TrustOffice } from "../core/trust.ts";

interface ChainAccess {
  readonly rpcUrl: string;
  /** Keystore of the admin key and its password file; without, read-only. */
  readonly adminKeystore?: string;
  readonly passwordFile?: string;
  readonly timeoutMs?: number;
}

interface Connection {
  readonly chainId: number;
  readonly provider: JsonRpcProvider;
  readonly admin: Wallet | null;
  close(): void;
}

async function connect(access: ChainAccess): Promise<Connection> {
  const chainId = await probeChainId(access.rpcUrl, access.timeoutMs ?? 5000);
  if (chainId === null) {
    throw new SceauError("CHAIN_UNAVAILABLE", `No chain answers at ${access.rpcUrl}.`);
  }
  const provider = createProvider(access.rpcUrl, chainId, { timeoutMs: access.timeoutMs ?? 30_000 });
  let admin: Wallet | null = null;
  if (access.adminKeystore) {
    if (!access.passwordFile)
      throw new SceauError("CONFIG_INVALID", "--admin-keystore needs --password-file.");
    const password = readPasswordFile(resolve(access.passwordFile), "--password-file");
    admin = new Wallet(readKeystore(resolve(access.adminKeystore), password, "--admin-keystore"), provider);
  }
  return {
    chainId,
    provider,
    admin,
    close: () => {
      provider.destroy();
    },
  };
}

function needAdmin(c: Connection): Wallet {
  if (!c.admin)
    throw new SceauError("CONFIG_INVALID", "This needs the admin key: --admin-keystore and --password-file.");
  return c.admin;
}

export interface DeployRequest extends ChainAccess {
  readonly issuers: readonly string[];
  readonly revokers: readonly string[];
  readonly adminDelay: number;
  readonly withdrawalDelay: number;
  readonly confirmations: number;
  /** The service's offices file: offices with their own `issuerKeystore` get the issuer role too. */
  readonly officesFile?: string;
  readonly name: string;
  readonly verifyUrl: string;
  /** The RPC URL verifiers should read the registry through (default: the deployment's). */
  readonly publicRpcUrl?: string;
}

/**
 * Deploys a governed registry (registry, timelock, roles) and answers the facts to keep and the
 * trust-list entry to publish.
 */
export async function deploy(request: DeployRequest): Promise<Record<string, unknown>> {
  const c = await connect(request);
  try {
    const officeAccounts = readOffices(request.officesFile).flatMap((o) =>
      o.issuerKeystore
        ? [{ office: o, account: keystoreAddress(resolve(o.issuerKeystore), `office ${o.id}`) }]
        : [],
    );
    const issuers = [
      ...new Set([...request.issuers, ...officeAccounts.map((a) => a.account)].map((a) => getAddress(a))),
    ];
    const d = await deployGoverned({
      registry: loadRegistryArtifact(),
      timelock: loadTimelockArtifact(),
      admin: needAdmin(c),
      issuers,
      revokers: request.revokers.map((a) => getAddress(a)),
      adminDelay: request.adminDelay,
      withdrawalDelay: request.withdrawalDelay,
      confirmations: request.confirmations,
    });
    // The trust list's schema (`core/trust.ts`, docs/verdict.md), as SCEAU_TRUST_LIST_FILE reads it.
    const offices: TrustOffice[] = officeAccounts.map(({ office, account }) => ({
      id: office.id,
      // The office's `names` when the offices file gives them, else its one name in all four.
      name: office.names ?? { fr: office.name, de: office.name, it: office.name, en: office.name },
      canton: office.canton,
      address: office.addressLines.join(", "),
      accounts: [account],
    }));
    return {
      chainId: d.chainId,
      registry: d.registry,
      deploymentBlock: d.deploymentBlock,
      deploymentTx: d.deploymentTx,
      version: 3,
      timelock: d.timelock,
      admin: d.admin,
      issuers: d.issuers,
      revokers: d.revokers,
      adminDelay: d.adminDelay,
      withdrawalDelay: d.withdrawalDelay,
      finalBlock: d.finalBlock,
      trustListEntry: {
        chainId: d.chainId,
        address: d.registry,
        name: request.name,
        rpcUrl: request.publicRpcUrl ?? request.rpcUrl,
        verifyUrl: request.verifyUrl.replace(/\/+$/, ""),
        ...(offices.length > 0 ? { offices } : {}),
      },
    };
  } finally {
    c.close();
  }
}

const officeSchema = z.object({
  id: z.string(),
  name: z.string(),
  names: z.object({ fr: z.string(), de: z.string(), it: z.string(), en: z.string() }).optional(),
  canton: z.string(),
  addressLines: z.array(z.string()),
  issuerKeystore: z.string().optional(),
});

/** The offices of the service's offices file (the fields a trust list needs). */
function readOffices(path: string | undefined): z.infer<typeof officeSchema>[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `--offices-file: cannot read JSON from ${path}.`, { cause });
  }
  const parsed = z.array(officeSchema).safeParse(raw);
  if (!parsed.success)
    throw new SceauError("CONFIG_INVALID", `--offices-file: ${path} is not an offices file.`);
  // Keystore paths are relative to the working directory, as the service reads them.
  return parsed.data;
}

export interface RolesRequest extends ChainAccess {
  readonly registry: string;
  /** Block to read role events from (the deployment block). */
  readonly fromBlock: number;
}

/** Every role holder and the admin's state. */
export async function rolesList(request: RolesRequest): Promise<RoleListing> {
  const c = await connect(request);
  try {
    return await listRoles(
      new RegistryClient(request.registry, loadRegistryArtifact(), c.provider),
      request.fromBlock,
    );
  } finally {
    c.close();
  }
}

export type RoleChange =
  | { readonly action: "grant"; readonly role: "issuer" | "revoker"; readonly account: string }
  | { readonly action: "revoke"; readonly role: "issuer" | "revoker"; readonly account: string }
  | { readonly action: "retire"; readonly account: string }
  | {
      readonly action: "withdraw";
      readonly account: string;
      /** Unix seconds: the account's roots anchored at or after it are withdrawn. */
      readonly from: number;
      /** `schedule` in the timelock, `execute` once its delay has passed, or `cancel`. */
      readonly step: "schedule" | "execute" | "cancel";
    };

/** One role change signed by the admin key; a withdrawal goes through the registry's timelock. */
export async function rolesChange(
  request: RolesRequest,
  change: RoleChange,
): Promise<Record<string, unknown>> {
  const c = await connect(request);
  try {
    const artifact = loadRegistryArtifact();
    const client = new RegistryClient(request.registry, artifact, needAdmin(c));
    const account = getAddress(change.account);
    if (change.action === "grant" || change.action === "revoke") {
      const role = ROLES[change.role];
      const tx =
        change.action === "grant"
          ? await client.grantRole(role, account)
          : await client.revokeRole(role, account);
      return {
        action: change.action,
        role: change.role,
        account,
        txHash: tx.txHash,
        blockNumber: tx.blockNumber,
      };
    }
    if (change.action === "retire") {
      const tx = await client.retireIssuer(account);
      return { action: "retire", account, txHash: tx.txHash, blockNumber: tx.blockNumber };
    }
    const listing = await listRoles(client, request.fromBlock);
    const timelock = listing.holders.find((h) => h.role === "withdrawer" && h.active)?.account;
    if (!timelock)
      throw new SceauError("CONFIG_INVALID", `No withdrawer (timelock) found for ${client.address}.`);
    const withdrawals = new Withdrawals(timelock, loadTimelockArtifact(), client, needAdmin(c));
    const result =
      change.step === "schedule"
        ? await withdrawals.schedule(account, change.from)
        : change.step === "execute"
          ? await withdrawals.execute(account, change.from)
          : await withdrawals.cancel(account, change.from);
    const operation = await withdrawals.operation(account, change.from);
    return {
      action: "withdraw",
      step: change.step,
      timelock,
      ...operation,
      ...result,
    };
  } finally {
    c.close();
  }
}
