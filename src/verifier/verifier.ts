/**
 * The verification use case. Inputs are QR text, a PDF or an image; the output is always a
 * {@link VerificationReport}. A forged or broken input yields checks, not exceptions; input the
 * service cannot use (no QR code, an unsupported type, a limit exceeded) is a {@link SceauError}.
 * @module
 */
import { toHex } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import { DEFAULT_LANGUAGE, VERDICT_MESSAGES } from "../core/messages.ts";
import { reasonName } from "../core/revocation.ts";
import { formatDocumentId, type DecodedSeal } from "../core/seal.ts";
import { decideVerdict, type Check } from "../core/verdict.ts";
import { chainChecks, readChain, skippedChainChecks, type ChainFacts } from "./checks/chain-status.ts";
import { checkFinality } from "./checks/finality.ts";
import { checkFreshness } from "./checks/freshness.ts";
import { localiseCheck, makeCheck } from "./checks/make.ts";
import { checkMerkleProof } from "./checks/merkle-proof.ts";
import { checkPdfIntegrity } from "./checks/pdf-integrity.ts";
import { checkRegistryTrusted } from "./checks/registry-trusted.ts";
import { checkSealFormat } from "./checks/seal-format.ts";
import { ACCEPTED_TYPES, sniffInput } from "./input-type.ts";
import type { AnchorEvent } from "../chain/registry.ts";
import type { DocumentReader, Located, TrustedRegistry } from "./ports.ts";
import {
  centsToDecimal,
  type Decoding,
  type KeyData,
  type Source,
  type VerificationReport,
} from "./report.ts";

export interface VerifierDeps {
  readonly trustList: readonly TrustedRegistry[];
  readonly now: () => number;
  readonly maxAgeDays: number;
  readonly minConfirmations: number;
  /** Finds the QR text in PDFs and images, within the limits. */
  readonly documents: DocumentReader;
}

export interface VerifyOptions {
  /** Language of the messages (default English). */
  readonly lang?: Language;
}

const isSeal = (text: string): boolean => checkSealFormat(text).decoded !== null;

/** Anchoring events kept: a batch root's event is looked up once, not at every verification. */
const MAX_CACHED_EVENTS = 10_000;

export class Verifier {
  private readonly deps: VerifierDeps;
  /**
   * Anchoring events (block, transaction) by registry and root, kept once final: where and when
   * a root was anchored no longer changes then. Revocations are read at every verification.
   */
  private readonly anchorEvents = new Map<string, AnchorEvent>();

  constructor(deps: VerifierDeps) {
    this.deps = deps;
  }

  /** Verifies scanned QR text (with or without the verifier URL). */
  verifyText(text: string, options: VerifyOptions = {}): Promise<VerificationReport> {
    return this.run(text, { source: "qr-text", pdf: null, decoding: null }, options);
  }

  /**
   * Verifies a PDF: its seal and, byte for byte, the file itself.
   * @throws {SceauError} `PDF_UNREADABLE`, `PDF_TOO_MANY_PAGES`, `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`
   */
  async verifyPdf(pdf: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
    const started = performance.now();
    const located = await this.deps.documents.inPdf(pdf, isSeal);
    return this.run(located.text, { source: "pdf", pdf, decoding: decoding(located, started) }, options);
  }

  /**
   * Verifies a photo or scan (JPEG, PNG, WebP): the seal's data, not the paper's other content.
   * @throws {SceauError} `IMAGE_UNREADABLE`, `IMAGE_TOO_LARGE`, `HEIC_UNSUPPORTED`,
   * `UNSUPPORTED_MEDIA_TYPE`, `QR_NOT_FOUND`, `TIME_BUDGET_EXCEEDED`
   */
  async verifyImage(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
    const started = performance.now();
    const located = await this.deps.documents.inImage(bytes, isSeal);
    return this.run(
      located.text,
      { source: "image", pdf: null, decoding: decoding(located, started) },
      options,
    );
  }

