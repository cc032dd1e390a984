/**
 * Byte helpers. The core works on bytes; hex and base32 exist only at its boundaries.
 * @module
 */
import { bytesToHex as nobleBytesToHex, hexToBytes as nobleHexToBytes } from "@noble/hashes/utils.js";
import { SceauError } from "./errors.ts";

export type Bytes = Uint8Array;

/** Lower-case `0x`-prefixed hex. */
export function toHex(bytes: Bytes): `0x${string}` {
  return `0x${nobleBytesToHex(bytes)}`;
}

/**
 * Parses hex with or without `0x`. With `length`, the decoded byte count must match. Used on
 * what clients send (a root or a leaf in a URL), hence the HTTP-flavoured code.
 * @throws {SceauError} `BAD_REQUEST` for malformed hex or a wrong length
 * @example fromHex("0x00ff", 2) // Uint8Array [0, 255]
 */
export function fromHex(hex: string, length?: number): Bytes {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) {
    throw new SceauError("BAD_REQUEST", "Malformed hex string.");
  }
  const out = nobleHexToBytes(body);
  if (length !== undefined && out.length !== length) {
    throw new SceauError("BAD_REQUEST", `Expected ${length} bytes of hex, got ${out.length}.`);
  }
  return out;
}

/** One new array holding `parts` one after the other (the parts are copied, never shared). */
export function concatBytes(...parts: readonly Bytes[]): Bytes {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * True when `a` and `b` hold the same bytes. Its time depends on the length only, not on where
 * the first difference is.
 */
export function equalBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Lexicographic comparison, as Solidity compares `bytes32` values as unsigned integers. */
export function compareBytes(a: Bytes, b: Bytes): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The UTF-8 bytes of `text` (lone surrogates become U+FFFD, as `TextEncoder` does). */
export function utf8(text: string): Bytes {
  return utf8Encoder.encode(text);
}

/**
 * Encodes `text` as UTF-8 into `target`, as far as it fits, allocating nothing.
 * @returns the UTF-16 code units read and the bytes written (`TextEncoder.encodeInto`)
 */
export function utf8Into(text: string, target: Bytes): { read: number; written: number } {
  return utf8Encoder.encodeInto(text, target);
}

/** Strict UTF-8 decoding: malformed sequences throw a `TypeError`. */
export function fromUtf8(bytes: Bytes): string {
  return utf8Decoder.decode(bytes);
}
