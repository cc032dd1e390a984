import type { ChainLocation, RevokedLeaf } from "../../core/chain.ts";
import { isSceauError } from "../../core/errors.ts";
import type { ChainReading } from "../../core/chain.ts";
import type { TrustedRegistry } from "../ports.ts";

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
  known: ChainLocation | null = null,
): Promise<ChainReading> {
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

/**
 * The facts of a root without a leaf, for the verification page: `sealStatus` with the zero leaf
 * (anchoring, issuer, the root's revocation) and every leaf revoked under the root, read in
 * parallel with the anchoring event as {@link readChain} does.
 */
export async function readRoot(
  registry: TrustedRegistry,
  root: Uint8Array,
  known: ChainLocation | null = null,
): Promise<ChainReading & { readonly revokedLeaves: readonly RevokedLeaf[] }> {
  const [chain, leaves] = await Promise.all([
    readChain(registry, root, new Uint8Array(32), known),
    registry.reader.revokedLeaves(root).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
  ]);
  if (!leaves.ok) {
    const e = leaves.e;
    return {
      status: null,
      event: null,
      error: isSceauError(e) ? e.code : "CHAIN_UNAVAILABLE",
      revokedLeaves: [],
    };
  }
  return { ...chain, revokedLeaves: chain.status ? leaves.v : [] };
}
