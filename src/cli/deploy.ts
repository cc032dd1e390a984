/**
 * `sceau deploy`: deploys a registry of version 3 with its timelock on the chain at `--rpc-url`,
 * grants the issuer and revoker roles, waits for the confirmations and prints one JSON line: the
 * facts to configure the service with and the trust-list entry to publish (docs/networks.md).
 * @module
 */
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: sceau deploy --rpc-url URL --admin-keystore FILE --password-file FILE
                    --issuer ADDRESS [--issuer ADDRESS ...] --revoker ADDRESS
                    [--offices-file FILE] [--name NAME] [--verify-url URL] [--public-rpc-url URL]
                    [--admin-delay SECONDS] [--withdrawal-delay SECONDS] [--confirmations N]

Deploys the registry (version 3) and its timelock (the only account able to withdraw anchored
roots, after --withdrawal-delay, default 172800 = 2 days), administered by the keystore's account
(a handover of the admin waits --admin-delay, default 172800). Grants the issuer role to every
--issuer and to the issuer keystore of each office of --offices-file, and the revoker role to
--revoker; waits until the last transaction has --confirmations blocks (default 2), then prints
one JSON line: chainId, registry, deploymentBlock, timelock, ... and trustListEntry.

Exit status: 0 deployed, 1 failed, 2 usage error.`;

export const command = {
  summary: "deploy a registry with its timelock and roles; print the trust-list entry",
  run,
};

const seconds = (value: string | undefined, fallback: number): number | null => {
  if (value === undefined) return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
};

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      "rpc-url": { type: "string" },
      "admin-keystore": { type: "string" },
      "password-file": { type: "string" },
      issuer: { type: "string", multiple: true },
      revoker: { type: "string", multiple: true },
      "offices-file": { type: "string" },
      name: { type: "string" },
      "verify-url": { type: "string" },
      "public-rpc-url": { type: "string" },
      "admin-delay": { type: "string" },
      "withdrawal-delay": { type: "string" },
      confirmations: { type: "string" },
    },
    HELP,
  );
  if (typeof parsed === "number") return parsed;
  const v = parsed.values;
  const adminDelay = seconds(v["admin-delay"], 172_800);
  const withdrawalDelay = seconds(v["withdrawal-delay"], 172_800);
  const confirmations = seconds(v.confirmations, 2);
  const rpcUrl = v["rpc-url"];
  if (
    !rpcUrl ||
    !v["admin-keystore"] ||
    !v["password-file"] ||
    (!v.issuer?.length && !v["offices-file"]) ||
    !v.revoker?.length ||
    adminDelay === null ||
    withdrawalDelay === null ||
    confirmations === null ||
    confirmations < 1 ||
    parsed.positionals.length > 0
  ) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  const { deploy } = await import("../wiring/governance.ts");
  try {
    const result = await deploy({
      rpcUrl,
      adminKeystore: v["admin-keystore"],
      passwordFile: v["password-file"],
      issuers: v.issuer ?? [],
      revokers: v.revoker,
      adminDelay,
      withdrawalDelay,
      confirmations,
      ...(v["offices-file"] ? { officesFile: v["offices-file"] } : {}),
      name: v.name ?? "Sceau registry",
      verifyUrl: v["verify-url"] ?? "https://verify.example.ch",
      ...(v["public-rpc-url"] ? { publicRpcUrl: v["public-rpc-url"] } : {}),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`sceau deploy failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
