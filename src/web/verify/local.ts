/**
 * Verifying a seal on the device (the fragment and camera flows) with the core code the server
 * runs (`src/core/verify.ts`): the seal is decoded, its proof recomputed, the checks made and the
 * verdict decided here. The server is asked only for the facts of the batch root, by
 * `GET /api/v1/roots/{root}?chainId=&registry=`: the root (a hash of salted data), the chain and
 * the registry, nothing personal. Not the leaf: it is one extract's stable pseudonym, which the
 * operator could link to the person. The answer lists every leaf revoked under the root, and the
 * page looks for its own among them.
 * @module
 */
import { checksumAddress } from "../../core/address.ts";
import { toHex } from "../../core/bytes.ts";
import type { ChainReading } from "../../core/chain.ts";
import { isVerifyErrorCode } from "../../core/errors.ts";
import type { Language } from "../../core/extract.ts";
import { VERIFY_ERROR_MESSAGES, checkMessage } from "../../core/messages.ts";
import type { VerificationReport } from "../../core/report.ts";
import type { Check } from "../../core/verdict.ts";
import { checkSeal, completeVerification, type TrustEntry, type VerifyPolicy } from "../../core/verify.ts";
import { ApiError, api } from "../api.ts";

export { isSealText } from "../../core/verify.ts";

export type Report = VerificationReport;

/** The answer of `GET /api/v1/roots/{root}`. */
interface RootAnswer {
  readonly registry: TrustEntry;
  readonly issuer: string | null;
  readonly issuerAuthorised: boolean;
  readonly anchoredAt: string | null;
  readonly anchorEvent: { blockNumber: number; txHash: string } | null;
  readonly rootRevocation: { revokedAt: string; reasonCode: number } | null;
  readonly revokedLeaves: readonly { leaf: string; revokedAt: string; reasonCode: number }[];
  readonly blockNumber: number;
  readonly policy: VerifyPolicy;
  readonly checkedAt: string;
}

/** Used until the service has said otherwise (its defaults). */
const DEFAULT_POLICY: VerifyPolicy = { maxAgeDays: 90, minConfirmations: 1 };

const seconds = (iso: string | null | undefined): number => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

/** A check's message in the page's language, from the same table as the server's. */
export function checkText(check: Check, lang: Language): string {
  return checkMessage(lang, check) ?? check.message;
}

/** An error of `POST /api/v1/verify` in words, or null for codes a person never sees. */
export function verifyErrorText(code: string, lang: Language): string | null {
  return isVerifyErrorCode(code) ? VERIFY_ERROR_MESSAGES[lang][code] : null;
}

/** The age limit the report was checked against (for the "not recent" advice). */
export function maxAgeOf(r: Report): number | null {
  const p = r.checks.find((c) => c.code === "FRESHNESS")?.params;
  return p?.maxAgeDays ?? null;
}

/**
 * Verifies scanned QR text (or a fragment) here, asking the server only about the root.
 * @throws {ApiError} `NETWORK` when the service cannot be reached at all (no verdict is possible)
 */
export async function verifyQrText(text: string, lang: Language): Promise<Report> {
  const local = checkSeal(text, []);
  const decoded = local.decoded;
  const now = (): number => Math.floor(Date.now() / 1000);
  if (!decoded || !local.root || !local.leaf) {
    // Not a seal: nothing to ask anyone.
    return completeVerification(local, {
      source: "qr-text",
      chain: null,
      fileCheck: null,
      nowSeconds: now(),
      policy: DEFAULT_POLICY,
      lang,
    });
  }
  // Asked even when the proof fails (its chain facts are then not used): the answer also tells
  // whether the seal's registry is in the service's trust list, as the server's check would.
  const ref = decoded.seal.body.registry;
  const query = new URLSearchParams({ chainId: String(ref.chainId), registry: checksumAddress(ref.address) });
  const leafHex = toHex(local.leaf);
  let facts: ChainReading;
  let trusted: TrustEntry;
  let policy = DEFAULT_POLICY;
  let nowSeconds = now();
  try {
    const { body } = await api<RootAnswer>(`/api/v1/roots/${toHex(local.root)}?${query.toString()}`);
    trusted = body.registry;
    policy = body.policy;
    // The service's clock: a phone's may be wrong, and the age of an extract must not depend on it.
    nowSeconds = seconds(body.checkedAt) || nowSeconds;
    const leafRevocation = body.revokedLeaves.find((r) => r.leaf.toLowerCase() === leafHex);
    facts = {
      status: {
        issuer: body.issuer,
        issuerAuthorised: body.issuerAuthorised,
        anchoredAt: seconds(body.anchoredAt),
        rootRevokedAt: seconds(body.rootRevocation?.revokedAt),
        rootRevocationReason: body.rootRevocation?.reasonCode ?? 0,
        leafRevokedAt: seconds(leafRevocation?.revokedAt),
        leafRevocationReason: leafRevocation?.reasonCode ?? 0,
        blockNumber: body.blockNumber,
      },
      event: body.anchorEvent,
      error: null,
    };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === "NETWORK") throw e;
    if (e.status === 404) {
      // Not in the service's trust list: an unknown issuer, however well the seal verifies.
      return completeVerification(local, {
        source: "qr-text",
        chain: null,
        fileCheck: null,
        nowSeconds,
        policy,
        lang,
      });
    }
    const registry = (e.details as { registry?: TrustEntry } | undefined)?.registry;
    if (!registry) throw e;
    trusted = registry;
    facts = { status: null, event: null, error: e.code };
  }
  return completeVerification(checkSeal(text, [trusted]), {
    source: "qr-text",
    chain: facts,
    fileCheck: null,
    nowSeconds,
    policy,
    lang,
  });
}
