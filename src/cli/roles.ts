/**
 * `sceau roles`: lists the registry's role holders, grants and revokes the issuer and revoker
 * roles, retires an issuer, and withdraws one from a point in time on through the timelock
 * (schedule, then execute once the delay has passed, or cancel). One JSON line per command.
 * @module
 */
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: sceau roles list     --rpc-url URL --registry ADDRESS [--from-block N]
       sceau roles grant    --rpc-url URL --registry ADDRESS --role issuer|revoker --account ADDRESS <admin>
       sceau roles revoke   --rpc-url URL --registry ADDRESS --role issuer|revoker --account ADDRESS <admin>
       sceau roles retire   --rpc-url URL --registry ADDRESS --account ADDRESS <admin>
       sceau roles withdraw --rpc-url URL --registry ADDRESS --account ADDRESS --from TIME
                            [--execute | --cancel] [--from-block N] <admin>
  <admin> = --admin-keystore FILE --password-file FILE

list: every account that holds or held a role, the admin and a pending admin handover.
grant / revoke: the issuer or revoker role, at once (in version 3 revoking an issuer keeps the
roots it anchored so far authorised, as retire does; the account can never be an issuer again).
withdraw: schedules in the registry's timelock the withdrawal of every root the account anchored
at or after TIME (Unix seconds or an ISO 8601 time); --execute runs it once the timelock's delay
has passed, --cancel drops it. --from-block: the deployment block (where role events start).

Exit status: 0 done, 1 failed, 2 usage error.`;

export const command = {
  summary: "list, grant, retire and withdraw the registry's roles",
  run,
};

const ACTIONS = ["list", "grant", "revoke", "retire", "withdraw"] as const;

function parseTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      "rpc-url": { type: "string" },
      registry: { type: "string" },
      "admin-keystore": { type: "string" },
      "password-file": { type: "string" },
      role: { type: "string" },
      account: { type: "string" },
      from: { type: "string" },
      "from-block": { type: "string" },
      execute: { type: "boolean", default: false },
      cancel: { type: "boolean", default: false },
    },
    HELP,
  );
  if (typeof parsed === "number") return parsed;
  const v = parsed.values;
  const [action, ...rest] = parsed.positionals;
  const fromBlock = v["from-block"] === undefined ? 0 : Number(v["from-block"]);
  const rpcUrl = v["rpc-url"];
  const registry = v.registry;
  const known = ACTIONS.find((a) => a === action);
  if (
    !known ||
    rest.length > 0 ||
    !rpcUrl ||
    !registry ||
    !Number.isSafeInteger(fromBlock) ||
    fromBlock < 0
  ) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  const access = {
    rpcUrl,
    registry,
    fromBlock,
    ...(v["admin-keystore"] ? { adminKeystore: v["admin-keystore"] } : {}),
    ...(v["password-file"] ? { passwordFile: v["password-file"] } : {}),
  };
  const { rolesList, rolesChange } = await import("../wiring/governance.ts");
  const role = v.role === "issuer" || v.role === "revoker" ? v.role : null;
  const from = parseTime(v.from);
  const usage = (message: string): number => {
    process.stderr.write(`${message}\n\n${HELP}\n`);
    return 2;
  };
  try {
    let result: unknown;
    if (known === "list") result = await rolesList(access);
    else if (!v.account) return usage("--account is required.");
    else if (known === "grant" || known === "revoke") {
      if (!role) return usage("--role must be issuer or revoker.");
      result = await rolesChange(access, { action: known, role, account: v.account });
    } else if (known === "retire")
      result = await rolesChange(access, { action: "retire", account: v.account });
    else {
      if (from === null) return usage("--from must be Unix seconds or an ISO 8601 time.");
      if (v.execute && v.cancel) return usage("--execute and --cancel exclude each other.");
      const step = v.execute ? "execute" : v.cancel ? "cancel" : "schedule";
      result = await rolesChange(access, { action: "withdraw", account: v.account, from, step });
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`sceau roles ${known} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
