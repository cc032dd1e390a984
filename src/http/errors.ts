/**
 * The one place where errors become HTTP responses: `{ "error": { "code", "message", "details"? } }`
 * with a status chosen by the error code. Unknown errors are logged and answered as 500
 * `INTERNAL` without their message.
 * @module
 */
import type { ErrorRequestHandler } from "express";
import { SceauError, type ErrorCode } from "../core/errors.ts";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  SEAL_EMPTY: 400,
  SEAL_UNKNOWN_VERSION: 400,
  SEAL_TRUNCATED: 400,
  SEAL_TRAILING_BYTES: 400,
  SEAL_FIELD_INVALID: 400,
  SEAL_TOO_LARGE: 400,
  QR_TEXT_INVALID: 400,
  QR_LINK_INVALID: 400,
  QR_NOT_FOUND: 422,
  PDF_UNREADABLE: 422,
  IMAGE_UNREADABLE: 422,
  HEIC_UNSUPPORTED: 415,
  IMAGE_TOO_LARGE: 413,
  PDF_TOO_MANY_PAGES: 413,
  TIME_BUDGET_EXCEEDED: 413,
  PDF_CONTENT_TOO_LARGE: 413,
  VERIFY_BUSY: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  CHAIN_UNAVAILABLE: 503,
  CHAIN_REVERTED: 502,
  REGISTRY_MISSING: 503,
  CHAIN_MISMATCH: 503,
  BACKLOG_FULL: 503,
  JOURNAL_IN_USE: 503,
  JOURNAL_UNAVAILABLE: 503,
  IDENTITY_REJECTED: 401,
  IDENTITY_UNAVAILABLE: 503,
  REGISTER_UNAVAILABLE: 503,
  MAIL_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

/**
 * Body-parser errors are the client's fault and get stable codes: by their `type` when they have
 * one, else by their 4xx status (a body that fails to decompress is a plain 400 from zlib).
 */
function fromBodyParser(e: unknown): SceauError | null {
  if (typeof e !== "object" || e === null) return null;
  const type = "type" in e ? String(e.type) : "";
  if (type === "entity.too.large")
    return new SceauError("PAYLOAD_TOO_LARGE", "The request body exceeds the size limit.");
  if (type === "entity.parse.failed")
    return new SceauError("BAD_REQUEST", "The request body is not valid JSON.");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new SceauError("UNSUPPORTED_MEDIA_TYPE", "Unsupported content encoding or charset.");
  }
  if (type === "request.aborted") return new SceauError("BAD_REQUEST", "The request was aborted.");
  if (type === "request.size.invalid")
    return new SceauError("BAD_REQUEST", "The request body's length differs from its Content-Length.");
  const status = "status" in e && typeof e.status === "number" ? e.status : 0;
  const exposed = "expose" in e && e.expose === true;
  if (exposed && status >= 400 && status < 500) {
    if (status === 413)
      return new SceauError("PAYLOAD_TOO_LARGE", "The request body exceeds the size limit.");
    if (status === 415)
      return new SceauError("UNSUPPORTED_MEDIA_TYPE", "Unsupported content encoding or type.");
    return new SceauError(
      "BAD_REQUEST",
      "The request body could not be read (it does not match its Content-Encoding, or it is cut short).",
    );
  }
  return null;
}

/** Seconds a client should wait before retrying when nothing better is known. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Seconds a client should wait before retrying: the error's own estimate, else the default. */
function retryAfterOf(e: SceauError): number {
  const d = e.details as { retryAfterSeconds?: unknown } | undefined;
  const s = d?.retryAfterSeconds;
  return typeof s === "number" && Number.isFinite(s) && s >= 1 ? Math.ceil(s) : DEFAULT_RETRY_AFTER_SECONDS;
}

/** Back-pressure working as designed, or logged where it happens: not logged again per request. */
const NOT_LOGGED: ReadonlySet<string> = new Set(["BACKLOG_FULL", "JOURNAL_UNAVAILABLE", "VERIFY_BUSY"]);

export function errorHandler(log: (e: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = err instanceof SceauError ? err : fromBodyParser(err);
    if (!known) {
      log(err);
      res.status(500).json({ error: { code: "INTERNAL", message: "Internal error." } });
      return;
    }
    const status = HTTP_STATUS[known.code];
    if (status >= 500 && !NOT_LOGGED.has(known.code)) log(known);
    if (status === 503 || status === 429) res.setHeader("Retry-After", String(retryAfterOf(known)));
    res.status(status).json({
      error: {
        code: known.code,
        // An internal error's message may quote a library: it stays in the log.
        message: known.code === "INTERNAL" ? "Internal error." : known.message,
        ...(known.details === undefined || known.code === "INTERNAL" ? {} : { details: known.details }),
      },
    });
  };
}
