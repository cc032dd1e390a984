/**
 * The issuer's chain port over the registry: anchoring signs as the issuer account, revoking as
 * the revoker account. A receipt counts only when it holds the registry's own event for every
 * root or leaf: a transaction to an address without the contract (a fresh chain) succeeds
 * without doing anything, and must never be taken for an anchoring.
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { ChainPort } from "../issuer/ports.ts";
import type { RegistryClient, TxResult } from "./registry.ts";

export function createIssuerChain(clients: {
  readonly issuer: RegistryClient;
  readonly revoker: RegistryClient;
  /**
   * Offices with their own issuer key, and the office of a root (from the journal): a root of
   * such an office is anchored with its key only, so a stolen key of one office never anchors
   * another's roots. The wiring then anchors one root per transaction.
   */
  readonly offices?: {
    readonly issuers: ReadonlyMap<string, RegistryClient>;
    readonly officeOfRoot: (root: Uint8Array) => string | null;
  };
}): ChainPort {
  const { issuer, revoker, offices } = clients;
  const signerFor = (roots: readonly Uint8Array[]): RegistryClient => {
    if (!offices || offices.issuers.size === 0) return issuer;
    const names = new Set(roots.map((r) => offices.officeOfRoot(r)));
    if (names.size !== 1) {
      throw new SceauError("INTERNAL", "Roots of several offices in one anchoring transaction.");
    }
    const [name] = [...names];
    return (name ? offices.issuers.get(name) : undefined) ?? issuer;
  };
  return {
    rootInfo: (root) => issuer.rootInfo(root),
    leafRevokedAt: async (leaf) => (await issuer.leafRevocation(leaf)).revokedAt,
    anchorRoots: async (roots, hooks) =>
      expectEvents(await signerFor(roots).anchorRoots(roots, hooks), "RootAnchored", roots.length),
    revokeRoot: async (root, reason, hooks) =>
      expectEvents(await revoker.revokeRoot(root, reason, hooks), "RootRevoked", 1),
    revokeLeaf: async (root, leaf, reason, hooks) =>
      expectEvents(await revoker.revokeLeaf(root, leaf, reason, hooks), "LeafRevoked", 1),
    findAnchoring: (root) => issuer.findEvent("RootAnchored", root),
    findRevocation: (root, leaf) =>
      leaf ? issuer.findEvent("LeafRevoked", root, leaf) : issuer.findEvent("RootRevoked", root),
  };
}

function expectEvents(tx: TxResult, name: string, count: number): ChainReceipt {
  const found = tx.events.filter((e) => e === name).length;
  if (found !== count) {
    throw new SceauError(
      "REGISTRY_MISSING",
      `Transaction ${tx.txHash} emitted ${found} ${name} events instead of ${count}: no registry answers at its address.`,
    );
  }
  return { txHash: tx.txHash, blockNumber: tx.blockNumber, timestamp: tx.timestamp };
}
