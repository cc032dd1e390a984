/**
 * The byte-exact check of an issued PDF (DESIGN.md §4): revision 1 must hash to the digest in the
 * seal, and the whole file must be exactly revision 1 plus the stamp of the scanned QR text.
 * @module
 */
import { equalBytes } from "../core/bytes.ts";
import { sha256 } from "../core/hash.ts";
import { stampSeal } from "./stamp.ts";

export type IntegrityResult =
  | { readonly status: "valid"; readonly revision1Length: number }
  | { readonly status: "invalid"; readonly reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES" };

const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"

/** Every offset where a revision may end: after each `%%EOF`, with and without its line end. */
export function revisionEnds(pdf: Uint8Array): number[] {
  const ends: number[] = [];
  outer: for (let i = 0; i + EOF_MARKER.length <= pdf.length; i++) {
    for (let k = 0; k < EOF_MARKER.length; k++) if (pdf[i + k] !== EOF_MARKER[k]) continue outer;
    let end = i + EOF_MARKER.length;
    ends.push(end);
    if (pdf[end] === 0x0d) end++;
    if (pdf[end] === 0x0a) end++;
    if (end !== ends[ends.length - 1]) ends.push(end);
  }
  return ends;
}

/** Revision 1 of `pdf`: the prefix whose SHA-256 is `digest`, or null. */
export function findRevision1(pdf: Uint8Array, digest: Uint8Array): Uint8Array | null {
  for (const end of revisionEnds(pdf)) {
    const prefix = pdf.subarray(0, end);
    if (equalBytes(sha256(prefix), digest)) return prefix;
  }
  return null;
}

export async function checkPdfIntegrity(
  pdf: Uint8Array,
  digest: Uint8Array,
  qrText: string,
): Promise<IntegrityResult> {
  const rev1 = findRevision1(pdf, digest);
  if (!rev1) return { status: "invalid", reason: "REVISION_NOT_FOUND" };
  let expected: Uint8Array;
  try {
    expected = await stampSeal(rev1, qrText);
  } catch {
    return { status: "invalid", reason: "EXTRA_CHANGES" };
  }
  return equalBytes(expected, pdf)
    ? { status: "valid", revision1Length: rev1.length }
    : { status: "invalid", reason: "EXTRA_CHANGES" };
}
