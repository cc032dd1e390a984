import { toHex } from "../../core/bytes.ts";
import { isSceauError } from "../../core/errors.ts";
import { reasonName } from "../../core/revocation.ts";
import type { Check } from "../../core/verdict.ts";
import type { AnchorEvent, SealStatus } from "../../chain/registry.ts";
import type { TrustedRegistry } from "../ports.ts";
import { makeCheck } from "./make.ts";

export interface ChainFacts {
  readonly status: SealStatus | null;
  /** Block and transaction of the anchoring, when the event could be read. */
  readonly event: AnchorEvent | null;
  /** Why the chain could not be read, when it could not. */
  readonly error: string | null;
}

/**
 * One round trip for the four chain checks: the registry's `sealStatus` and, in parallel, the
 * anchoring event (block and transaction, shown to the user and used for finality) unless it is
 * already `known`. An outage is data, never an exception; a missing event only leaves the block
 * unknown.
 */
export async function readChain(
  registry: TrustedRegistry,
  root: Uint8Array,
  leaf: Uint8Array,
  known: AnchorEvent | null = null,
): Promise<ChainFacts> {
  const [status, event] = await Promise.allSettled([
    registry.reader.sealStatus(root, leaf),
    known ? Promise.resolve(known) : registry.reader.anchorEvent(root),
  ]);
  if (status.status === "rejected") {
    const e: unknown = status.reason;
    return { status: null, event: null, error: isSceauError(e) ? e.code : "CHAIN_UNAVAILABLE" };
  }
  return { status: status.value, event: event.status === "fulfilled" ? event.value : null, error: null };
}

const iso = (t: number): string => new Date(t * 1000).toISOString();
const CHAIN_CODES = ["ROOT_ANCHORED", "ISSUER_AUTHORISED", "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"] as const;

/** The four chain checks as `skipped`: the seal is not authentic, so the chain is not asked. */
export function skippedChainChecks(): Check[] {
  return CHAIN_CODES.map((code) => makeCheck(code, "skipped"));
}

/**
 * ROOT_ANCHORED, ISSUER_AUTHORISED, ROOT_NOT_REVOKED and LEAF_NOT_REVOKED from one read.
 * An unreadable chain makes all four `error` (verdict `unavailable`), never `invalid`.
 */
export function chainChecks(facts: ChainFacts, registry: TrustedRegistry, root: Uint8Array): Check[] {
  const s = facts.status;
  if (!s) {
    const params = { registry: registry.name, error: facts.error ?? "CHAIN_UNAVAILABLE" };
    return CHAIN_CODES.map((code) => makeCheck(code, "error", { reason: "CHAIN_UNAVAILABLE", params }));
  }
  if (s.issuer === null) {
    return [
      makeCheck("ROOT_ANCHORED", "invalid", {
        reason: "NOT_ANCHORED",
        params: { root: toHex(root), registry: registry.name },
      }),
      makeCheck("ISSUER_AUTHORISED", "skipped"),
      makeCheck("ROOT_NOT_REVOKED", "skipped"),
      makeCheck("LEAF_NOT_REVOKED", "skipped"),
    ];
  }
  const issuer = { issuer: s.issuer, registry: registry.name };
  return [
    makeCheck("ROOT_ANCHORED", "valid", {
      params: {
        ...issuer,
        root: toHex(root),
        anchoredAt: iso(s.anchoredAt),
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
          params: { revokedAt: iso(s.rootRevokedAt), revocationReason: reasonName(s.rootRevocationReason) },
        }),
    s.leafRevokedAt === 0
      ? makeCheck("LEAF_NOT_REVOKED", "valid")
      : makeCheck("LEAF_NOT_REVOKED", "invalid", {
          reason: revocationReasonCode(s.leafRevocationReason),
          params: { revokedAt: iso(s.leafRevokedAt), revocationReason: reasonName(s.leafRevocationReason) },
        }),
  ];
}

/** `issued-in-error` → `ISSUED_IN_ERROR`: the reason code of a revocation check. */
function revocationReasonCode(code: number): string {
  return reasonName(code).toUpperCase().replace(/-/g, "_");
}
