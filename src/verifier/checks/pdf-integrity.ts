import type { Check } from "../../core/verdict.ts";
import { makeCheck } from "../../core/verify.ts";
import type { DocumentReader } from "../ports.ts";

/**
 * PDF_INTEGRITY: the file is byte for byte the one issued: revision 1 hashes to the seal's digest
 * and nothing but the stamp of the official QR text follows it (`officialText`; for a registry
 * outside the trust list, whose official address is unknown, the text found, and the verdict is
 * `invalid` anyway). Skipped for QR text (`NO_FILE`) and for photos and scans (`IMAGE`), which
 * carry nothing but the QR's data. The bytes are compared by the document reader.
 *
 * A `copy` (a PDF without Sceau's stamp whose QR code was read from its pixels: a scan, a printout
 * saved as PDF) that is not the issued file is not tampering: like a photo, it proves the seal's
 * data only, and the check is skipped with `NOT_STAMPED` (scope `data`). A file that carries the
 * stamp or the issued revision 1 and differs from the issued bytes was edited: `invalid`.
 */
export async function checkPdfIntegrity(
  documents: DocumentReader,
  pdf: Uint8Array | null,
  digest: Uint8Array,
  qrText: string,
  officialText: string | null,
  copy = false,
): Promise<Check> {
  if (!pdf) return makeCheck("PDF_INTEGRITY", "skipped", { reason: "NO_FILE" });
  const result = await documents.pdfIntegrity(pdf, digest, qrText, officialText ?? qrText);
  if (result.status === "valid") return makeCheck("PDF_INTEGRITY", "valid");
  if (copy && result.reason === "REVISION_NOT_FOUND")
    return makeCheck("PDF_INTEGRITY", "skipped", { reason: "NOT_STAMPED" });
  return makeCheck("PDF_INTEGRITY", "invalid", { reason: result.reason });
}
