/**
 * The two hash functions of Sceau: SHA-256 for PDF files (what anyone can recompute with
 * standard tools) and Keccak-256 for seals and Merkle nodes (what the EVM computes natively).
 *
 * Keccak-256 is @noble/hashes by default. Code that hashes a lot (the issuer batching, the
 * server verifying) is handed a faster one as a value, as noble's `hmac(hash, …)` takes its
 * hash: `leafHash(body, keccak)`, `buildTree(leaves, keccak)`. Batching hashes three times per
 * extract and noble's pure-JS permutation is about 70 % of its time (profile in
 * docs/benchmarks.md); the pages keep noble, whose CSP forbids WebAssembly. Nothing here is global: a
 * faster implementation is used only where it is passed.
 * @module
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { equalBytes } from "./bytes.ts";
import { SceauError } from "./errors.ts";

/** A hash function: bytes in, a fresh digest out (callers keep the digests). */
export type HashFunction = (data: Uint8Array) => Uint8Array;

/** SHA-256 (FIPS 180-4) of `data`: 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** Keccak-256 (the EVM's, not FIPS 202 SHA3-256) of `data`, by @noble/hashes: 32 bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

/**
 * Inputs around Keccak-256's 136-byte rate, where padding goes wrong first: empty, one byte,
 * a digest, a node's 64 bytes, one byte short of a block, a block, a block and one, a seal body
 * of two blocks, several blocks.
 */
const CHECK_LENGTHS = [0, 1, 32, 64, 135, 136, 137, 165, 272, 600] as const;

/**
 * `impl`, once it is shown to be Keccak-256: it gives noble's digests on inputs around the block
 * boundaries, and a fresh array each call (callers keep the digests).
 * @returns `impl` itself, to pass where a Keccak-256 is taken
 * @throws {SceauError} `INTERNAL` when it does not
 */
export function checkedKeccak256(impl: HashFunction): HashFunction {
  for (const length of CHECK_LENGTHS) {
    const input = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff);
    const first = impl(input);
    const expected = keccak_256(input);
    // Compared again after another call: an implementation that reuses its output buffer
    // passes the first comparison and fails the second.
    if (!equalBytes(first, expected) || impl(new Uint8Array(1)) === first || !equalBytes(first, expected)) {
      throw new SceauError(
        "INTERNAL",
        `The Keccak-256 implementation differs from noble's on ${length} bytes.`,
      );
    }
  }
  return impl;
}
