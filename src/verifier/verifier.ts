/**
 * The verification use case. Inputs are QR text, a PDF or an image; the output is always a
 * {@link VerificationReport}. A forged or broken input yields checks, not exceptions; input the
 * service cannot use (no QR code, an unsupported type, a limit exceeded) is a {@link SceauError}.
 * @module
 */
import { toHex } from "../core/bytes.ts";
import type { ChainLocation, ChainReading, RevokedLeaf } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import type { HashFunction } from "../core/hash.ts";
import { DEFAULT_LANGUAGE } from "../core/messages.ts";
import type { Decoding, Source, VerificationReport } from "../core/report.ts";
import { ACCEPTED_TYPES, heicError, pdfHeaderAt, sniffInput } from "../core/sniff.ts";
import type { Check } from "../core/verdict.ts";
import {
  checkSeal,
  completeVerification,
  isSealText,
  makeCheck,
  officialQrText,
  type VerifyPolicy,
} from "../core/verify.ts";
import { readChain, readRoot } from "./checks/chain-status.ts";
import { checkPdfIntegrity } from "./checks/pdf-integrity.ts";
import type { DocumentReader, Located, TrustedRegistry } from "./ports.ts";

export interface VerifierDeps {
  readonly trustList: readonly TrustedRegistry[];
  readonly now: () => number;
  readonly maxAgeDays: number;
  readonly minConfirmations: number;
  /** Finds the QR text in PDFs and images, within the limits, and compares PDFs byte for byte. */
  readonly documents: DocumentReader;
  /** The Keccak-256 seals are hashed with (default: noble's; the service passes a faster one). */
  readonly keccak256?: HashFunction;
}

export interface VerifyOptions {
  /** Language of the messages (default English). */
  readonly lang?: Language;
  /**
   * The uploaded file's name (multipart) or path (command line), when known: a file named
   * `*.pdf` claims to be a PDF, as the type `application/pdf` does.
   */
  readonly fileName?: string | null;
  /** Who sent the file (a client address key): pixel decoding is shared out by it. */
  readonly client?: string;
}

/** Anchoring events kept: a batch root's event is looked up once, not at every verification. */
const MAX_CACHED_EVENTS = 10_000;

export class Verifier {
  private readonly deps: VerifierDeps;
  /**
   * Anchoring events (block, transaction) by registry and root, kept once final: where and when
   * a root was anchored no longer changes then. Revocations are read at every verification.
   */
  private readonly anchorEvents = new Map<string, ChainLocation>();

  constructor(deps: VerifierDeps) {
    this.deps = deps;
  }

  /** Verifies scanned QR text (with or without the verifier URL). */
  verifyText(text: string, options: VerifyOptions = {}): Promise<VerificationReport> {
    return this.run(text, { source: "qr-text", pdf: null, decoding: null, fileCheck: null }, options);
  }

  /**
   * Verifies a PDF: its seal and, byte for byte, the file itself.
   * @throws {SceauError} `PDF_UNREADABLE`, `PDF_TOO_MANY_PAGES`, `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`
   */
  async verifyPdf(pdf: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
    const started = performance.now();
    const located = await this.deps.documents.inPdf(pdf, isSealText, options.client);
    return this.run(
      located.text,
      {
        source: "pdf",
        pdf,
        decoding: decoding(located, started),
        fileCheck: null,
        // A copy only when nothing else could be shown: no Sceau stamp, the QR code in the pixels,
        // and a plain PDF (one that starts as one, so no picture that is also a PDF: issue 11).
        copy: located.via === "pixels" && located.stamped !== true && pdfHeaderAt(pdf) === 0,
      },
      options,
    );
  }

  /**
   * Verifies a photo or scan (JPEG, PNG, WebP): the seal's data, not the paper's other content.
   * A picture that also holds a PDF (`%PDF-` anywhere: a PDF reader may open it and show a
   * forged document), or that was sent as a PDF (`claimsPdf`), is never `valid`: PDF_INTEGRITY
   * is then `invalid` with `IMAGE_AS_PDF`, so the verdict is at best `modified`. A phone's motion
   * photo (a video after the picture) is a photo like any other.
   * @throws {SceauError} `IMAGE_UNREADABLE`, `IMAGE_TOO_LARGE`, `HEIC_UNSUPPORTED`,
   * `UNSUPPORTED_MEDIA_TYPE`, `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`
   */
  async verifyImage(
    bytes: Uint8Array,
    options: VerifyOptions = {},
    claimsPdf = false,
  ): Promise<VerificationReport> {
    const started = performance.now();
    const located = await this.deps.documents.inImage(bytes, isSealText, options.client);
    const posing = claimsPdf || pdfHeaderAt(bytes) >= 0;
    return this.run(
      located.text,
      {
        source: "image",
        pdf: null,
        decoding: decoding(located, started),
        fileCheck: posing ? makeCheck("PDF_INTEGRITY", "invalid", { reason: "IMAGE_AS_PDF" }) : null,
      },
      options,
    );
  }

