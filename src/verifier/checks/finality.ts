import type { Check } from "../../core/verdict.ts";

/** FINALITY: the anchoring transaction has enough confirmations. A warning, never a verdict. */
export function checkFinality(confirmations: number | null, minConfirmations: number): Check {
  if (confirmations === null) {
    return { code: "FINALITY", status: "skipped", message: "Not checked: the anchoring block is unknown." };
  }
  return confirmations >= minConfirmations
    ? {
        code: "FINALITY",
        status: "valid",
        message: `The anchoring transaction has ${confirmations} confirmation${confirmations === 1 ? "" : "s"}.`,
      }
    : {
        code: "FINALITY",
        status: "invalid",
        reason: "NOT_YET_FINAL",
        message: `The anchoring transaction has ${confirmations} of the ${minConfirmations} confirmations required for finality.`,
      };
}
