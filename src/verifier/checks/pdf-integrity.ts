import type { Check } from "../../core/verdict.ts";
import { checkPdfIntegrity as checkBytes } from "../../pdf/integrity.ts";

/**
 * PDF_INTEGRITY: the file is byte for byte the one issued: revision 1 hashes to the seal's digest
 * and nothing but the stamp of this QR follows it.
 */
export async function checkPdfIntegrity(
  pdf: Uint8Array | null,
  digest: Uint8Array,
  qrText: string,
): Promise<Check> {
  if (!pdf) {
    return {
      code: "PDF_INTEGRITY",
      status: "skipped",
      message: "No PDF file was given: only the data in the QR code were checked.",
    };
  }
  const result = await checkBytes(pdf, digest, qrText);
  if (result.status === "valid") {
    return { code: "PDF_INTEGRITY", status: "valid", message: "The PDF file is exactly the one issued." };
  }
  return result.reason === "REVISION_NOT_FOUND"
    ? {
        code: "PDF_INTEGRITY",
        status: "invalid",
        reason: "REVISION_NOT_FOUND",
        message: "The PDF's content is not the content that was sealed: the file was edited or re-saved.",
      }
    : {
        code: "PDF_INTEGRITY",
        status: "invalid",
        reason: "EXTRA_CHANGES",
        message:
          "The sealed content is intact, but the file was changed after issuance beyond the seal's stamp.",
      };
}
