/**
 * Merkle tree over seals, compatible with OpenZeppelin's `MerkleProof`:
 * - seal digest = keccak256(seal body);
 * - leaf = keccak256(seal digest), a second hash so that no inner node (a 64-byte preimage)
 *   can ever be presented as a leaf;
 * - node = keccak256(min(a, b) ‖ max(a, b)), sorted pairs, so proofs carry no left/right bits;
 * - a node without a sibling on its level is carried up unchanged (nothing is duplicated).
 *
 * A batch of one seal has the leaf itself as its root and an empty proof.
 * @module
 */
import { compareBytes, concatBytes, equalBytes } from "./bytes.ts";
import { SceauError } from "./errors.ts";
import { keccak256 } from "./hash.ts";

export const HASH_LENGTH = 32;
/** Deepest proof a seal may carry: 2^32 leaves is far beyond any batch. */
export const MAX_PROOF_LENGTH = 32;

export function sealDigest(sealBody: Uint8Array): Uint8Array {
  return keccak256(sealBody);
}

export function leafFromDigest(digest: Uint8Array): Uint8Array {
  assertHash(digest, "seal digest");
  return keccak256(digest);
}

/** Leaf of a seal body: keccak256(keccak256(body)). */
export function leafHash(sealBody: Uint8Array): Uint8Array {
  return keccak256(keccak256(sealBody));
}

export function nodeHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  return compareBytes(a, b) <= 0 ? keccak256(concatBytes(a, b)) : keccak256(concatBytes(b, a));
}

export interface MerkleTree {
  /** Level 0 holds the leaves in batch order; the last level holds the root alone. */
  readonly levels: readonly (readonly Uint8Array[])[];
  readonly root: Uint8Array;
}

/**
 * Builds the tree of `leaves` (already leaf-hashed), keeping their order.
 * @throws {SceauError} `BAD_REQUEST` for an empty batch or a leaf that is not 32 bytes
 */
export function buildTree(leaves: readonly Uint8Array[]): MerkleTree {
  if (leaves.length === 0) throw new SceauError("BAD_REQUEST", "A Merkle tree needs at least one leaf.");
  for (const leaf of leaves) assertHash(leaf, "leaf");
  const levels: Uint8Array[][] = [leaves.slice()];
  let level = levels[0] ?? [];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      next.push(right === undefined ? left : nodeHash(left, right));
    }
    levels.push(next);
    level = next;
  }
  return { levels, root: level[0] as Uint8Array };
}

/**
 * Sibling hashes from the leaf at `index` up to the root.
 * @throws {SceauError} `BAD_REQUEST` for an index outside the tree
 */
export function getProof(tree: MerkleTree, index: number): Uint8Array[] {
  const size = tree.levels[0]?.length ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new SceauError("BAD_REQUEST", `Leaf index ${index} is outside a tree of ${size} leaves.`);
  }
  const proof: Uint8Array[] = [];
  let i = index;
  for (let l = 0; l < tree.levels.length - 1; l++) {
    const level = tree.levels[l] ?? [];
    const sibling = level[i ^ 1];
    if (sibling !== undefined) proof.push(sibling);
    i >>= 1;
  }
  return proof;
}

/** The root a proof leads to from `leaf` (OpenZeppelin `processProof`). */
export function processProof(leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let computed = leaf;
  for (const sibling of proof) computed = nodeHash(computed, sibling);
  return computed;
}

export function verifyProof(root: Uint8Array, leaf: Uint8Array, proof: readonly Uint8Array[]): boolean {
  return equalBytes(processProof(leaf, proof), root);
}

function assertHash(value: Uint8Array, label: string): void {
  if (!(value instanceof Uint8Array) || value.length !== HASH_LENGTH) {
    throw new SceauError("BAD_REQUEST", `A ${label} must be ${HASH_LENGTH} bytes.`);
  }
}
