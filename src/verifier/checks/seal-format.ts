import { isSceauError } from "../../core/errors.ts";
import { SEAL_VERSION, decodeQrText, type DecodedSeal } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";
import { makeCheck } from "./make.ts";

/** SEAL_FORMAT: the QR text holds a well-formed seal of a known version. */
export function checkSealFormat(text: string): { check: Check; decoded: DecodedSeal | null } {
  try {
    const decoded = decodeQrText(text);
    return { check: makeCheck("SEAL_FORMAT", "valid", { params: { version: SEAL_VERSION } }), decoded };
  } catch (e) {
    const reason = isSceauError(e) ? e.code : "SEAL_MALFORMED";
    return {
      check: makeCheck("SEAL_FORMAT", "invalid", {
        reason,
        ...(isSceauError(e) ? { params: { error: e.message } } : {}),
      }),
      decoded: null,
    };
  }
}
