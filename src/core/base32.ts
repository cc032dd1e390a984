/**
 * RFC 4648 base32 (upper case, no padding), the text form of a seal inside a QR code.
 *
 * Why base32: its alphabet (A–Z, 2–7) lies inside the QR alphanumeric mode, which stores two
 * characters in 11 bits, so a seal costs 8.8 bits per byte in the symbol instead of 10.7 for
 * base64url in byte mode; and every character is allowed unescaped in a URL fragment.
 * @module
 */
import { SceauError } from "./errors.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as upper-case base32 without padding: 8 characters per 5 bytes, the last group
 * shortened, its unused bits zero (so {@link base32Decode} gives the bytes back).
 * @example base32Encode(Uint8Array.of(0x66, 0x6f)) // "MZXQ"
 */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET.charAt((buffer >>> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/**
 * Strict decoding: only upper-case alphabet characters, no padding, a length that a whole
 * number of bytes can produce, and zero unused bits, so every byte string has one text form.
 * @throws {SceauError} `QR_TEXT_INVALID`
 */
export function base32Decode(text: string): Uint8Array {
  const rem = text.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) {
    throw new SceauError("QR_TEXT_INVALID", "Base32 text has an impossible length.");
  }
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (LOOKUP[c] ?? -1) : -1;
    if (v < 0) throw new SceauError("QR_TEXT_INVALID", `Invalid base32 character at position ${i}.`);
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new SceauError("QR_TEXT_INVALID", "Base32 text has non-zero padding bits.");
  }
  return out;
}
