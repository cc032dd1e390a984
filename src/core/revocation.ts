/**
 * Revocation reason codes, as stored on chain (`uint8`) and named in the API. Public API: a code
 * keeps its number and name forever.
 * @module
 */

export const REVOCATION_REASONS = {
  "issued-in-error": 1,
  superseded: 2,
  "court-order": 3,
  "data-error": 4,
  other: 5,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

/** The name of an on-chain reason code; unknown numbers come back as `code-<n>`. */
export function reasonName(code: number): RevocationReason | `code-${number}` {
  for (const [name, value] of Object.entries(REVOCATION_REASONS)) {
    if (value === code) return name as RevocationReason;
  }
  return `code-${code}`;
}

/** True when `value` is the name of one of {@link REVOCATION_REASONS} (`"court-order"`, ...). */
export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === "string" && Object.hasOwn(REVOCATION_REASONS, value);
}
