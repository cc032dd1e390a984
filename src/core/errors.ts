/**
 * The one error vocabulary of Sceau. Every error the service reports carries a stable string
 * code from {@link ERROR_CODES}; codes are public API (documented in the README) and are never
 * renamed or reused.
 * @module
 */

export const ERROR_CODES = [
  // Input
  "VALIDATION_FAILED",
  "BAD_REQUEST",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  // Seal and QR text
  "SEAL_EMPTY",
  "SEAL_UNKNOWN_VERSION",
  "SEAL_TRUNCATED",
  "SEAL_TRAILING_BYTES",
  "SEAL_FIELD_INVALID",
  "SEAL_TOO_LARGE",
  "QR_TEXT_INVALID",
  "QR_LINK_INVALID",
  "QR_NOT_FOUND",
  // Documents
  "PDF_UNREADABLE",
  "IMAGE_UNREADABLE",
  "HEIC_UNSUPPORTED",
  // Verification limits
  "IMAGE_TOO_LARGE",
  "PDF_TOO_MANY_PAGES",
  "TIME_BUDGET_EXCEEDED",
  "PDF_CONTENT_TOO_LARGE",
  "VERIFY_BUSY",
  // Access
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  // Chain
  "CHAIN_UNAVAILABLE",
  "CHAIN_REVERTED",
  "REGISTRY_MISSING",
  "CHAIN_MISMATCH",
  // Issuing
  "BACKLOG_FULL",
  "JOURNAL_IN_USE",
  "JOURNAL_UNAVAILABLE",
  // Online counter: the canton's login, the office's register, the mail relay
  "IDENTITY_REJECTED",
  "IDENTITY_UNAVAILABLE",
  "REGISTER_UNAVAILABLE",
  "MAIL_UNAVAILABLE",
  // Service
  "CONFIG_INVALID",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Error codes of `POST /api/v1/verify` that a person sees, in words. */
export const VERIFY_ERROR_CODES = [
  "QR_NOT_FOUND",
  "PDF_UNREADABLE",
  "IMAGE_UNREADABLE",
  "UNSUPPORTED_MEDIA_TYPE",
  "HEIC_UNSUPPORTED",
  "PAYLOAD_TOO_LARGE",
  "IMAGE_TOO_LARGE",
  "PDF_TOO_MANY_PAGES",
  "TIME_BUDGET_EXCEEDED",
  "PDF_CONTENT_TOO_LARGE",
  "VERIFY_BUSY",
] as const satisfies readonly ErrorCode[];
export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

/** True when `code` is one of {@link VERIFY_ERROR_CODES}, which pages word for people. */
export function isVerifyErrorCode(code: string): code is VerifyErrorCode {
  return (VERIFY_ERROR_CODES as readonly string[]).includes(code);
}

export interface SceauErrorOptions {
  /** The underlying error, kept for logs; never shown to API clients. */
  readonly cause?: unknown;
  /** Structured, client-safe details (for example the bad fields of a validation error). */
  readonly details?: unknown;
}

/** Base error: a stable code, a human message, an optional cause and client-safe details. */
export class SceauError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: SceauErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SceauError";
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** True when `e` is a {@link SceauError}, optionally with one of `codes`. */
export function isSceauError(e: unknown, ...codes: ErrorCode[]): e is SceauError {
  return e instanceof SceauError && (codes.length === 0 || codes.includes(e.code));
}

/**
 * True for a transaction whose nonce was taken by none of its signed versions (`CHAIN_UNAVAILABLE`
 * with `details.lost`): the chain adapter says so, the issuer then signs a new one if it must.
 */
export function isTxLost(e: unknown): boolean {
  return isSceauError(e, "CHAIN_UNAVAILABLE") && (e.details as { lost?: unknown } | undefined)?.lost === true;
}

/**
 * Asserts a condition the code itself guarantees (a broken one is a bug, never bad input): throws
 * `INTERNAL`, whose message goes to the log and never to a client.
 * @throws {SceauError} `INTERNAL` when `condition` is false
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SceauError("INTERNAL", `Invariant broken: ${message}`);
}
