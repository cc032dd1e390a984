/**
 * Keccak-256 in WebAssembly (hash-wasm), about six times faster than the pure-JS default on
 * seal-sized inputs. The wiring passes it to the issuer and the server's verifier; outputs are
 * identical (checked by {@link checkedKeccak256} before it is handed out).
 * @module
 */
import { createKeccak } from "hash-wasm";
import { checkedKeccak256, type HashFunction } from "./core/hash.ts";

let hasher: Promise<HashFunction> | undefined;

/**
 * The WebAssembly Keccak-256, compiled once per thread. One hasher serves every call: hashing is
 * synchronous, so calls cannot interleave; `digest("binary")` returns a copy.
 * @throws {SceauError} `INTERNAL` when it does not give noble's digests
 */
export function wasmKeccak256(): Promise<HashFunction> {
  hasher ??= createKeccak(256).then((h) =>
    checkedKeccak256((data) => {
      h.init();
      h.update(data);
      return h.digest("binary");
    }),
  );
  return hasher;
}
