/**
 * The structured reference of an order: a QR reference (QRR), 26 digits and the recursive
 * modulo-10 check digit of the Swiss Payment Standards (the check digit of the former ISR/BESR
 * slips). It goes with a QR-IBAN, and the bank's credit notification (camt.054) carries it back,
 * so the office books each payment to its order without reading a message.
 * @module
 */
import { createHash } from "node:crypto";

const TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5] as const;

/** The recursive modulo-10 check digit of a string of digits. */
export function mod10Recursive(digits: string): number {
  let carry = 0;
  for (const c of digits) carry = TABLE[(carry + Number(c)) % 10] ?? 0;
  return (10 - carry) % 10;
}

/** True when `reference` is 27 digits whose last is the check digit of the others. */
export function isQrReference(reference: string): boolean {
  return /^\d{27}$/.test(reference) && mod10Recursive(reference.slice(0, 26)) === Number(reference[26]);
}

/**
 * The order's QR reference: `prefix` (the digits the office's bank may ask for), then digits of
 * the SHA-256 of the order id (the same order always gets the same reference), then the check
 * digit. 26 − prefix length digits of a hash leave at least 10^14 references per office.
 */
export function qrReferenceOf(orderId: string, prefix: string): string {
  if (!/^\d{0,12}$/.test(prefix)) throw new RangeError("The reference prefix must be at most 12 digits.");
  const width = 26 - prefix.length;
  const hash = BigInt(`0x${createHash("sha256").update(orderId, "utf8").digest("hex")}`);
  const body = prefix + (hash % 10n ** BigInt(width)).toString().padStart(width, "0");
  return body + String(mod10Recursive(body));
}
