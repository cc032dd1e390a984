/**
 * Verifying a seal on the device (the fragment and camera flows): the seal is decoded, its proof
 * recomputed and the verdict decided by the core code the server runs; the server is asked only
 * for the facts of the batch root, by `GET /api/v1/roots/{root}` (the root, the leaf hash, the
 * chain and the registry: nothing personal).
 * @module
 */
import { toHex } from "../../core/bytes.ts";
import type { Language } from "../../core/extract.ts";
import { decodeQrText } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";
import type { VerificationReport } from "../../verifier/report.ts";
import { ApiError, api } from "../api.ts";

export type Report = VerificationReport;

export function isSealText(text: string): boolean {
  try {
    decodeQrText(text);
    return true;
  } catch {
    return false;
  }
}

export function checkText(check: Check, _lang: Language): string {
  return check.message;
}

export function verifyErrorText(_code: string, _lang: Language): string | null {
  return null;
}

export function verdictExtra(_r: Report): { maxAgeDays: number | null } {
  return { maxAgeDays: null };
}

export async function verifyQrText(text: string): Promise<Report> {
  const decoded = decodeQrText(text);
  const { body } = await api<unknown>(`/api/v1/roots/${toHex(decoded.seal.rootHint)}`).catch((e: unknown) => {
    if (e instanceof ApiError) return { body: null };
    throw e;
  });
  void body;
  throw new Error("not yet");
}
