import { equalBytes, toHex } from "../../core/bytes.ts";
import { leafHash, processProof } from "../../core/merkle.ts";
import { ROOT_HINT_LENGTH, type DecodedSeal } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";
import { makeCheck } from "./make.ts";

/**
 * MERKLE_PROOF: the seal's leaf and proof lead to a root that matches the root hint the seal
 * carries. Any change to the key data, the proof or the hint fails here, offline.
 */
export function checkMerkleProof(decoded: DecodedSeal): { check: Check; leaf: Uint8Array; root: Uint8Array } {
  const leaf = leafHash(decoded.bodyBytes);
  const root = processProof(leaf, decoded.seal.proof);
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
