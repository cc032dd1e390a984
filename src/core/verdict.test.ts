import { describe, expect, test } from "vitest";
import { CHECK_CODES, decideVerdict, type Check, type CheckCode, type CheckStatus } from "./verdict.ts";

function checks(overrides: Partial<Record<CheckCode, CheckStatus>> = {}): Check[] {
  return CHECK_CODES.map((code) => ({ code, status: overrides[code] ?? "valid", message: "" }));
}

describe("verdict policy", () => {
  test("all checks valid: valid", () => {
    expect(decideVerdict(checks())).toEqual({ verdict: "valid", warnings: [] });
  });

  test.each<[string, Partial<Record<CheckCode, CheckStatus>>, string]>([
    ["malformed seal", { SEAL_FORMAT: "invalid" }, "invalid"],
    ["unknown registry", { REGISTRY_TRUSTED: "invalid" }, "invalid"],
    ["broken proof", { MERKLE_PROOF: "invalid" }, "invalid"],
    ["root not anchored", { ROOT_ANCHORED: "invalid" }, "invalid"],
    ["issuer withdrawn", { ISSUER_AUTHORISED: "invalid" }, "invalid"],
    ["batch revoked", { ROOT_NOT_REVOKED: "invalid" }, "revoked"],
    ["extract revoked", { LEAF_NOT_REVOKED: "invalid" }, "revoked"],
    ["revoked and modified", { LEAF_NOT_REVOKED: "invalid", PDF_INTEGRITY: "invalid" }, "revoked"],
    ["PDF modified", { PDF_INTEGRITY: "invalid" }, "modified"],
    ["PDF unreadable", { PDF_INTEGRITY: "error" }, "modified"],
    ["photo or QR text", { PDF_INTEGRITY: "skipped" }, "valid"],
    [
      "chain unreadable",
      {
        ROOT_ANCHORED: "error",
        ISSUER_AUTHORISED: "error",
        ROOT_NOT_REVOKED: "error",
        LEAF_NOT_REVOKED: "error",
      },
      "unavailable",
    ],
    ["chain unreadable but proof broken", { MERKLE_PROOF: "invalid", ROOT_ANCHORED: "error" }, "invalid"],
    [
      "chain unreadable and PDF modified",
      { ROOT_ANCHORED: "error", PDF_INTEGRITY: "invalid" },
      "unavailable",
    ],
    ["a required check skipped", { ISSUER_AUTHORISED: "skipped" }, "invalid"],
  ])("%s: %s", (_name, overrides, verdict) => {
    expect(decideVerdict(checks(overrides)).verdict).toBe(verdict);
  });

  test("a missing required check never gives valid", () => {
    expect(decideVerdict(checks().filter((c) => c.code !== "LEAF_NOT_REVOKED")).verdict).toBe("invalid");
  });

  test("staleness and finality are warnings that never change the verdict", () => {
    expect(decideVerdict(checks({ FRESHNESS: "invalid", FINALITY: "invalid" }))).toEqual({
      verdict: "valid",
      warnings: ["stale", "not-yet-final"],
    });
    expect(decideVerdict(checks({ FRESHNESS: "invalid", ROOT_ANCHORED: "invalid" })).verdict).toBe("invalid");
  });
});
