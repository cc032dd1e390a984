/**
 * Verifying a seal, as pure functions: the server's verifier and the browser's verification page
 * run this same code, so a seal gets the same checks, messages and verdict wherever it is checked.
 *
 * Verification has two steps around the one chain read that only the caller can do:
 * 1. {@link checkSeal}: decode the QR text, find the seal's registry in the trust list, recompute
 *    the Merkle root (everything that needs no network);
 * 2. {@link completeVerification}: from the chain's facts about that root (or their absence),
 *    the file check when there is a file, and the clock, the remaining checks, the verdict
 *    ({@link decideVerdict}) and the report.
 * @module
 */
import { checksumAddress } from "./address.ts";
import { equalBytes, toHex } from "./bytes.ts";
import type { ChainReading } from "./chain.ts";
import { isoFromUnix } from "./dates.ts";
import { isSceauError } from "./errors.ts";
import type { Language } from "./extract.ts";
import { keccak256, type HashFunction } from "./hash.ts";
import { leafHash, processProof } from "./merkle.ts";
import { DEFAULT_LANGUAGE, checkMessage, verdictSummary } from "./messages.ts";
import {
  centsToDecimal,
  type Decoding,
  type KeyData,
  type Source,
  type VerificationReport,
} from "./report.ts";
import { reasonName } from "./revocation.ts";
import {
  decodeQrText,
  formatDocumentId,
  parseQrText,
  sameAddress,
  verificationAddress,
  type QrTextParts,
} from "./qr-text.ts";
import { findOffice, issuerOffice, type TrustOffice } from "./trust.ts";
import { ROOT_HINT_LENGTH, SEAL_VERSION, type DecodedSeal } from "./seal.ts";
import {
  decideVerdict,
  type Check,
  type CheckCode,
  type CheckStatus,
  type MessageParams,
} from "./verdict.ts";

/** A registry of the verifier's own trust list. */
export interface TrustEntry {
  readonly chainId: number;
  /** `0x` hex, any case. */
  readonly address: string;
  /** Display name of the canton or office. */
  readonly name: string;
  /**
   * Base URL of the registry's official verification page (its issuer's `SCEAU_PUBLIC_URL`):
   * its extracts' QR codes hold exactly `<verifyUrl>/v#<seal>`.
   */
  readonly verifyUrl: string;
  /** The registry's offices (docs/verdict.md): who is named as the issuer. */
  readonly offices?: readonly TrustOffice[];
}

export interface VerifyPolicy {
  readonly maxAgeDays: number;
  readonly minConfirmations: number;
}

/** A check with its message in English; {@link localiseCheck} words it in another language. */
export function makeCheck(
  code: CheckCode,
  status: CheckStatus,
  extra: { readonly reason?: string; readonly params?: MessageParams } = {},
): Check {
  const base = {
    code,
    status,
    ...(extra.reason === undefined ? {} : { reason: extra.reason }),
    ...(extra.params === undefined ? {} : { params: extra.params }),
  };
  return { ...base, message: checkMessage("en", base) ?? `${code}: ${extra.reason ?? status}` };
}

/** `check` with its message in `lang` (the English one kept when the table has none). */
function localiseCheck(check: Check, lang: Language): Check {
  if (lang === "en") return check;
  return { ...check, message: checkMessage(lang, check) ?? check.message };
}

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

/** True when the text holds a well-formed seal (other QR codes are not ours). */
export function isSealText(text: string): boolean {
  return checkSealFormat(text).decoded !== null;
}

/**
 * REGISTRY_TRUSTED: the registry named by the seal is in this verifier's own trust list. A seal
 * naming any other registry is from an unknown issuer, however well it verifies elsewhere.
 */
function checkRegistryTrusted<R extends TrustEntry>(
  decoded: DecodedSeal,
  trustList: readonly R[],
  keccak: HashFunction = keccak256,
): { check: Check; registry: R | null } {
  const ref = decoded.seal.body.registry;
  const hex = toHex(ref.address);
  const address = checksumAddress(ref.address, keccak);
  const registry =
    trustList.find((t) => t.chainId === ref.chainId && t.address.toLowerCase() === hex) ?? null;
  if (!registry) {
    return {
      check: makeCheck("REGISTRY_TRUSTED", "invalid", {
        reason: "UNKNOWN_REGISTRY",
        params: { address, chainId: ref.chainId },
      }),
      registry: null,
    };
  }
  return {
    check: makeCheck("REGISTRY_TRUSTED", "valid", {
      params: { registry: registry.name, address, chainId: ref.chainId },
    }),
    registry,
  };
}

