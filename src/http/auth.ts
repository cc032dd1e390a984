/**
 * Office authentication by bearer token. Tokens are kept only as SHA-256 digests and compared in
 * constant time against every office, so neither a token nor which office matched leaks through
 * timing. {@link requireOffice} is the one place an office route authenticates.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { SceauError } from "../core/errors.ts";

export interface TokenOwner {
  readonly id: string;
  readonly tokenSha256: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export class OfficeAuth<T extends TokenOwner> {
  private readonly offices: readonly { office: T; digest: Buffer }[];

  constructor(offices: readonly T[]) {
    this.offices = offices.map((office) => ({ office, digest: Buffer.from(office.tokenSha256, "hex") }));
  }

  /**
   * The office owning the bearer token in an `Authorization` header.
   * @throws {SceauError} `UNAUTHENTICATED` for a missing, malformed or unknown token
   */
  authenticate(header: string | undefined): T {
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m?.[1])
      throw new SceauError(
        "UNAUTHENTICATED",
        "An office bearer token is required (Authorization: Bearer <token>).",
      );
    const digest = createHash("sha256").update(m[1], "utf8").digest();
    let match: T | null = null;
    for (const { office, digest: expected } of this.offices) {
      if (timingSafeEqual(digest, expected) && match === null) match = office;
    }
    if (!match) throw new SceauError("UNAUTHENTICATED", "The bearer token is not valid.");
    return match;
  }
}

/** An office as the routes know it once its token was accepted. */
export interface SignedInOffice extends TokenOwner {
  readonly name: string;
}

const OFFICE = Symbol("office");
type WithOffice = Record<typeof OFFICE, SignedInOffice | undefined>;

/**
 * The middleware every office route starts with: the token is checked before a byte of the body
 * is read or inflated (the body parsers come after it), and a refused one is passed to
 * `onRefused` (which counts it against the client's address, at a lower rate than issuing)
 * before it is answered 401.
 */
export function requireOffice(auth: OfficeAuth<SignedInOffice>, onRefused: RequestHandler): RequestHandler {
  // Named, so the route table says which routes need an office (the OpenAPI test reads it).
  return function requireOffice(req, res, next) {
    let office: SignedInOffice;
    try {
      office = auth.authenticate(req.get("authorization"));
    } catch (e) {
      void onRefused(req, res, (err?: unknown) => {
        next(err ?? e);
      });
      return;
    }
    (res.locals as WithOffice)[OFFICE] = office;
    next();
  };
}

/** The office {@link requireOffice} accepted for this request, or null before it ran. */
export function signedInOffice(res: Response): SignedInOffice | null {
  return (res.locals as WithOffice)[OFFICE] ?? null;
}

/**
 * The office of a request behind {@link requireOffice}.
 * @throws {SceauError} `UNAUTHENTICATED` on a route that did not require one
 */
export function officeOf(res: Response): SignedInOffice {
  const office = signedInOffice(res);
  if (!office) throw new SceauError("UNAUTHENTICATED", "An office bearer token is required.");
  return office;
}
