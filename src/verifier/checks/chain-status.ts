import { toHex } from "../../core/bytes.ts";
import { isSceauError } from "../../core/errors.ts";
import { reasonName } from "../../core/revocation.ts";
import type { Check } from "../../core/verdict.ts";
import type { SealStatus } from "../../chain/registry.ts";
import type { TrustedRegistry } from "../ports.ts";

export interface ChainFacts {
  readonly status: SealStatus | null;
  /** Why the chain could not be read, when it could not. */
  readonly error: string | null;
}

/** One chain read for the four chain checks; an outage is data, never an exception. */
export async function readChain(
  registry: TrustedRegistry,
  root: Uint8Array,
  leaf: Uint8Array,
): Promise<ChainFacts> {
  try {
    return { status: await registry.reader.sealStatus(root, leaf), error: null };
  } catch (e) {
    return { status: null, error: isSceauError(e) ? e.code : "CHAIN_UNAVAILABLE" };
  }
}

const iso = (t: number): string => new Date(t * 1000).toISOString();

/**
 * ROOT_ANCHORED, ISSUER_AUTHORISED, ROOT_NOT_REVOKED and LEAF_NOT_REVOKED from one read.
 * An unreadable chain makes all four `error` (verdict `unavailable`), never `invalid`.
 */
export function chainChecks(facts: ChainFacts, registry: TrustedRegistry, root: Uint8Array): Check[] {
  const s = facts.status;
  if (!s) {
    const message = `The chain of ${registry.name} could not be read (${facts.error ?? "CHAIN_UNAVAILABLE"}): no conclusion is possible.`;
    return (["ROOT_ANCHORED", "ISSUER_AUTHORISED", "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"] as const).map(
      (code) => ({
        code,
        status: "error" as const,
        reason: "CHAIN_UNAVAILABLE",
        message,
      }),
    );
  }
  if (s.issuer === null) {
    const skipped = "Not checked: the root is not anchored.";
    return [
      {
        code: "ROOT_ANCHORED",
        status: "invalid",
        reason: "NOT_ANCHORED",
        message: `Batch root ${toHex(root)} is not anchored in the registry of ${registry.name}.`,
      },
      { code: "ISSUER_AUTHORISED", status: "skipped", message: skipped },
      { code: "ROOT_NOT_REVOKED", status: "skipped", message: skipped },
      { code: "LEAF_NOT_REVOKED", status: "skipped", message: skipped },
    ];
  }
  return [
    {
      code: "ROOT_ANCHORED",
      status: "valid",
      message: `The batch root was anchored on ${iso(s.anchoredAt)} by account ${s.issuer}.`,
    },
    s.issuerAuthorised
      ? {
          code: "ISSUER_AUTHORISED",
          status: "valid",
          message: `Account ${s.issuer} holds the issuer role of ${registry.name} for this anchor.`,
        }
      : {
          code: "ISSUER_AUTHORISED",
          status: "invalid",
          reason: "ISSUER_NOT_AUTHORISED",
          message: `Account ${s.issuer} no longer holds the issuer role of ${registry.name}: its anchors are withdrawn.`,
        },
    s.rootRevokedAt === 0
      ? { code: "ROOT_NOT_REVOKED", status: "valid", message: "The batch is not revoked." }
      : {
          code: "ROOT_NOT_REVOKED",
          status: "invalid",
          reason: reasonName(s.rootRevocationReason).toUpperCase().replace(/-/g, "_"),
          message: `The whole batch was revoked on ${iso(s.rootRevokedAt)} (${reasonName(s.rootRevocationReason)}).`,
        },
    s.leafRevokedAt === 0
      ? { code: "LEAF_NOT_REVOKED", status: "valid", message: "This extract is not revoked." }
      : {
          code: "LEAF_NOT_REVOKED",
          status: "invalid",
          reason: reasonName(s.leafRevocationReason).toUpperCase().replace(/-/g, "_"),
          message: `This extract was revoked on ${iso(s.leafRevokedAt)} (${reasonName(s.leafRevocationReason)}).`,
        },
  ];
}
