/**
 * The byte-exact check of an issued PDF (docs/formats.md): revision 1 must hash to the digest in the
 * seal, and the whole file must be exactly revision 1 plus the stamp of the official QR text:
 * the seal behind its registry's official verification address. A stamp of any other text (a
 * foreign address, the bare seal, white space around it) is not the issued file, however well
 * formed, since the printed code would send phones elsewhere.
 * @module
 */
import { createHash } from "node:crypto";
import { equalBytes } from "../core/bytes.ts";
import { stampSealSync } from "./stamp.ts";

export type IntegrityResult =
  | { readonly status: "valid"; readonly revision1Length: number }
  | {
      readonly status: "invalid";
      readonly reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES" | "UNOFFICIAL_QR_TEXT";
    };

const EOF_MARKER = Buffer.from("%%EOF", "latin1");
/**
 * Revision 1 ends at the file's first `%%EOF`; later candidates only matter for files changed
 * after issuance. The cap keeps a hostile file full of markers from costing more than one pass.
 */
const MAX_REVISION_CANDIDATES = 256;

/** Offsets where a revision may end: after each `%%EOF` (at most `limit`), with and without its line end. */
export function revisionEnds(pdf: Uint8Array, limit = MAX_REVISION_CANDIDATES): number[] {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const ends: number[] = [];
  let found = 0;
  for (let i = buf.indexOf(EOF_MARKER); i >= 0 && found < limit; i = buf.indexOf(EOF_MARKER, i + 1)) {
    found++;
    let end = i + EOF_MARKER.length;
    ends.push(end);
    if (pdf[end] === 0x0d) end++;
    if (pdf[end] === 0x0a) end++;
    if (end !== ends[ends.length - 1]) ends.push(end);
  }
  return ends;
}

/** Revision 1 of `pdf`: the prefix ending at a revision end whose SHA-256 is `digest`, or null. */
export function findRevision1(pdf: Uint8Array, digest: Uint8Array): Uint8Array | null {
  // One running hash, copied at each candidate: the file is hashed once however many candidates.
  const hash = createHash("sha256");
  let hashed = 0;
  for (const end of revisionEnds(pdf)) {
    hash.update(pdf.subarray(hashed, end));
    hashed = end;
    if (equalBytes(new Uint8Array(hash.copy().digest()), digest)) return pdf.subarray(0, end);
  }
  return null;
}

/**
 * @param qrText the QR text found in the file
 * @param officialText the text the issuer stamps (see `officialQrText` in `src/core/verify.ts`):
 * the file must be revision 1 stamped with exactly this; by default the text found
 */
export function checkPdfIntegrity(
  pdf: Uint8Array,
  digest: Uint8Array,
  qrText: string,
  officialText = qrText,
): Promise<IntegrityResult> {
  return Promise.resolve(checkPdfIntegritySync(pdf, digest, qrText, officialText));
}

/** {@link checkPdfIntegrity}, synchronously. */
export function checkPdfIntegritySync(
  pdf: Uint8Array,
  digest: Uint8Array,
  qrText: string,
  officialText = qrText,
): IntegrityResult {
  const rev1 = findRevision1(pdf, digest);
  if (!rev1) return { status: "invalid", reason: "REVISION_NOT_FOUND" };
  let expected: Uint8Array | null = null;
  try {
    expected = stampSealSync(rev1, officialText);
  } catch {
    // Revision 1 is the issued one (its digest is sealed), so this does not happen for it.
  }
  if (expected && equalBytes(expected, pdf)) return { status: "valid", revision1Length: rev1.length };
  return { status: "invalid", reason: qrText === officialText ? "EXTRA_CHANGES" : "UNOFFICIAL_QR_TEXT" };
}
