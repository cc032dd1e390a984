/**
 * The verification use case. Inputs are QR text, a PDF or an image; the output is always a
 * {@link VerificationReport}. A forged or broken input yields checks, not exceptions; only input
 * that holds no QR code at all is an error (`QR_NOT_FOUND`).
 * @module
 */
import { toHex } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import { formatDocumentId, type DecodedSeal } from "../core/seal.ts";
import { reasonName } from "../core/revocation.ts";
import { decideVerdict, type Check } from "../core/verdict.ts";
import { centsToDecimal, type KeyData, type Source, type VerificationReport } from "./report.ts";
import type { TrustedRegistry } from "./ports.ts";
import { checkSealFormat } from "./checks/seal-format.ts";
import { checkRegistryTrusted } from "./checks/registry-trusted.ts";
import { checkMerkleProof } from "./checks/merkle-proof.ts";
import { chainChecks, readChain, type ChainFacts } from "./checks/chain-status.ts";
import { checkPdfIntegrity } from "./checks/pdf-integrity.ts";
import { checkFreshness } from "./checks/freshness.ts";
import { checkFinality } from "./checks/finality.ts";

export interface VerifierDeps {
  readonly trustList: readonly TrustedRegistry[];
  readonly now: () => number;
  readonly maxAgeDays: number;
  readonly minConfirmations: number;
  /** Finds the QR texts in a PDF, most likely first; empty when there is none. */
  readonly findQrInPdf: (pdf: Uint8Array) => Promise<string[]>;
}

export class Verifier {
  private readonly deps: VerifierDeps;

  constructor(deps: VerifierDeps) {
    this.deps = deps;
  }

  /** Verifies scanned QR text (with or without the verifier URL). */
  verifyText(text: string): Promise<VerificationReport> {
    return this.run(text, null, "qr-text");
  }

  /**
   * Verifies a PDF: its QR code and, byte for byte, the file itself.
   * @throws {SceauError} `QR_NOT_FOUND` when the PDF holds no QR code
   */
  async verifyPdf(pdf: Uint8Array): Promise<VerificationReport> {
    const texts = await this.deps.findQrInPdf(pdf);
    const [first] = texts;
    if (first === undefined) throw new SceauError("QR_NOT_FOUND", "No QR code was found in the PDF.");
    // The first text that is a seal wins; if none is, report on the first.
    const text = texts.find((t) => checkSealFormat(t).decoded !== null) ?? first;
    return this.run(text, pdf, "pdf");
  }

  private async run(text: string, pdf: Uint8Array | null, source: Source): Promise<VerificationReport> {
    const checks: Check[] = [];
    const format = checkSealFormat(text);
    checks.push(format.check);
    const decoded = format.decoded;
    if (!decoded) return this.report(checks, source, null, null, null, null, 0);

    const trusted = checkRegistryTrusted(decoded, this.deps.trustList);
    checks.push(trusted.check);
    const proof = checkMerkleProof(decoded);
    checks.push(proof.check);

    let facts: ChainFacts | null = null;
    const registry = trusted.registry;
    if (registry && proof.check.status === "valid") {
      facts = await readChain(registry, proof.root, proof.leaf);
      checks.push(...chainChecks(facts, registry, proof.root));
    } else {
      const why = registry
        ? "Not checked: the proof is broken."
        : "Not checked: the registry is not trusted.";
      for (const code of [
        "ROOT_ANCHORED",
        "ISSUER_AUTHORISED",
        "ROOT_NOT_REVOKED",
        "LEAF_NOT_REVOKED",
      ] as const) {
        checks.push({ code, status: "skipped", message: why });
      }
    }

    checks.push(await checkPdfIntegrity(pdf, decoded.seal.body.pdfDigest, text));
    const nowSeconds = Math.floor(this.deps.now() / 1000);
    const fresh = checkFreshness(decoded.seal.body.issuedAt, nowSeconds, this.deps.maxAgeDays);
    checks.push(fresh.check);

    let anchorEvent: { blockNumber: number; txHash: string } | null = null;
    if (facts?.status?.issuer && registry) {
      if (this.deps.minConfirmations > 1) {
        try {
          anchorEvent = await registry.reader.anchorEvent(proof.root);
        } catch {
          anchorEvent = null;
        }
        checks.push(
          checkFinality(
            anchorEvent ? facts.status.blockNumber - anchorEvent.blockNumber + 1 : null,
            this.deps.minConfirmations,
          ),
        );
      } else {
        // Any anchored root is in a mined block: one confirmation is all that is asked.
        checks.push(checkFinality(1, 1));
      }
    }
    return this.report(
      checks,
      source,
      decoded,
      registry,
      facts,
      { root: proof.root, event: anchorEvent },
      fresh.ageDays,
    );
  }

  private report(
    checks: Check[],
    source: Source,
    decoded: DecodedSeal | null,
    registry: TrustedRegistry | null,
    facts: ChainFacts | null,
    anchor: { root: Uint8Array; event: { blockNumber: number; txHash: string } | null } | null,
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
      source,
      checks,
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
        s?.issuer && anchor
          ? {
              root: toHex(anchor.root),
              account: s.issuer,
              anchoredAt: iso(s.anchoredAt),
              blockNumber: anchor.event?.blockNumber ?? null,
              txHash: anchor.event?.txHash ?? null,
            }
          : null,
      revocation,
    };
  }
}
