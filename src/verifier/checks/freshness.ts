import type { Check } from "../../core/verdict.ts";
import { makeCheck } from "./make.ts";

/** FRESHNESS: the extract is younger than the configured age. A warning, never a verdict. */
export function checkFreshness(
  issuedAt: number,
  nowSeconds: number,
  maxAgeDays: number,
): { check: Check; ageDays: number } {
  const ageDays = Math.max(0, Math.floor((nowSeconds - issuedAt) / 86_400));
  // Five minutes of clock skew between the issuer and this verifier are tolerated.
  if (issuedAt > nowSeconds + 300) {
    return { check: makeCheck("FRESHNESS", "invalid", { reason: "ISSUED_IN_FUTURE" }), ageDays: 0 };
  }
  return ageDays > maxAgeDays
    ? {
        check: makeCheck("FRESHNESS", "invalid", { reason: "STALE", params: { ageDays, maxAgeDays } }),
        ageDays,
      }
    : { check: makeCheck("FRESHNESS", "valid", { params: { ageDays, maxAgeDays } }), ageDays };
}
