/**
 * Merkle tree over seals, compatible with OpenZeppelin's `MerkleProof`:
 * - seal digest = keccak256(seal body);
 * - leaf = keccak256(seal digest), a second hash so that no inner node (a 64-byte preimage)
 *   can ever be presented as a leaf;
 * - node = keccak256(min(a, b) ‖ max(a, b)), sorted pairs, so proofs carry no left/right bits;
 * - a node without a sibling on its level is carried up unchanged (nothing is duplicated).
 *
 * A batch of one seal has the leaf itself as its root and an empty proof. Leaves stay in batch
 * order (OpenZeppelin's merkle-tree sorts them by default): a seal's index is its place in the
 * batch.
 *
 * Every function takes the Keccak-256 to hash with as its last argument, noble's by default
 * (see `hash.ts`): the issuer passes a faster one. Wrong arguments (an empty batch, a hash that
 * is not 32 bytes, an index outside the tree) are the caller's bug, never a client's input:
 * they throw `INTERNAL`.
 * @module
 */
import { compareBytes, concatBytes, equalBytes } from "./bytes.ts";
import { invariant } from "./errors.ts";
import { keccak256, type HashFunction } from "./hash.ts";

const HASH_LENGTH = 32;
/** Deepest proof a seal may carry: 2^32 leaves is far beyond any batch. */
export const MAX_PROOF_LENGTH = 32;

/** The seal digest of a seal body: keccak256(body), what the registry's `verify` takes. */
export function sealDigest(sealBody: Uint8Array, keccak: HashFunction = keccak256): Uint8Array {
  return keccak(sealBody);
}

/**
 * The leaf of a seal digest: keccak256(digest).
 * @throws {SceauError} `INTERNAL` when `digest` is not 32 bytes
 */
export function leafFromDigest(digest: Uint8Array, keccak: HashFunction = keccak256): Uint8Array {
  assertHash(digest, "seal digest");
  return keccak(digest);
}

/** Leaf of a seal body: keccak256(keccak256(body)). */
export function leafHash(sealBody: Uint8Array, keccak: HashFunction = keccak256): Uint8Array {
  return keccak(keccak(sealBody));
}

/** The parent of two nodes: keccak256 of the pair in ascending order (OpenZeppelin's `commutativeKeccak256`). */
export function nodeHash(a: Uint8Array, b: Uint8Array, keccak: HashFunction = keccak256): Uint8Array {
  return compareBytes(a, b) <= 0 ? keccak(concatBytes(a, b)) : keccak(concatBytes(b, a));
}

export interface MerkleTree {
  /** Level 0 holds the leaves in batch order; the last level holds the root alone. */
  readonly levels: readonly (readonly Uint8Array[])[];
  readonly root: Uint8Array;
}

/**
 * Builds the tree of `leaves` (already leaf-hashed), keeping their order.
 * @throws {SceauError} `INTERNAL` for an empty batch or a leaf that is not 32 bytes
 */
export function buildTree(leaves: readonly Uint8Array[], keccak: HashFunction = keccak256): MerkleTree {
  invariant(leaves.length > 0, "a Merkle tree needs at least one leaf");
  for (const leaf of leaves) assertHash(leaf, "leaf");
  const levels: Uint8Array[][] = [leaves.slice()];
  let level = levels[0] ?? [];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      next.push(right === undefined ? left : nodeHash(left, right, keccak));
    }
    levels.push(next);
    level = next;
  }
  return { levels, root: level[0] as Uint8Array };
}

/**
 * Sibling hashes from the leaf at `index` up to the root. The proof is checked against the root
 * before it is returned, as OpenZeppelin's merkle-tree does: a seal is printed with it, and a
 * tree that was altered after it was built must fail here, not at verification.
 * @throws {SceauError} `INTERNAL` for an index outside the tree, or a proof that does not lead
 * to the root
 */
export function getProof(tree: MerkleTree, index: number, keccak: HashFunction = keccak256): Uint8Array[] {
  const leaf = leafAt(tree, index);
  const proof = siblings(tree, index);
  invariant(
    verifyProof(tree.root, leaf, proof, keccak),
    `the proof of leaf ${index} does not lead to the root`,
  );
  return proof;
}