/**
 * MERKLE_PROOF: the seal's leaf and proof lead to a root that matches the root hint the seal
 * carries. Any change to the key data, the proof or the hint fails here, offline.
 */
function checkMerkleProof(
  decoded: DecodedSeal,
  keccak: HashFunction = keccak256,
): { check: Check; leaf: Uint8Array; root: Uint8Array } {
  const leaf = leafHash(decoded.bodyBytes, keccak);
  const root = processProof(leaf, decoded.seal.proof, keccak);
  const levels = decoded.seal.proof.length;
  if (!equalBytes(root.subarray(0, ROOT_HINT_LENGTH), decoded.seal.rootHint)) {
    return {
      check: makeCheck("MERKLE_PROOF", "invalid", { reason: "ROOT_MISMATCH", params: { levels } }),
      leaf,
      root,
    };
  }
  return { check: makeCheck("MERKLE_PROOF", "valid", { params: { levels, root: toHex(root) } }), leaf, root };
}

const CHAIN_CODES = ["ROOT_ANCHORED", "ISSUER_AUTHORISED", "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"] as const;

/** The four chain checks as `skipped`: the seal is not authentic, so the chain is not asked. */
function skippedChainChecks(): Check[] {
  return CHAIN_CODES.map((code) => makeCheck(code, "skipped"));
}

/**
 * ROOT_ANCHORED, ISSUER_AUTHORISED, ROOT_NOT_REVOKED and LEAF_NOT_REVOKED from one read.
 * An unreadable chain makes all four `error` (verdict `unavailable`), never `invalid`.
 */
function chainChecks(facts: ChainReading, registryName: string, root: Uint8Array): Check[] {
  const s = facts.status;
  if (!s) {
    const params = { registry: registryName, error: facts.error ?? "CHAIN_UNAVAILABLE" };
    return CHAIN_CODES.map((code) => makeCheck(code, "error", { reason: "CHAIN_UNAVAILABLE", params }));
  }
  if (s.issuer === null) {
    return [
      makeCheck("ROOT_ANCHORED", "invalid", {
        reason: "NOT_ANCHORED",
        params: { root: toHex(root), registry: registryName },
      }),
      makeCheck("ISSUER_AUTHORISED", "skipped"),
      makeCheck("ROOT_NOT_REVOKED", "skipped"),
      makeCheck("LEAF_NOT_REVOKED", "skipped"),
    ];
  }
  const issuer = { issuer: s.issuer, registry: registryName };
  return [
    makeCheck("ROOT_ANCHORED", "valid", {
      params: {
        ...issuer,
        root: toHex(root),
        anchoredAt: isoFromUnix(s.anchoredAt),
        ...(facts.event ? { blockNumber: facts.event.blockNumber } : {}),
      },
    }),
    s.issuerAuthorised
      ? makeCheck("ISSUER_AUTHORISED", "valid", { params: issuer })
      : makeCheck("ISSUER_AUTHORISED", "invalid", { reason: "ISSUER_NOT_AUTHORISED", params: issuer }),
    s.rootRevokedAt === 0
      ? makeCheck("ROOT_NOT_REVOKED", "valid")
      : makeCheck("ROOT_NOT_REVOKED", "invalid", {
          reason: revocationReasonCode(s.rootRevocationReason),
          params: {
            revokedAt: isoFromUnix(s.rootRevokedAt),
            revocationReason: reasonName(s.rootRevocationReason),
          },
        }),
    s.leafRevokedAt === 0
      ? makeCheck("LEAF_NOT_REVOKED", "valid")
      : makeCheck("LEAF_NOT_REVOKED", "invalid", {
          reason: revocationReasonCode(s.leafRevocationReason),
          params: {
            revokedAt: isoFromUnix(s.leafRevokedAt),
            revocationReason: reasonName(s.leafRevocationReason),
          },
        }),
  ];
}

/** `issued-in-error` → `ISSUED_IN_ERROR`: the reason code of a revocation check. */
function revocationReasonCode(code: number): string {
  return reasonName(code).toUpperCase().replace(/-/g, "_");
}

