/**
 * The office listing's cursor as the API hands it out: an opaque base64url string, so clients
 * pass it back as they got it and never build one.
 * @module
 */
import { SceauError } from "../core/errors.ts";
import type { ListCursor } from "../issuer/service.ts";

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(String(cursor.beforeSeq)).toString("base64url");
}

/**
 * The cursor a client passed back.
 * @throws {SceauError} `BAD_REQUEST` when it is not one this API handed out
 */
export function decodeCursor(text: string): ListCursor {
  const n = Number(Buffer.from(text, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(n) || n < 1) throw new SceauError("BAD_REQUEST", "The cursor is not valid.");
  return { beforeSeq: n };
}