  /**
   * Verifies an uploaded file of any accepted type, told apart by its first bytes; the declared
   * content type only chooses the error for a file that is none of them.
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
        return this.verifyImage(bytes, options);
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

  private async run(
    text: string,
    input: { source: Source; pdf: Uint8Array | null; decoding: Decoding | null },
    options: VerifyOptions,
  ): Promise<VerificationReport> {
    const lang = options.lang ?? DEFAULT_LANGUAGE;
    const checks: Check[] = [];
    const format = checkSealFormat(text);
    checks.push(format.check);
    const decoded = format.decoded;
    if (!decoded) {
      for (const code of [
        "REGISTRY_TRUSTED",
        "MERKLE_PROOF",
        "ROOT_ANCHORED",
        "ISSUER_AUTHORISED",
        "ROOT_NOT_REVOKED",
        "LEAF_NOT_REVOKED",
        "PDF_INTEGRITY",
        "FRESHNESS",
        "FINALITY",
      ] as const) {
        checks.push(makeCheck(code, "skipped"));
      }
      return this.report(checks, input, lang, null, null, null, null, 0);
    }

    const trusted = checkRegistryTrusted(decoded, this.deps.trustList);
    checks.push(trusted.check);
    const proof = checkMerkleProof(decoded);
    checks.push(proof.check);

    let facts: ChainFacts | null = null;
    const registry = trusted.registry;
    if (registry && proof.check.status === "valid") {
      const key = `${registry.chainId}:${registry.address}:${toHex(proof.root)}`;
      facts = await readChain(registry, proof.root, proof.leaf, this.anchorEvents.get(key) ?? null);
      const { status, event } = facts;
      if (
        status?.issuer &&
        event &&
        status.blockNumber - event.blockNumber + 1 >= this.deps.minConfirmations
      ) {
        if (this.anchorEvents.size >= MAX_CACHED_EVENTS) {
          const oldest = this.anchorEvents.keys().next().value;
          if (oldest !== undefined) this.anchorEvents.delete(oldest);
        }
        this.anchorEvents.set(key, event);
      }
      checks.push(...chainChecks(facts, registry, proof.root));
    } else {
      checks.push(...skippedChainChecks());
    }

    checks.push(
      await checkPdfIntegrity(
        input.pdf,
        decoded.seal.body.pdfDigest,
        text,
        input.source === "image" ? "IMAGE" : "NO_FILE",
      ),
    );
    const nowSeconds = Math.floor(this.deps.now() / 1000);
    const fresh = checkFreshness(decoded.seal.body.issuedAt, nowSeconds, this.deps.maxAgeDays);
    checks.push(fresh.check);

    const s = facts?.status;
    if (s?.issuer && facts?.event) {
      checks.push(checkFinality(s.blockNumber - facts.event.blockNumber + 1, this.deps.minConfirmations));
    } else if (s?.issuer && this.deps.minConfirmations <= 1) {
      // Any anchored root is in a mined block: one confirmation is all that is asked.
      checks.push(checkFinality(1, 1));
    } else {
      checks.push(checkFinality(null, this.deps.minConfirmations));
    }
    return this.report(checks, input, lang, decoded, registry, facts, proof.root, fresh.ageDays);
  }

  private report(
    checks: Check[],
    input: { source: Source; decoding: Decoding | null },
    lang: Language,
    decoded: DecodedSeal | null,
    registry: TrustedRegistry | null,
    facts: ChainFacts | null,
    root: Uint8Array | null,
    ageDays: number,
  ): VerificationReport {
    const { verdict, warnings } = decideVerdict(checks);
    const body = decoded?.seal.body;
    const s = facts?.status ?? null;
    const iso = (t: number): string => new Date(t * 1000).toISOString();
    const keyData: KeyData | null = body
      ? {
          debtor: body.debtor,
          postalCode: body.postalCode,
          town: body.town,
          country: body.country,
          coverage: body.coverage,
          summary: {
            entries: body.summary.entries,
            openEntries: body.summary.openEntries,
            openAmount: centsToDecimal(body.summary.openAmountCents),
            lossCertificates: body.summary.lossCertificates,
            lossAmount: centsToDecimal(body.summary.lossAmountCents),
          },
        }
      : null;
    let revocation: VerificationReport["revocation"] = null;
    if (s && s.leafRevokedAt !== 0) {
      revocation = {
        scope: "extract",
        revokedAt: iso(s.leafRevokedAt),
        reason: reasonName(s.leafRevocationReason),
      };
    } else if (s && s.rootRevokedAt !== 0) {
      revocation = {
        scope: "batch",
        revokedAt: iso(s.rootRevokedAt),
        reason: reasonName(s.rootRevocationReason),
      };
    }
    return {
      verdict,
      warnings,
      source: input.source,
      lang,
      summary: VERDICT_MESSAGES[lang][verdict],
      checks: checks.map((c) => localiseCheck(c, lang)),
      decoding: input.decoding,
      document: body
        ? {
            id: formatDocumentId(body.documentId),
            office: body.office,
            issuedAt: iso(body.issuedAt),
            ageDays,
          }
        : null,
      keyData,
      issuer: registry
        ? { name: registry.name, chainId: registry.chainId, registry: registry.address }
        : null,
      anchor:
        s?.issuer && root
          ? {
              root: toHex(root),
              account: s.issuer,
              anchoredAt: iso(s.anchoredAt),
              blockNumber: facts?.event?.blockNumber ?? null,
              txHash: facts?.event?.txHash ?? null,
            }
          : null,
      revocation,
    };
  }
}

function decoding(located: Located, started: number): Decoding {
  return {
    via: located.via,
    attempts: located.attempts,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

function unsupported(message: string): SceauError {
  return new SceauError("UNSUPPORTED_MEDIA_TYPE", message, { details: { accepted: [...ACCEPTED_TYPES] } });
}

/** HEIC (iPhone photos): libvips as shipped decodes no HEVC, and the user can simply send JPEG. */
export function heicError(): SceauError {
  return new SceauError(
    "HEIC_UNSUPPORTED",
    "HEIC photos are not accepted: send the photo as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible).",
    { details: { accepted: [...ACCEPTED_TYPES] } },
  );
}
