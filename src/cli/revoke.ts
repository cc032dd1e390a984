/**
 * `sceau revoke <id> --reason <code>` and `sceau revoke --batch <root> --reason <code>`: revokes
 * one extract (its leaf) or a whole batch (its root) on chain, through the journal configured by
 * the `SCEAU_*` environment, and waits until the revocation is recorded.
 * @module
 */
import { isSceauError } from "../core/errors.ts";
import { REVOCATION_REASONS, isRevocationReason } from "../core/revocation.ts";
import type { IssuerRuntime } from "../wiring/issuer.ts";
import { createLogger } from "../log.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: sceau revoke <extract id> --reason <code>
       sceau revoke --batch <root> --reason <code>

Revokes one extract or a whole batch, with a reason code: ${Object.keys(REVOCATION_REASONS).join(", ")}.
Uses the journal and chain configured by the SCEAU_* environment (as the service does) and
waits until the revocation is recorded on chain; while the chain is unreachable the revocation
stays in the journal and is recorded at the next start.
While the service runs on the same data directory, use its POST /api/v1/extracts/{id}/revoke.

Exit status: 0 recorded, 1 failed, 2 usage or start-up error, 3 stored but not yet on chain.`;

export const command = {
  summary: "revoke an extract or a batch with a reason code",
  run,
};

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      reason: { type: "string" },
      batch: { type: "string" },
    },
    HELP,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [id] = positionals;
  const target = values.batch ?? id;
  if (!target || (values.batch !== undefined && id !== undefined) || positionals.length > 1) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  if (!isRevocationReason(values.reason)) {
    process.stderr.write(`--reason must be one of ${Object.keys(REVOCATION_REASONS).join(", ")}.\n`);
    return 2;
  }
  const reason = values.reason;
  const { loadConfig } = await import("../config.ts");
  const { startIssuer } = await import("../wiring/issuer.ts");
  let runtime: IssuerRuntime;
  try {
    const config = loadConfig(process.env);
    runtime = await startIssuer(config, {
      log: createLogger(config.logLevel === "info" ? "warn" : config.logLevel),
    });
  } catch (e) {
    process.stderr.write(`sceau revoke could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const r =
      values.batch !== undefined
        ? runtime.issuer.revokeBatch(null, target, reason)
        : runtime.issuer.revokeExtract(null, target, reason);
    const final = await runtime.issuer.waitRevoked(r.id, runtime.config.issuing.waitTimeoutMs);
    process.stdout.write(`${JSON.stringify({ target, ...final }, null, 2)}\n`);
    return final.state === "recorded" ? 0 : 3;
  } catch (e) {
    process.stderr.write(
      `${isSceauError(e) ? `${e.code}: ` : ""}${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 1;
  } finally {
    await runtime.close();
  }
}
