/**
 * The two hash functions of Sceau: SHA-256 for PDF files (what anyone can recompute with
 * standard tools) and Keccak-256 for seals and Merkle nodes (what the EVM computes natively).
 * @module
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}
