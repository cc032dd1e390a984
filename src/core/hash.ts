/**
 * The two hash functions of Sceau: SHA-256 for PDF files (what anyone can recompute with
 * standard tools) and Keccak-256 for seals and Merkle nodes (what the EVM computes natively).
 *
 * Keccak-256 is @noble/hashes unless a faster implementation was installed with
 * {@link installKeccak256}: batching hashes three times per extract and noble's pure-JS
 * permutation is about 70 % of its time (profile in the README's benchmarks). The issuer installs
 * a WebAssembly one at start-up; the pages keep noble, whose CSP forbids WebAssembly.
 * @module
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { equalBytes } from "./bytes.ts";
import { SceauError } from "./errors.ts";

export type HashFunction = (data: Uint8Array) => Uint8Array;

let keccakImpl: HashFunction = keccak_256;

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function keccak256(data: Uint8Array): Uint8Array {
  return keccakImpl(data);
}

/**
 * Inputs around Keccak-256's 136-byte rate, where padding goes wrong first: empty, one byte,
 * a digest, a node's 64 bytes, one byte short of a block, a block, a block and one, a seal body
 * of two blocks, several blocks.
 */
const CHECK_LENGTHS = [0, 1, 32, 64, 135, 136, 137, 165, 272, 600] as const;

/**
 * Makes `impl` the Keccak-256 of every later call, once it gives noble's digests on inputs
 * around the block boundaries (and a fresh array each call: callers keep the digests).
 * @throws {SceauError} `INTERNAL` when it does not; the current implementation stays
 */
export function installKeccak256(impl: HashFunction): void {
  for (const length of CHECK_LENGTHS) {
    const input = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff);
    const first = impl(input);
    const expected = keccak_256(input);
    if (!equalBytes(first, expected) || impl(new Uint8Array(1)) === first || !equalBytes(first, expected)) {
      throw new SceauError(
        "INTERNAL",
        `The Keccak-256 implementation differs from noble's on ${length} bytes.`,
      );
    }
  }
  keccakImpl = impl;
}

/** Whether Keccak-256 is still noble's (no faster implementation installed). */
export function keccak256IsDefault(): boolean {
  return keccakImpl === keccak_256;
}

/** Back to noble's Keccak-256 (tests). */
export function resetKeccak256(): void {
  keccakImpl = keccak_256;
}
