import { isSceauError } from "../../core/errors.ts";
import { decodeQrText, type DecodedSeal } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";

/** SEAL_FORMAT: the QR text holds a well-formed seal of a known version. */
export function checkSealFormat(text: string): { check: Check; decoded: DecodedSeal | null } {
  try {
    const decoded = decodeQrText(text);
    return {
      check: {
        code: "SEAL_FORMAT",
        status: "valid",
        message: "The QR code holds a well-formed Sceau seal (version 1).",
      },
      decoded,
    };
  } catch (e) {
    const reason = isSceauError(e) ? e.code : "SEAL_MALFORMED";
    const detail = isSceauError(e) ? e.message : "The seal could not be read.";
    return {
      check: {
        code: "SEAL_FORMAT",
        status: "invalid",
        reason,
        message: `The QR code holds no valid seal: ${detail}`,
      },
      decoded: null,
    };
  }
}
