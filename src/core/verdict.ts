/**
 * Verification results as data: every check yields a {@link Check}, and {@link decideVerdict} is
 * the single place where the checks become a verdict (docs/architecture.md; the verdict table is in the README). A forged input never throws;
 * it yields `invalid` checks.
 * @module
 */
/** Values a message may show; every check puts the ones its message needs in `params`. */
export interface MessageParams {
  readonly version?: number;
  readonly registry?: string;
  readonly address?: string;
  readonly chainId?: number;
  readonly levels?: number;
  readonly root?: string;
  readonly issuer?: string;
  readonly anchoredAt?: string;
  readonly blockNumber?: number;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  readonly ageDays?: number;
  readonly maxAgeDays?: number;
  readonly confirmations?: number;
  readonly minConfirmations?: number;
  readonly error?: string;
}

export type CheckStatus = "valid" | "invalid" | "error" | "skipped";

/** Stable check codes, in the order the verifier runs them. Public API: never renamed. */
export const CHECK_CODES = [
  "SEAL_FORMAT",
  "REGISTRY_TRUSTED",
  "MERKLE_PROOF",
  "ROOT_ANCHORED",
  "ISSUER_AUTHORISED",
  "ROOT_NOT_REVOKED",
  "LEAF_NOT_REVOKED",
  "PDF_INTEGRITY",
  "FRESHNESS",
  "FINALITY",
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export interface Check {
  readonly code: CheckCode;
  readonly status: CheckStatus;
  /** Why, in words, in the request's language (`src/core/messages.ts`). */
  readonly message: string;
  /**
   * A stable reason code for non-valid results (for example `NOT_ANCHORED`, `CHAIN_UNAVAILABLE`),
   * and for some skipped ones (`NO_FILE`, `IMAGE`).
   */
  readonly reason?: string;
  /** The facts the message shows (dates, accounts, counts), for clients that word their own. */
  readonly params?: MessageParams;
}

export type Verdict = "valid" | "modified" | "revoked" | "invalid" | "unavailable";
/**
 * `stale` and `not-yet-final` come from FRESHNESS and FINALITY; `unofficial-address` from the
 * QR text itself (its link opens another address than the registry's official one).
 */
export type Warning = "stale" | "not-yet-final" | "unofficial-address";

/** Checks whose `invalid` means a forged or broken seal. */
const AUTHENTICITY: ReadonlySet<CheckCode> = new Set([
  "SEAL_FORMAT",
  "REGISTRY_TRUSTED",
  "MERKLE_PROOF",
  "ROOT_ANCHORED",
  "ISSUER_AUTHORISED",
]);
/** Checks that need the chain: an `error` there means no conclusion can be drawn. */
const CHAIN: ReadonlySet<CheckCode> = new Set([
  "ROOT_ANCHORED",
  "ISSUER_AUTHORISED",
  "ROOT_NOT_REVOKED",
  "LEAF_NOT_REVOKED",
]);

/**
 * The verdict of a list of checks:
 * 1. a failed authenticity check (format, registry, proof, anchor, issuer) → `invalid`;
 *    an authenticity check that could not run for lack of the chain → `unavailable`;
 * 2. a revoked root or leaf → `revoked`;
 * 3. a PDF that is not the issued file (or could not be shown to be) → `modified`;
 * 4. otherwise `valid`, and only if every authenticity and revocation check actually passed.
 * Freshness and finality give warnings and never change the verdict.
 */
export function decideVerdict(checks: readonly Check[]): { verdict: Verdict; warnings: Warning[] } {
  const byCode = new Map<CheckCode, Check>();
  for (const c of checks) byCode.set(c.code, c);
  const warnings: Warning[] = [];
  if (byCode.get("FRESHNESS")?.status === "invalid") warnings.push("stale");
  if (byCode.get("FINALITY")?.status === "invalid") warnings.push("not-yet-final");

  const local = checks.filter((c) => AUTHENTICITY.has(c.code) && !CHAIN.has(c.code));
  if (local.some((c) => c.status === "invalid" || c.status === "error"))
    return { verdict: "invalid", warnings };
  if (checks.some((c) => CHAIN.has(c.code) && c.status === "error"))
    return { verdict: "unavailable", warnings };
  if (checks.some((c) => AUTHENTICITY.has(c.code) && c.status === "invalid"))
    return { verdict: "invalid", warnings };

  const required: CheckCode[] = [...AUTHENTICITY, "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"];
  if (
    byCode.get("ROOT_NOT_REVOKED")?.status === "invalid" ||
    byCode.get("LEAF_NOT_REVOKED")?.status === "invalid"
  ) {
    return { verdict: "revoked", warnings };
  }
  // Fail closed: a required check that is missing or skipped can never give `valid`.
  if (!required.every((code) => byCode.get(code)?.status === "valid"))
    return { verdict: "invalid", warnings };
  const pdf = byCode.get("PDF_INTEGRITY");
  if (pdf && (pdf.status === "invalid" || pdf.status === "error")) return { verdict: "modified", warnings };
  return { verdict: "valid", warnings };
}
