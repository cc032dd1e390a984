import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { SceauError } from "../../src/core/errors.ts";
import { installKeccak256, keccak256, keccak256IsDefault, resetKeccak256 } from "../../src/core/hash.ts";
import { buildTree, getProof, leafHash, verifyProof } from "../../src/core/merkle.ts";
import { useWasmKeccak256 } from "../../src/keccak-wasm.ts";

const runs = process.env.CI ? 2000 : 500;

describe("Keccak-256 implementations", () => {
  afterEach(() => {
    resetKeccak256();
  });

  test("the WebAssembly Keccak-256 gives noble's digest for any input up to five blocks", async () => {
    await useWasmKeccak256();
    expect(keccak256IsDefault()).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (data) => {
        expect(keccak256(data)).toEqual(keccak_256(data));
      }),
      { numRuns: runs },
    );
  });

  test("a digest kept by the caller is not overwritten by the next hash", async () => {
    await useWasmKeccak256();
    expect(keccak256IsDefault()).toBe(false);
    const first = keccak256(Uint8Array.of(1));
    const copy = first.slice();
    keccak256(Uint8Array.of(2));
    expect(first).toEqual(copy);
  });

  test("trees and proofs are the same whichever implementation hashed them", async () => {
    const leaves = Array.from({ length: 37 }, (_, i) => leafHash(Uint8Array.of(i, i + 1)));
    expect(keccak256IsDefault()).toBe(true);
    const slow = buildTree(leaves);
    await useWasmKeccak256();
    expect(keccak256IsDefault()).toBe(false);
    const fast = buildTree(leaves);
    expect(fast.root).toEqual(slow.root);
    for (let i = 0; i < leaves.length; i++) {
      expect(getProof(fast, i)).toEqual(getProof(slow, i));
      expect(verifyProof(slow.root, leaves[i] as Uint8Array, getProof(fast, i))).toBe(true);
    }
  });

  test("an implementation that differs on any checked length is refused and the current one stays", () => {
    const wrongPadding = (data: Uint8Array) => (data.length === 136 ? new Uint8Array(32) : keccak_256(data));
    const sharedBuffer = new Uint8Array(32);
    const reusesItsOutput = (data: Uint8Array) => {
      sharedBuffer.set(keccak_256(data));
      return sharedBuffer;
    };
    for (const impl of [wrongPadding, reusesItsOutput]) {
      expect(() => {
        installKeccak256(impl);
      }).toThrow(SceauError);
      expect(keccak256IsDefault()).toBe(true);
    }
  });
});