  /**
   * Verifies an uploaded file of any accepted type, told apart by its first bytes (a file any PDF
   * reader opens as a PDF is a PDF, see `sniffInput`). The declared content type and name choose
   * the error for a file that is none of them, and an image declared as a PDF is not `valid`.
   * @throws {SceauError} as {@link verifyPdf} and {@link verifyImage}
   */
  verifyFile(
    bytes: Uint8Array,
    declaredType: string | null,
    options: VerifyOptions = {},
  ): Promise<VerificationReport> {
    const kind = sniffInput(bytes);
    switch (kind) {
      case "pdf":
        return this.verifyPdf(bytes, options);
      case "jpeg":
      case "png":
      case "webp":
        return this.verifyImage(bytes, options, claimsPdf(declaredType, options.fileName ?? null));
      case "heic":
        throw heicError();
      case "other-image":
        throw unsupported("This image format is not accepted.");
      case "unknown": {
        const type = (declaredType ?? "").toLowerCase();
        if (type.includes("pdf")) throw new SceauError("PDF_UNREADABLE", "The file is not a readable PDF.");
        if (type.startsWith("image/"))
          throw new SceauError("IMAGE_UNREADABLE", "The file is not a readable image.");
        throw unsupported("The file is neither a PDF nor a JPEG, PNG or WebP image.");
      }
    }
  }

  /** The limits a verification applies (the verification page applies the same). */
  get policy(): VerifyPolicy {
    return { maxAgeDays: this.deps.maxAgeDays, minConfirmations: this.deps.minConfirmations };
  }

  /**
   * The chain's facts about a root and a leaf in a trusted registry: the one chain read of a
   * verification, also answered to pages that check the seal themselves. Never throws: an
   * outage is `error`.
   */
  async chainFacts(registry: TrustedRegistry, root: Uint8Array, leaf: Uint8Array): Promise<ChainReading> {
    const key = eventKey(registry, root);
    const chain = await readChain(registry, root, leaf, this.anchorEvents.get(key) ?? null);
    this.keepEvent(key, chain);
    return chain;
  }

  /**
   * The chain's facts about a root alone (the leaf's own revocation is not asked for) and every
   * leaf revoked under it: what the verification page asks, so that it never names its leaf.
   * Never throws: an outage is `error`.
   */
  async rootFacts(
    registry: TrustedRegistry,
    root: Uint8Array,
  ): Promise<ChainReading & { readonly revokedLeaves: readonly RevokedLeaf[] }> {
    const key = eventKey(registry, root);
    const facts = await readRoot(registry, root, this.anchorEvents.get(key) ?? null);
    this.keepEvent(key, facts);
    return facts;
  }

  private keepEvent(key: string, chain: ChainReading): void {
    const { status, event } = chain;
    if (status?.issuer && event && status.blockNumber - event.blockNumber + 1 >= this.deps.minConfirmations) {
      if (this.anchorEvents.size >= MAX_CACHED_EVENTS) {
        const oldest = this.anchorEvents.keys().next().value;
        if (oldest !== undefined) this.anchorEvents.delete(oldest);
      }
      this.anchorEvents.set(key, event);
    }
  }

  private async run(
    text: string,
    input: {
      source: Source;
      pdf: Uint8Array | null;
      decoding: Decoding | null;
      /** A file check decided before the seal was read (an image posing as a PDF). */
      fileCheck: Check | null;
      /** A PDF without a Sceau stamp whose QR code was read from its pixels: a scan or a printout. */
      copy?: boolean;
    },
    options: VerifyOptions,
  ): Promise<VerificationReport> {
    const first = checkSeal(text, this.deps.trustList, this.deps.keccak256);
    const { registry, root, leaf } = first;
    const chain =
      first.askChain && registry && root && leaf ? await this.chainFacts(registry, root, leaf) : null;
    const fileCheck =
      input.pdf && first.decoded
        ? await checkPdfIntegrity(
            this.deps.documents,
            input.pdf,
            first.decoded.seal.body.pdfDigest,
            text,
            officialQrText(first),
            input.copy === true,
          )
        : input.fileCheck;
    return completeVerification(first, {
      source: input.source,
      chain,
      fileCheck,
      nowSeconds: Math.floor(this.deps.now() / 1000),
      policy: this.policy,
      lang: options.lang ?? DEFAULT_LANGUAGE,
      decoding: input.decoding,
    });
  }
}

function eventKey(registry: TrustedRegistry, root: Uint8Array): string {
  return `${registry.chainId}:${registry.address}:${toHex(root)}`;
}

function decoding(located: Located, started: number): Decoding {
  return {
    via: located.via,
    attempts: located.attempts,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** True when the upload says it is a PDF: its type, or a `.pdf` name. */
function claimsPdf(declaredType: string | null, fileName: string | null): boolean {
  return (declaredType ?? "").toLowerCase().includes("pdf") || /\.pdf$/i.test((fileName ?? "").trim());
}

function unsupported(message: string): SceauError {
  return new SceauError("UNSUPPORTED_MEDIA_TYPE", message, { details: { accepted: [...ACCEPTED_TYPES] } });
}
