import type { Check } from "../../core/verdict.ts";
import { makeCheck } from "./make.ts";

/** FINALITY: the anchoring transaction has enough confirmations. A warning, never a verdict. */
export function checkFinality(confirmations: number | null, minConfirmations: number): Check {
  if (confirmations === null) return makeCheck("FINALITY", "skipped");
  return confirmations >= minConfirmations
    ? makeCheck("FINALITY", "valid", { params: { confirmations, minConfirmations } })
    : makeCheck("FINALITY", "invalid", {
        reason: "NOT_YET_FINAL",
        params: { confirmations, minConfirmations },
      });
}
