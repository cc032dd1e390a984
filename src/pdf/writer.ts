/**
 * A small PDF writer for revision 1: numbered objects, Flate streams, a classic cross-reference
 * table and a trailer. Revision 1 is hashed into the seal, so every byte here is chosen by this
 * module (no library defaults, no clock, no randomness); the stamp (revision 2) then appends to
 * it with the same classic-xref conventions.
 * @module
 */
import { deflateSync } from "node:zlib";
import { concatBytes, utf8 } from "../core/bytes.ts";
import { invariant } from "../core/errors.ts";

const HEADER = concatBytes(utf8("%PDF-1.7\n%"), new Uint8Array([0xe2, 0xe3, 0xcf, 0xd3]), utf8("\n"));

export class PdfWriter {
  private readonly chunks: Uint8Array[] = [HEADER];
  private length = HEADER.length;
  /** Byte offset of each object, by number; object 0 is the free-list head. */
  private readonly offsets: (number | undefined)[] = [0];

  /** Allocates the next object number (objects may be written in any order). */
  reserve(): number {
    this.offsets.push(undefined);
    return this.offsets.length - 1;
  }

  /** Writes object `n` with a body in PDF syntax. */
  object(n: number, body: string): void {
    this.begin(n);
    this.push(utf8(`${n} 0 obj\n${body}\nendobj\n`));
  }

  /** Writes object `n` as a stream; `dict` holds the entries besides /Length and /Filter. */
  stream(n: number, dict: string, data: Uint8Array, compress = true): void {
    this.begin(n);
    const body = compress ? deflateSync(data) : data;
    const filter = compress ? " /Filter /FlateDecode" : "";
    const entries = dict ? ` ${dict}` : "";
    this.push(utf8(`${n} 0 obj\n<< /Length ${body.length}${filter}${entries} >>\nstream\n`));
    this.push(body);
    this.push(utf8("\nendstream\nendobj\n"));
  }

  /** Cross-reference table, trailer and `%%EOF`: the finished file. */
  finish(trailer: { root: number; info: number; id: Uint8Array }): Uint8Array {
    const xrefAt = this.length;
    const size = this.offsets.length;
    let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) {
      const offset = this.offsets[n];
      invariant(offset !== undefined, `PDF object ${n} was reserved but never written`);
      xref += `${String(offset).padStart(10, "0")} 00000 n\r\n`;
    }
    const id = hex(trailer.id);
    xref +=
      `trailer\n<< /Size ${size} /Root ${trailer.root} 0 R /Info ${trailer.info} 0 R /ID [<${id}> <${id}>] >>\n` +
      `startxref\n${xrefAt}\n%%EOF\n`;
    this.push(utf8(xref));
    return concatBytes(...this.chunks);
  }

  private begin(n: number): void {
    invariant(
      n > 0 && n < this.offsets.length && this.offsets[n] === undefined,
      `PDF object ${n} is not a reserved, unwritten object`,
    );
    this.offsets[n] = this.length;
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s.toUpperCase();
}

/** A number in PDF syntax: at most 3 decimals, no exponent, no trailing zeros, no "-0". */
export function num(v: number): string {
  const s = String(Math.round(v * 1000) / 1000);
  return s === "-0" ? "0" : s;
}

/**
 * A text string for the document information dictionary: a literal string when it is printable
 * ASCII, else UTF-16BE with a byte-order mark (hex).
 */
export function textString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let out = "<FEFF";
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return `${out}>`;
}

/** A PDF date `D:YYYYMMDDHHmmSSZ` for a Unix time (UTC, so it never depends on the host). */
export function pdfDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const two = (v: number): string => String(v).padStart(2, "0");
  return (
    `D:${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`
  );
}
