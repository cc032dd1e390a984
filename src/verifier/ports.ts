/**
 * What the verifier needs from outside, in the core's vocabulary: the chain, per trusted
 * registry, and a reader of documents. Adapters implement these (`src/chain`, `src/documents`);
 * nothing here imports them.
 * @module
 */
import type { ChainLocation, ChainStatus, RevokedLeaf } from "../core/chain.ts";
import type { TrustOffice } from "../core/trust.ts";

/**
 * The chain as the verifier reads it, for one registry. The wiring builds one per trusted
 * registry from `src/chain`'s readers, as an object literal of this type (never named there).
 * @public
 */
export interface RegistryReader {
  /** One read of everything about a root and a leaf; throws `CHAIN_UNAVAILABLE` when it cannot answer. */
  sealStatus(root: Uint8Array, leaf: Uint8Array): Promise<ChainStatus>;
  /**
   * Every leaf revoked under the root, so that a page can learn whether its own leaf is among
   * them without naming it; throws `CHAIN_UNAVAILABLE` when it cannot answer.
   */
  revokedLeaves(root: Uint8Array): Promise<readonly RevokedLeaf[]>;
  /** Block and transaction of the root's anchoring; null when no event is found. */
  anchorEvent(root: Uint8Array): Promise<ChainLocation | null>;
}

export interface TrustedRegistry {
  readonly chainId: number;
  /** Checksummed address. */
  readonly address: string;
  /** Display name of the canton or office, from the verifier's own trust list. */
  readonly name: string;
  /** Base URL of the registry's official verification page: QR codes hold `<verifyUrl>/v#<seal>`. */
  readonly verifyUrl: string;
  /** The registry's offices, from the trust list: who is named as the issuer. */
  readonly offices?: readonly TrustOffice[];
  readonly reader: RegistryReader;
}

/** Where the QR text came from: the PDF stamp's own objects, or the pixels of a page or photo. */
type LocatedVia = "stamp" | "pixels";

export interface Located {
  /** The seal's QR text, or (when no text is a seal) the first QR text seen. */
  readonly text: string;
  readonly via: LocatedVia;
  /**
   * True when the file carries a Sceau stamp (`/SceauSeal`), whatever its text: a file with one
   * that is not the issued PDF was edited, one without (a scan, a printout saved as PDF) is a copy.
   */
  readonly stamped?: boolean;
  /** The decoding attempts that ran, in order. */
  readonly attempts: readonly string[];
}

/**
 * The byte-exact check of a PDF: `valid` when it is revision 1 (hashing to the seal's digest)
 * and nothing but the stamp of the official QR text; otherwise why not.
 */
export type PdfIntegrity =
  | { readonly status: "valid" }
  | {
      readonly status: "invalid";
      readonly reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES" | "UNOFFICIAL_QR_TEXT";
    };

/**
 * Reads documents: finds the seal's QR text in PDFs and images, and checks a PDF byte for byte.
 * Implementations enforce the limits (pages, pixels, time, files decoded at once per `client`,
 * an opaque key of who sent the file); `accept` tells the seal's text from other QR codes.
 */
export interface DocumentReader {
  /**
   * @throws {SceauError} `PDF_UNREADABLE`, `PDF_TOO_MANY_PAGES`, `PDF_CONTENT_TOO_LARGE`,
   * `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`, `VERIFY_BUSY`
   */
  inPdf(pdf: Uint8Array, accept: (text: string) => boolean, client?: string): Promise<Located>;
  /**
   * @throws {SceauError} `IMAGE_UNREADABLE`, `IMAGE_TOO_LARGE`, `HEIC_UNSUPPORTED`,
   * `UNSUPPORTED_MEDIA_TYPE`, `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`, `VERIFY_BUSY`
   */
  inImage(bytes: Uint8Array, accept: (text: string) => boolean, client?: string): Promise<Located>;
  /**
   * Whether `pdf` is exactly the issued file: its revision 1 hashes to `digest` (SHA-256), and
   * it is that revision stamped (stamp v1) with exactly `officialText`. `qrText` is the text
   * found in the file: when it differs from `officialText`, the reason is `UNOFFICIAL_QR_TEXT`.
   * Never throws for a hostile file.
   */
  pdfIntegrity(
    pdf: Uint8Array,
    digest: Uint8Array,
    qrText: string,
    officialText: string,
  ): Promise<PdfIntegrity>;
}
