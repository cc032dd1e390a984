/**
 * Office authentication by bearer token. Tokens are kept only as SHA-256 digests and compared in
 * constant time against every office, so neither a token nor which office matched leaks through
 * timing.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
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
