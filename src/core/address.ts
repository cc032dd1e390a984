/**
 * EVM account and contract addresses as people read them: EIP-55's mixed-case checksum, which
 * wallets and block explorers print and which catches a mistyped character.
 * @module
 */
import { toHex, utf8 } from "./bytes.ts";
import { keccak256, type HashFunction } from "./hash.ts";

/**
 * The EIP-55 mixed-case checksum form of a 20-byte address: a hex digit is upper case when the
 * matching nibble of the Keccak-256 of the lower-case hex is 8 or more.
 * @param address the address's bytes
 * @param keccak the Keccak-256 to use (default: noble's)
 * @returns `0x` and 40 hex digits, for example `0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed`
 */
export function checksumAddress(address: Uint8Array, keccak: HashFunction = keccak256): string {
  const hex = toHex(address).slice(2);
  const hash = keccak(utf8(hex));
  let out = "0x";
  for (let i = 0; i < hex.length; i++) {
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? (hex[i] ?? "").toUpperCase() : (hex[i] ?? "");
  }
  return out;
}
