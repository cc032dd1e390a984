import { equalBytes, toHex } from "../../core/bytes.ts";
import { leafHash, processProof } from "../../core/merkle.ts";
import { ROOT_HINT_LENGTH, type DecodedSeal } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";

/**
 * MERKLE_PROOF: the seal's leaf and proof lead to a root that matches the root hint the seal
 * carries. Any change to the key data, the proof or the hint fails here, offline.
 */
export function checkMerkleProof(decoded: DecodedSeal): { check: Check; leaf: Uint8Array; root: Uint8Array } {
  const leaf = leafHash(decoded.bodyBytes);
  const root = processProof(leaf, decoded.seal.proof);
  if (!equalBytes(root.subarray(0, ROOT_HINT_LENGTH), decoded.seal.rootHint)) {
    return {
      check: {
        code: "MERKLE_PROOF",
        status: "invalid",
        reason: "ROOT_MISMATCH",
        message: "The seal's data and proof do not lead to the batch root it names: the data were altered.",
      },
      leaf,
      root,
    };
  }
  return {
    check: {
      code: "MERKLE_PROOF",
      status: "valid",
      message: `The seal's proof (${decoded.seal.proof.length} level${decoded.seal.proof.length === 1 ? "" : "s"}) leads to batch root ${toHex(root)}.`,
    },
    leaf,
    root,
  };
}