/** FRESHNESS: the extract is younger than the configured age. A warning, never a verdict. */
function checkFreshness(
  issuedAt: number,
  nowSeconds: number,
  maxAgeDays: number,
): { check: Check; ageDays: number } {
  const ageDays = Math.max(0, Math.floor((nowSeconds - issuedAt) / 86_400));
  // Five minutes of clock skew between the issuer and this verifier are tolerated.
  if (issuedAt > nowSeconds + 300) {
    return { check: makeCheck("FRESHNESS", "invalid", { reason: "ISSUED_IN_FUTURE" }), ageDays: 0 };
  }
  return ageDays > maxAgeDays
    ? {
        check: makeCheck("FRESHNESS", "invalid", { reason: "STALE", params: { ageDays, maxAgeDays } }),
        ageDays,
      }
    : { check: makeCheck("FRESHNESS", "valid", { params: { ageDays, maxAgeDays } }), ageDays };
}

/** FINALITY: the anchoring transaction has enough confirmations. A warning, never a verdict. */
function checkFinality(confirmations: number | null, minConfirmations: number): Check {
  if (confirmations === null) return makeCheck("FINALITY", "skipped");
  return confirmations >= minConfirmations
    ? makeCheck("FINALITY", "valid", { params: { confirmations, minConfirmations } })
    : makeCheck("FINALITY", "invalid", {
        reason: "NOT_YET_FINAL",
        params: { confirmations, minConfirmations },
      });
}

/** The first step's result: the checks that need no network, and what the chain must be asked. */
export interface SealCheck<R extends TrustEntry> {
  readonly text: string;
  /** The address and the seal of the text, when it is one of the two forms of a seal. */
  readonly qr: QrTextParts | null;
  readonly checks: readonly Check[];
  readonly decoded: DecodedSeal | null;
  readonly registry: R | null;
  /** Present when the seal decoded. */
  readonly leaf: Uint8Array | null;
  readonly root: Uint8Array | null;
  /** True when the chain must be read: the seal decoded, its registry is trusted, its proof holds. */
  readonly askChain: boolean;
}

/**
 * Step 1: SEAL_FORMAT, REGISTRY_TRUSTED and MERKLE_PROOF, with no network.
 * @param keccak the Keccak-256 to hash with (default: noble's; the server passes a faster one)
 */
export function checkSeal<R extends TrustEntry>(
  text: string,
  trustList: readonly R[],
  keccak: HashFunction = keccak256,
): SealCheck<R> {
  const format = checkSealFormat(text);
  const decoded = format.decoded;
  if (!decoded) {
    return {
      text,
      qr: null,
      checks: [format.check],
      decoded: null,
      registry: null,
      leaf: null,
      root: null,
      askChain: false,
    };
  }
  const trusted = checkRegistryTrusted(decoded, trustList, keccak);
  const proof = checkMerkleProof(decoded, keccak);
  return {
    text,
    // The seal decoded, so the text has one of the two forms.
    qr: parseQrText(text),
    checks: [format.check, trusted.check, proof.check],
    decoded,
    registry: trusted.registry,
    leaf: proof.leaf,
    root: proof.root,
    askChain: trusted.registry !== null && proof.check.status === "valid",
  };
}

/**
 * The QR text the issuer of this seal prints: the seal behind the official verification address
 * of its registry, as the trust list has it. Null when the registry is not trusted.
 */
export function officialQrText<R extends TrustEntry>(first: SealCheck<R>): string | null {
  if (!first.registry || !first.qr) return null;
  return `${verificationAddress(first.registry.verifyUrl)}#${first.qr.seal}`;
}

/**
 * The `unofficial-address` warning's facts: the address a QR link opens and the official one of
 * the seal's registry, when they differ. A bare seal opens nothing and gets no warning.
 */
function unofficialAddress<R extends TrustEntry>(
  first: SealCheck<R>,
): { readonly address: string; readonly officialAddress: string } | null {
  const address = first.qr?.address;
  if (!first.registry || address === undefined || address === null) return null;
  const official = verificationAddress(first.registry.verifyUrl);
  return sameAddress(address, official) ? null : { address, officialAddress: official };
}

export interface Completion {
  readonly source: Source;
  /** The chain's answer; null when it was not asked (see {@link SealCheck.askChain}). */
  readonly chain: ChainReading | null;
  /** PDF_INTEGRITY for a PDF; null for QR text and photos (then skipped, with the reason why). */
  readonly fileCheck: Check | null;
  readonly nowSeconds: number;
  readonly policy: VerifyPolicy;
  readonly lang?: Language;
  readonly decoding?: Decoding | null;
}