/**
 * Every leaf's proof, in leaf order: what a batch needs. Each is checked against the root as
 * {@link getProof} checks one, with the work shared: the leaves under one node fold through it
 * with the same two hashes, so its parent is computed once and reused for every leaf whose two
 * inputs are the same bytes (sound, since a node's hash depends on nothing else). That is about
 * one hash per leaf for the whole batch instead of one per level per leaf.
 * @throws {SceauError} `INTERNAL` for a proof that does not lead to the root
 */
export function getProofs(tree: MerkleTree, keccak: HashFunction = keccak256): Uint8Array[][] {
  const leaves = tree.levels[0] ?? [];
  const proofs = leaves.map((_, i) => siblings(tree, i));
  const folded = leaves.slice();
  const depth = proofs.reduce((deepest, p) => Math.max(deepest, p.length), 0);
  for (let step = 0; step < depth; step++) {
    // The leaves folding through one node at this step are consecutive (their index in a full
    // tree, shifted, is the same), and come from its two sides with their own arrays: one fold
    // is kept for each side while they last.
    let group = -1;
    let sides: Fold[] = [];
    for (let i = 0; i < leaves.length; i++) {
      const sibling = proofs[i]?.[step];
      const node = folded[i];
      if (sibling === undefined || node === undefined) continue;
      if (i >> (step + 1) !== group) {
        group = i >> (step + 1);
        sides = [];
      }
      let same = sides.find((f) => f.node === node && f.sibling === sibling);
      if (!same) {
        same = sides.find((f) => sameBytesPair(f.node, f.sibling, node, sibling));
        const parent = same?.parent ?? nodeHash(node, sibling, keccak);
        if (sides.length < 2) sides.push({ node, sibling, parent });
        same = { node, sibling, parent };
      }
      folded[i] = same.parent;
    }
  }
  for (let i = 0; i < leaves.length; i++) {
    invariant(
      equalBytes(folded[i] as Uint8Array, tree.root),
      `the proof of leaf ${i} does not lead to the root`,
    );
  }
  return proofs;
}

/** One step of a proof's fold: the node, its sibling, and their parent. */
interface Fold {
  readonly node: Uint8Array;
  readonly sibling: Uint8Array;
  readonly parent: Uint8Array;
}

/** The leaf at `index`. @throws {SceauError} `INTERNAL` for an index outside the tree */
function leafAt(tree: MerkleTree, index: number): Uint8Array {
  const leaves = tree.levels[0] ?? [];
  const leaf = leaves[index];
  invariant(
    Number.isInteger(index) && leaf !== undefined,
    `leaf index ${index} is outside a tree of ${leaves.length} leaves`,
  );
  return leaf;
}

/** The sibling hashes from the leaf at `index` up to the root, unchecked. */
function siblings(tree: MerkleTree, index: number): Uint8Array[] {
  leafAt(tree, index);
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

/** True when {a, b} and {c, d} are the same two byte strings, in either order. */
function sameBytesPair(a: Uint8Array, b: Uint8Array, c: Uint8Array, d: Uint8Array): boolean {
  return (equalBytes(a, c) && equalBytes(b, d)) || (equalBytes(a, d) && equalBytes(b, c));
}

/** The root a proof leads to from `leaf` (OpenZeppelin `processProof`). */
export function processProof(
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  keccak: HashFunction = keccak256,
): Uint8Array {
  let computed = leaf;
  for (const sibling of proof) computed = nodeHash(computed, sibling, keccak);
  return computed;
}

/** True when `proof` leads from `leaf` to `root` (OpenZeppelin `verify`). */
export function verifyProof(
  root: Uint8Array,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  keccak: HashFunction = keccak256,
): boolean {
  return equalBytes(processProof(leaf, proof, keccak), root);
}

function assertHash(value: Uint8Array, label: string): void {
  invariant(
    value instanceof Uint8Array && value.length === HASH_LENGTH,
    `a ${label} must be ${HASH_LENGTH} bytes`,
  );
}
