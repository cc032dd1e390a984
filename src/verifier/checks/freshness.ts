import type { Check } from "../../core/verdict.ts";

/** FRESHNESS: the extract is younger than the configured age. A warning, never a verdict. */
export function checkFreshness(
  issuedAt: number,
  nowSeconds: number,
  maxAgeDays: number,
): { check: Check; ageDays: number } {
  const ageDays = Math.max(0, Math.floor((nowSeconds - issuedAt) / 86_400));
  if (issuedAt > nowSeconds + 300) {
    return {
      check: {
        code: "FRESHNESS",
        status: "invalid",
        reason: "ISSUED_IN_FUTURE",
        message: "The extract's issue time lies in the future.",
      },
      ageDays: 0,
    };
  }
  return ageDays > maxAgeDays
    ? {
        check: {
          code: "FRESHNESS",
          status: "invalid",
          reason: "STALE",
          message: `The extract is ${ageDays} days old, older than the ${maxAgeDays} days accepted here: ask for a recent one.`,
        },
        ageDays,
      }
    : {
        check: {
          code: "FRESHNESS",
          status: "valid",
          message: `The extract is ${ageDays} day${ageDays === 1 ? "" : "s"} old.`,
        },
        ageDays,
      };
}
