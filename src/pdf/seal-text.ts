/**
 * The fast path for our own PDFs: the stamp (docs/formats.md, "PDF stamp v1") keeps the QR text in its
 * content stream's dictionary as `/SceauSeal (<literal string>)`, so the verifier reads it from the
 * file's bytes without rendering anything.
 *
 * The file is attacker-controlled: the scan is linear, bounded in the number of candidates and in
 * the length of each string, and what it returns is only a candidate. The seal checks and the
 * byte-exact integrity check decide the verdict, never the presence of this key.
 * @module
 */

/** The name token, as bytes. */
const KEY = Buffer.from("/SceauSeal", "latin1");
/** More than any seal's QR text (a 2,048-byte seal is 3,277 base32 characters plus the URL). */
export const MAX_SEAL_TEXT_BYTES = 8192;
/** Candidates examined, from the end of the file: the stamp is in the last revision. */
export const MAX_CANDIDATES = 16;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
/** `\n \r \t \b \f` in a literal string. */
const SIMPLE_ESCAPES = new Map([
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
  [0x62, 0x08],
  [0x66, 0x0c],
]);

/**
 * QR texts stored under `/SceauSeal` in `pdf`, the last one in the file first. Strings that are
 * malformed or longer than {@link MAX_SEAL_TEXT_BYTES} are skipped.
 */
export function readSealTexts(pdf: Uint8Array): string[] {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const texts: string[] = [];
  let from = buf.length;
  for (let n = 0; n < MAX_CANDIDATES && from > 0; n++) {
    const at = buf.lastIndexOf(KEY, from - 1);
    if (at < 0) break;
    from = at;
    let p = at + KEY.length;
    // `/SceauSealX` is another name.
    const next = buf[p];
    if (next !== undefined && !WHITESPACE.has(next) && !DELIMITERS.has(next)) continue;
    while (p < buf.length && WHITESPACE.has(buf[p] ?? -1)) p++;
    let bytes: Uint8Array | null = null;
    if (buf[p] === 0x28) bytes = parseLiteralString(buf, p);
    else if (buf[p] === 0x3c && buf[p + 1] !== 0x3c) bytes = parseHexString(buf, p);
    if (!bytes || bytes.length === 0) continue;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (!texts.includes(text)) texts.push(text);
  }
  return texts;
}

/**
 * A PDF literal string starting at `start` (the `(`), per ISO 32000-1 §7.3.4.2: balanced
 * parentheses, backslash escapes, octal codes, line continuations. Null when unterminated or too
 * long.
 */
export function parseLiteralString(buf: Uint8Array, start: number): Uint8Array | null {
  const out = new Uint8Array(MAX_SEAL_TEXT_BYTES);
  let len = 0;
  let depth = 1;
  let p = start + 1;
  const push = (b: number): boolean => {
    if (len >= MAX_SEAL_TEXT_BYTES) return false;
    out[len++] = b;
    return true;
  };
  // The input read is bounded too: escapes at most quadruple the length of the output.
  const end = Math.min(buf.length, start + 1 + 4 * MAX_SEAL_TEXT_BYTES + 2);
  while (p < end) {
    const c = buf[p++] as number;
    if (c === 0x5c) {
      const e = buf[p++];
      if (e === undefined) return null;
      const simple = SIMPLE_ESCAPES.get(e);
      if (simple !== undefined) {
        if (!push(simple)) return null;
      } else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && (buf[p] ?? 0) >= 0x30 && (buf[p] ?? 0) <= 0x37; k++)
          v = v * 8 + ((buf[p++] as number) - 0x30);
        if (!push(v & 0xff)) return null;
      } else if (e === 0x0d) {
        if (buf[p] === 0x0a) p++;
      } else if (e !== 0x0a) {
        // `\(`, `\)`, `\\`, and any other character stands for itself.
        if (!push(e)) return null;
      }
    } else if (c === 0x28) {
      depth++;
      if (!push(c)) return null;
    } else if (c === 0x29) {
      depth--;
      if (depth === 0) return out.slice(0, len);
      if (!push(c)) return null;
    } else if (c === 0x0d) {
      // An unescaped end of line is one line feed, whatever its bytes.
      if (buf[p] === 0x0a) p++;
      if (!push(0x0a)) return null;
    } else if (!push(c)) return null;
  }
  return null;
}

/** A PDF hexadecimal string starting at `start` (the `<`); null when malformed or too long. */
export function parseHexString(buf: Uint8Array, start: number): Uint8Array | null {
  const out = new Uint8Array(MAX_SEAL_TEXT_BYTES);
  let len = 0;
  let high = -1;
  const end = Math.min(buf.length, start + 1 + 4 * MAX_SEAL_TEXT_BYTES);
  for (let p = start + 1; p < end; p++) {
    const c = buf[p] as number;
    if (c === 0x3e) {
      if (high >= 0) {
        if (len >= MAX_SEAL_TEXT_BYTES) return null;
        out[len++] = high << 4;
      }
      return out.slice(0, len);
    }
    if (WHITESPACE.has(c)) continue;
    const v = hexValue(c);
    if (v < 0) return null;
    if (high < 0) high = v;
    else {
      if (len >= MAX_SEAL_TEXT_BYTES) return null;
      out[len++] = (high << 4) | v;
      high = -1;
    }
  }
  return null;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
