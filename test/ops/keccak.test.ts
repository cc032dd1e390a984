import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SceauError } from "../../src/core/errors.ts";
import { checkedKeccak256, keccak256 } from "../../src/core/hash.ts";
import { buildTree, getProof, leafHash, verifyProof } from "../../src/core/merkle.ts";
import { wasmKeccak256 } from "../../src/keccak-wasm.ts";

const runs = process.env.CI ? 2000 : 500;

describe("Keccak-256 implementations", () => {
  test("the WebAssembly Keccak-256 gives noble's digest for any input up to five blocks", async () => {
    const wasm = await wasmKeccak256();
    expect(wasm).not.toBe(keccak256);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (data) => {
        expect(wasm(data)).toEqual(keccak_256(data));
      }),
      { numRuns: runs },
    );
  });

  test("a digest kept by the caller is not overwritten by the next hash", async () => {
    const wasm = await wasmKeccak256();
    const first = wasm(Uint8Array.of(1));
    const copy = first.slice();
    wasm(Uint8Array.of(2));
    expect(first).toEqual(copy);
  });

  test("trees and proofs are the same whichever implementation hashed them", async () => {
    const wasm = await wasmKeccak256();
    const leaves = Array.from({ length: 37 }, (_, i) => leafHash(Uint8Array.of(i, i + 1)));
    expect(Array.from({ length: 37 }, (_, i) => leafHash(Uint8Array.of(i, i + 1), wasm))).toEqual(leaves);
    const slow = buildTree(leaves);
    const fast = buildTree(leaves, wasm);
    expect(fast.root).toEqual(slow.root);
    for (let i = 0; i < leaves.length; i++) {
      expect(getProof(fast, i, wasm)).toEqual(getProof(slow, i));
      expect(verifyProof(slow.root, leaves[i] as Uint8Array, getProof(fast, i, wasm))).toBe(true);
    }
  });

  test("using the WebAssembly one changes nothing for code that does not pass it", async () => {
    await wasmKeccak256();
    const data = Uint8Array.of(1, 2, 3);
    expect(keccak256(data)).toEqual(keccak_256(data));
    expect(leafHash(data)).toEqual(keccak_256(keccak_256(data)));
  });

  test("an implementation that differs on any checked length is refused", () => {
    const wrongPadding = (data: Uint8Array) => (data.length === 136 ? new Uint8Array(32) : keccak_256(data));
    const sharedBuffer = new Uint8Array(32);
    const reusesItsOutput = (data: Uint8Array) => {
      sharedBuffer.set(keccak_256(data));
      return sharedBuffer;
    };
    for (const impl of [wrongPadding, reusesItsOutput]) {
      expect(() => checkedKeccak256(impl)).toThrow(SceauError);
    }
    const fine = (data: Uint8Array) => keccak_256(data);
    expect(checkedKeccak256(fine)).toBe(fine);
  });
});
