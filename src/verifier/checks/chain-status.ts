import type { ChainLocation, RevokedLeaf } from "../../core/chain.ts";
import { isSceauError } from "../../core/errors.ts";
import type { ChainReading } from "../../core/chain.ts";
import type { TrustedRegistry } from "../ports.ts";

/**
 * The four chain checks' facts: the registry's `sealStatus`, then, only for a root the registry
 * says is anchored, its anchoring event (block and transaction, shown to the user and used for
 * finality) unless it is already `known`. A root the registry does not know never costs a search
 * of the chain's history. An outage is data, never an exception; a missing event only leaves
 * the block unknown.
 */
export async function readChain(
  registry: TrustedRegistry,
  root: Uint8Array,
  leaf: Uint8Array,
  known: ChainLocation | null = null,
): Promise<ChainReading> {
  let status;
  try {
    status = await registry.reader.sealStatus(root, leaf);
  } catch (e) {
    return { status: null, event: null, error: isSceauError(e) ? e.code : "CHAIN_UNAVAILABLE" };
  }
  if (!status.issuer) return { status, event: null, error: null };
  const event = known ?? (await registry.reader.anchorEvent(root).catch(() => null));
  return { status, event, error: null };
}

/**
 * The facts of a root without a leaf, for the verification page: `sealStatus` with the zero leaf
 * (anchoring, issuer, the root's revocation) and, for an anchored root, every leaf revoked under
 * it, read in parallel with the anchoring event as {@link readChain} does.
 */
export async function readRoot(
  registry: TrustedRegistry,
  root: Uint8Array,
  known: ChainLocation | null = null,
): Promise<ChainReading & { readonly revokedLeaves: readonly RevokedLeaf[] }> {
  const zero = new Uint8Array(32);
  let status;
  try {
    status = await registry.reader.sealStatus(root, zero);
  } catch (e) {
    return {
      status: null,
      event: null,
      error: isSceauError(e) ? e.code : "CHAIN_UNAVAILABLE",
      revokedLeaves: [],
    };
  }
  if (!status.issuer) return { status, event: null, error: null, revokedLeaves: [] };
  const [event, leaves] = await Promise.all([
    known ? Promise.resolve(known) : registry.reader.anchorEvent(root).catch(() => null),
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
  return { status, event, error: null, revokedLeaves: leaves.v };
}
