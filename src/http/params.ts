/**
 * Reading a request's parameters (path, query, and the one-field JSON bodies), each checked:
 * a parameter that is not what the route expects is 400 `BAD_REQUEST`, never a guess.
 * @module
 */
import type { Request } from "express";
import { SceauError } from "../core/errors.ts";
import { isRevocationReason, REVOCATION_REASONS, type RevocationReason } from "../core/revocation.ts";

/** `?name=true` or `?name=1`. */
export const isTrue = (v: unknown): boolean => v === "true" || v === "1";
/** `?name=false` or `?name=0`. */
export const isFalse = (v: unknown): boolean => v === "false" || v === "0";

/** One short query text, or undefined when absent. */
export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v.length > 200)
    throw new SceauError("BAD_REQUEST", `${name} must be one short text.`);
  return v;
}

/** A whole number in the query, or undefined when absent. */
export function queryInt(req: Request, name: string): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new SceauError("BAD_REQUEST", `${name} must be a whole number.`);
  return Number(v);
}

/** A path parameter (never empty). */
export function param(req: Request, name: string): string {
  const v = req.params[name];
  if (typeof v !== "string" || v.length === 0 || v.length > 200)
    throw new SceauError("BAD_REQUEST", `Missing ${name}.`);
  return v;
}

/** The reason of a revocation request: JSON `{"reason": <code>}`. */
export function revocationReason(req: Request): RevocationReason {
  const reason = (req.body as { reason?: unknown } | undefined)?.reason;
  if (!req.is("application/json") || !isRevocationReason(reason)) {
    throw new SceauError(
      "BAD_REQUEST",
      `Send JSON {"reason": one of ${Object.keys(REVOCATION_REASONS).join(", ")}}.`,
      {
        details: { accepted: Object.keys(REVOCATION_REASONS) },
      },
    );
  }
  return reason;
}