/** Step 2: the chain checks, PDF_INTEGRITY, FRESHNESS, FINALITY, the verdict and the report. */
export function completeVerification<R extends TrustEntry>(
  first: SealCheck<R>,
  c: Completion,
): VerificationReport {
  const lang = c.lang ?? DEFAULT_LANGUAGE;
  const checks: Check[] = [...first.checks];
  const decoded = first.decoded;
  if (!decoded) {
    for (const code of [
      "REGISTRY_TRUSTED",
      "MERKLE_PROOF",
      ...CHAIN_CODES,
      "PDF_INTEGRITY",
      "FRESHNESS",
      "FINALITY",
    ] as const) {
      checks.push(makeCheck(code, "skipped"));
    }
    return report(checks, c, lang, null, null, null, null, 0, null);
  }
  const facts = first.askChain ? c.chain : null;
  const root = first.root ?? new Uint8Array(32);
  if (facts && first.registry) checks.push(...chainChecks(facts, first.registry.name, root));
  else checks.push(...skippedChainChecks());

  checks.push(
    c.fileCheck ??
      makeCheck("PDF_INTEGRITY", "skipped", { reason: c.source === "image" ? "IMAGE" : "NO_FILE" }),
  );
  const fresh = checkFreshness(decoded.seal.body.issuedAt, c.nowSeconds, c.policy.maxAgeDays);
  checks.push(fresh.check);

  const s = facts?.status;
  if (s?.issuer && facts?.event) {
    checks.push(checkFinality(s.blockNumber - facts.event.blockNumber + 1, c.policy.minConfirmations));
  } else if (s?.issuer && c.policy.minConfirmations <= 1) {
    // Any anchored root is in a mined block: one confirmation is all that is asked.
    checks.push(checkFinality(1, 1));
  } else {
    checks.push(checkFinality(null, c.policy.minConfirmations));
  }
  return report(
    checks,
    c,
    lang,
    decoded,
    first.registry,
    facts,
    root,
    fresh.ageDays,
    unofficialAddress(first),
  );
}

function report(
  checks: Check[],
  c: Completion,
  lang: Language,
  decoded: DecodedSeal | null,
  registry: TrustEntry | null,
  facts: ChainReading | null,
  root: Uint8Array | null,
  ageDays: number,
  unofficial: { readonly address: string; readonly officialAddress: string } | null,
): VerificationReport {
  const { verdict, warnings } = decideVerdict(checks);
  const scope = checks.some((x) => x.code === "PDF_INTEGRITY" && x.status === "valid") ? "document" : "data";
  // A QR link to another address never changes the verdict: the seal is what it is. But the
  // printed code sends phones elsewhere, and the person must be told.
  if (unofficial) warnings.push("unofficial-address");
  const body = decoded?.seal.body;
  const s = facts?.status ?? null;
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
      revokedAt: isoFromUnix(s.leafRevokedAt),
      reason: reasonName(s.leafRevocationReason),
    };
  } else if (s && s.rootRevokedAt !== 0) {
    revocation = {
      scope: "batch",
      revokedAt: isoFromUnix(s.rootRevokedAt),
      reason: reasonName(s.rootRevocationReason),
    };
  }
  return {
    verdict,
    scope,
    warnings,
    warningParams: unofficial ?? {},
    source: c.source,
    lang,
    summary: verdictSummary(lang, verdict, scope, warnings.includes("stale") ? ageDays : null),
    checks: checks.map((check) => localiseCheck(check, lang)),
    decoding: c.decoding ?? null,
    document: body
      ? {
          id: formatDocumentId(body.documentId),
          office: body.office,
          issuedAt: isoFromUnix(body.issuedAt),
          ageDays,
        }
      : null,
    keyData,
    issuer: registry ? issuerOf(registry, s?.issuer ?? null, body?.office ?? null, lang) : null,
    anchor:
      s?.issuer && root
        ? {
            root: toHex(root),
            account: s.issuer,
            anchoredAt: isoFromUnix(s.anchoredAt),
            blockNumber: facts?.event?.blockNumber ?? null,
            txHash: facts?.event?.txHash ?? null,
          }
        : null,
    revocation,
  };
}

/** The issuer as the report names it: the office from the trust list, else the registry. */
function issuerOf(
  registry: TrustEntry,
  account: string | null,
  sealOffice: string | null,
  lang: Language,
): NonNullable<VerificationReport["issuer"]> {
  const found = findOffice(registry.offices, account, sealOffice);
  const office = found ? issuerOffice(found, lang) : null;
  return {
    name: office?.name ?? registry.name,
    chainId: registry.chainId,
    registry: registry.address,
    office,
  };
}
