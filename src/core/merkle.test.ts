import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { concatBytes, equalBytes } from "./bytes.ts";
import { keccak256 } from "./hash.ts";
import {
  buildTree,
  getProof,
  getProofs,
  leafFromDigest,
  leafHash,
  nodeHash,
  processProof,
  sealDigest,
  verifyProof,
} from "./merkle.ts";

const leafArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const runs = process.env.CI ? 500 : 100;

describe("Merkle tree", () => {
  test("a batch of one has the leaf as root and an empty proof", () => {
    const leaf = leafHash(Uint8Array.of(1, 2, 3));
    const tree = buildTree([leaf]);
    expect(tree.root).toEqual(leaf);
    expect(getProof(tree, 0)).toEqual([]);
  });

  test("leaves are keccak256(keccak256(seal)) and nodes hash sorted pairs", () => {
    const body = Uint8Array.of(9, 9, 9);
    expect(leafHash(body)).toEqual(keccak256(keccak256(body)));
    expect(leafFromDigest(sealDigest(body))).toEqual(leafHash(body));
    const a = new Uint8Array(32).fill(2);
    const b = new Uint8Array(32).fill(1);
    expect(nodeHash(a, b)).toEqual(keccak256(concatBytes(b, a)));
    expect(nodeHash(a, b)).toEqual(nodeHash(b, a));
  });

  test("three leaves: the third is carried up and paired at the top", () => {
    const [l0, l1, l2] = [1, 2, 3].map((i) => leafHash(Uint8Array.of(i))) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const tree = buildTree([l0, l1, l2]);
    expect(tree.root).toEqual(nodeHash(nodeHash(l0, l1), l2));
    expect(getProof(tree, 2)).toEqual([nodeHash(l0, l1)]);
  });

  test("every leaf of every tree is provable", () => {
    fc.assert(
      fc.property(fc.array(leafArb, { minLength: 1, maxLength: 70 }), (leaves) => {
        const tree = buildTree(leaves);
        leaves.forEach((leaf, i) => {
          expect(verifyProof(tree.root, leaf, getProof(tree, i))).toBe(true);
        });
      }),
      { numRuns: runs },
    );
  });

  test("a proof from another tree is rejected", () => {
    fc.assert(
      fc.property(
        fc.array(leafArb, { minLength: 2, maxLength: 40 }),
        fc.array(leafArb, { minLength: 2, maxLength: 40 }),
        (a, b) => {
          const ta = buildTree(a);
          const tb = buildTree(b);
          fc.pre(!equalBytes(ta.root, tb.root));
          expect(verifyProof(tb.root, a[0] as Uint8Array, getProof(ta, 0))).toBe(false);
        },
      ),
      { numRuns: runs },
    );
  });

  test("proof depth is ceil(log2(n))", () => {
    for (const n of [1, 2, 3, 4, 5, 64, 65, 1000]) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)));
      const tree = buildTree(leaves);
      const depth = Math.max(...leaves.map((_, i) => getProof(tree, i).length));
      expect(depth).toBe(Math.ceil(Math.log2(n)));
    }
  });

  test("processProof folds sorted pairs like OpenZeppelin's MerkleProof", () => {
    const leaf = new Uint8Array(32).fill(7);
    const s1 = new Uint8Array(32).fill(1);
    const s2 = new Uint8Array(32).fill(9);
    expect(processProof(leaf, [s1, s2])).toEqual(nodeHash(nodeHash(leaf, s1), s2));
  });

  test("error: empty batches, short leaves and out-of-range indexes are the caller's bug (INTERNAL)", () => {
    const internal = expect.objectContaining({ name: "SceauError", code: "INTERNAL" });
    expect(() => buildTree([])).toThrow(internal);
    expect(() => buildTree([new Uint8Array(31)])).toThrow(internal);
    expect(() => leafFromDigest(new Uint8Array(31))).toThrow(internal);
    const tree = buildTree([new Uint8Array(32)]);
    expect(() => getProof(tree, 1)).toThrow(internal);
    expect(() => getProof(tree, -1)).toThrow(internal);
    expect(() => getProof(tree, 0.5)).toThrow(internal);
  });

  test("error: a proof that does not lead to the root is never handed out (a tree altered after it was built)", () => {
    const leaves = [1, 2, 3, 4, 5].map((i) => leafHash(Uint8Array.of(i)));
    const tree = buildTree(leaves);
    const internal = expect.objectContaining({ name: "SceauError", code: "INTERNAL" });
    expect(() => getProof({ ...tree, root: new Uint8Array(32) }, 0)).toThrow(internal);
    const levels = tree.levels.map((level) => [...level]);
    (levels[0] as Uint8Array[])[1] = new Uint8Array(32).fill(1);
    expect(() => getProof({ levels, root: tree.root }, 0)).toThrow(internal);
    // The leaf whose path does not cross the altered one still gets its (valid) proof.
    expect(verifyProof(tree.root, leaves[4] as Uint8Array, getProof({ levels, root: tree.root }, 4))).toBe(
      true,
    );
  });

  test("property: every proof of a batch at once is each leaf's own proof", () => {
    fc.assert(
      fc.property(fc.array(leafArb, { minLength: 1, maxLength: 70 }), (leaves) => {
        const tree = buildTree(leaves);
        expect(getProofs(tree)).toEqual(leaves.map((_, i) => getProof(tree, i)));
      }),
      { numRuns: runs },
    );
  });

  test("error: every proof of a batch at once is never handed out from a tree altered after it was built", () => {
    const internal = expect.objectContaining({ name: "SceauError", code: "INTERNAL" });
    for (const n of [1, 2, 5, 8, 13]) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i)));
      const tree = buildTree(leaves);
      expect(() => getProofs({ ...tree, root: new Uint8Array(32) })).toThrow(internal);
      // Any one leaf, or any node some proof holds (one with a sibling), changed: a proof breaks.
      // (A node carried up without a sibling is in no proof: changing its copy changes nothing.)
      for (let l = 0; l < tree.levels.length - 1; l++) {
        for (let j = 0; j < (tree.levels[l] ?? []).length; j++) {
          if (l > 0 && tree.levels[l]?.[j ^ 1] === undefined) continue;
          const levels = tree.levels.map((level) => [...level]);
          (levels[l] as Uint8Array[])[j] = new Uint8Array(32).fill(0xee);
          expect(() => getProofs({ levels, root: tree.root }), `n=${n} level ${l} node ${j}`).toThrow(
            internal,
          );
        }
      }
    }
  });

  test("every proof of a batch at once costs about one hash per leaf, not one per level per leaf", () => {
    let calls = 0;
    const counted = (data: Uint8Array): Uint8Array => {
      calls++;
      return keccak256(data);
    };
    const leaves = Array.from({ length: 1024 }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)));
    const tree = buildTree(leaves);
    getProofs(tree, counted);
    // A tree of 1,024 leaves has 1,023 inner nodes; one proof at a time would take 10,240 hashes.
    expect(calls).toBe(1023);
  });

  test("a tree and its proofs are the same with any Keccak-256 passed in, and that one does the hashing", () => {
    let calls = 0;
    const counted = (data: Uint8Array): Uint8Array => {
      calls++;
      return keccak256(data);
    };
    const leaves = Array.from({ length: 9 }, (_, i) => leafHash(Uint8Array.of(i), counted));
    expect(calls).toBe(18);
    const tree = buildTree(leaves, counted);
    expect(calls).toBe(18 + 8);
    expect(tree.root).toEqual(buildTree(leaves).root);
    expect(getProof(tree, 8, counted)).toEqual(getProof(tree, 8));
    expect(calls).toBeGreaterThan(26);
  });
});
