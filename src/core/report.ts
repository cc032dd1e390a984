/**
 * The verification report: the verdict, every check, and the facts a person compares with the
 * paper. This is the JSON body of `POST /api/v1/verify`, and what the verification page shows
 * for a seal it checked itself.
 * @module
 */
import type { Language } from "./extract.ts";
import type { IssuerOffice } from "./trust.ts";
import type { Check, Verdict, Warning } from "./verdict.ts";

export type Source = "qr-text" | "pdf" | "image";

/**
 * What a `valid` verdict proves (docs/verdict.md): `document`, the file is byte for byte the PDF
 * issued; `data`, only the seal was checked (QR text, a photo, a scan, a PDF that is a copy), so
 * the paper must say the same as the seal's data.
 */
export type Scope = "document" | "data";

export interface KeyData {
  readonly debtor:
    | {
        readonly type: "person";
        readonly lastName: string;
        readonly firstNames: string;
        readonly dateOfBirth: string;
      }
    | { readonly type: "company"; readonly name: string; readonly uid: string };
  readonly postalCode: string;
  readonly town: string;
  readonly country: string;
  readonly coverage: { readonly from: string; readonly to: string };
  readonly summary: {
    readonly entries: number;
    readonly openEntries: number;
    /** Decimal CHF, for example "1234.50". */
    readonly openAmount: string;
    readonly lossCertificates: number;
    readonly lossAmount: string;
  };
}

/** How the QR text was obtained from an uploaded file. */
export interface Decoding {
  /** `stamp`: read from the PDF stamp's objects; `pixels`: decoded from a page or photo. */
  readonly via: "stamp" | "pixels";
  /** The attempts that ran, in order (the last one found the text). */
  readonly attempts: readonly string[];
  /** Time spent finding the text, in milliseconds. */
  readonly ms: number;
}

export interface VerificationReport {
  readonly verdict: Verdict;
  /** What was proven: the whole file (`document`) or only the seal's data (`data`). */
  readonly scope: Scope;
  readonly warnings: readonly Warning[];
  /**
   * The facts warnings show: for `unofficial-address`, the `address` the QR code opens and the
   * registry's `officialAddress`. Empty otherwise.
   */
  readonly warningParams: { readonly address?: string; readonly officialAddress?: string };
  readonly source: Source;
  /** Language of the messages. */
  readonly lang: Language;
  /** The verdict in words, in `lang`. */
  readonly summary: string;
  readonly checks: readonly Check[];
  /** Present for uploaded files. */
  readonly decoding: Decoding | null;
  /** Present once the seal decoded. */
  readonly document: {
    readonly id: string;
    readonly office: string;
    readonly issuedAt: string;
    readonly ageDays: number;
  } | null;
  readonly keyData: KeyData | null;
  /** From the verifier's own trust list, never from the document. */
  readonly issuer: {
    /** The issuing office's name when the trust list names it, else the registry's. */
    readonly name: string;
    readonly chainId: number;
    readonly registry: string;
    /** The office that anchored the seal's batch, from the trust list (null when it names none). */
    readonly office: IssuerOffice | null;
  } | null;
  readonly anchor: {
    readonly root: string;
    readonly account: string;
    readonly anchoredAt: string;
    readonly blockNumber: number | null;
    readonly txHash: string | null;
  } | null;
  readonly revocation: {
    readonly scope: "batch" | "extract";
    readonly revokedAt: string;
    readonly reason: string;
  } | null;
}

/**
 * Centimes as the decimal CHF amount the report shows, always with two decimals.
 * @example centsToDecimal(123450) // "1234.50"
 */
export function centsToDecimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
