/**
 * Turns whatever ethers throws into the service's error vocabulary: a revert becomes
 * `CHAIN_REVERTED` with the custom error's name, anything that means "the node could not answer"
 * becomes `CHAIN_UNAVAILABLE`. A chain read never turns an outage into a "not anchored" answer.
 * @module
 */
import { isError, type Interface } from "ethers";
import { SceauError, isSceauError } from "../core/errors.ts";

export function toChainError(e: unknown, iface: Interface, action: string): SceauError {
  if (isSceauError(e)) return e;
  if (isError(e, "CALL_EXCEPTION")) {
    const data = e.data ?? undefined;
    if (typeof data === "string" && data.length >= 10) {
      const parsed = safeParseError(iface, data);
      if (parsed) {
        return new SceauError("CHAIN_REVERTED", `${action} reverted with ${parsed.name}.`, {
          cause: e,
          details: { error: parsed.name, args: parsed.args.map((a) => String(a)) },
        });
      }
    }
    if (e.revert) {
      return new SceauError("CHAIN_REVERTED", `${action} reverted with ${e.revert.name}.`, {
        cause: e,
        details: { error: e.revert.name, args: e.revert.args.map((a) => String(a)) },
      });
    }
    // A call that "reverts" without data against a contract that exists is an RPC oddity,
    // not a verdict about the seal.
    return new SceauError("CHAIN_UNAVAILABLE", `${action} failed without a reason.`, { cause: e });
  }
  if (isError(e, "BAD_DATA")) {
    // An empty result from eth_call: there is no contract at the registry's address.
    return new SceauError("REGISTRY_MISSING", `${action}: no registry contract answers at this address.`, {
      cause: e,
    });
  }
  return new SceauError(
    "CHAIN_UNAVAILABLE",
    `${action}: the chain node could not be reached or did not answer.`,
    {
      cause: e,
    },
  );
}

function safeParseError(iface: Interface, data: string): { name: string; args: readonly unknown[] } | null {
  try {
    const parsed = iface.parseError(data);
    return parsed ? { name: parsed.name, args: [...parsed.args] } : null;
  } catch {
    return null;
  }
}
