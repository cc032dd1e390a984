/**
 * Just enough PDF syntax to read a file with classic cross-reference tables: the trailer, the
 * offset of an object, and dictionaries with the byte span of each value. The stamp uses it on
 * revision 1 (which Sceau wrote itself); tests use it to make realistic modifications.
 * Streams' contents are never interpreted here.
 * @module
 */
import { SceauError } from "../core/errors.ts";

class PdfName {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

export class PdfRef {
  readonly num: number;
  readonly gen: number;
  constructor(num: number, gen: number) {
    this.num = num;
    this.gen = gen;
  }
}

export class PdfString {
  /** The string's bytes, escapes resolved. */
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** A value with the byte span it occupies in the file (`end` exclusive). */
export interface Spanned<T = PdfValue> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
}

export class PdfDict {
  readonly entries: ReadonlyMap<string, Spanned>;
  constructor(entries: ReadonlyMap<string, Spanned>) {
    this.entries = entries;
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key)?.value;
  }
}

export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfDict | PdfValue[];

function unreadable(message: string): SceauError {
  return new SceauError("PDF_UNREADABLE", message);
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

function isRegular(b: number | undefined): boolean {
  return b !== undefined && !WHITESPACE.has(b) && !DELIMITERS.has(b);
}

/** Skips whitespace and comments. */
function skipSpace(pdf: Uint8Array, at: number): number {
  let i = at;
  for (;;) {
    const b = pdf[i];
    if (b === undefined) return i;
    if (WHITESPACE.has(b)) i++;
    else if (b === 0x25) {
      while (i < pdf.length && pdf[i] !== 0x0a && pdf[i] !== 0x0d) i++;
    } else return i;
  }
}

function readToken(pdf: Uint8Array, at: number): { text: string; end: number } {
  let i = at;
  let text = "";
  while (isRegular(pdf[i])) text += String.fromCharCode(pdf[i++] ?? 0);
  return { text, end: i };
}

const MAX_DEPTH = 64;

/** Parses the value at `at` (after optional whitespace). */
function parseValue(pdf: Uint8Array, at: number, depth = 0): Spanned {
  if (depth > MAX_DEPTH) throw unreadable("PDF objects are nested too deeply.");
  const start = skipSpace(pdf, at);
  const b = pdf[start];
  if (b === undefined) throw unreadable("The PDF ends inside an object.");
  if (b === 0x2f) {
    const t = readToken(pdf, start + 1);
    return {
      value: new PdfName(
        t.text.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      ),
      start,
      end: t.end,
    };
  }
  if (b === 0x5b) {
    const items: PdfValue[] = [];
    let i = start + 1;
    for (;;) {
      i = skipSpace(pdf, i);
      if (pdf[i] === 0x5d) return { value: items, start, end: i + 1 };
      const v = parseValue(pdf, i, depth + 1);
      items.push(v.value);
      i = v.end;
    }
  }
  if (b === 0x3c && pdf[start + 1] === 0x3c) {
    const entries = new Map<string, Spanned>();
    let i = start + 2;
    for (;;) {
      i = skipSpace(pdf, i);
      if (pdf[i] === 0x3e && pdf[i + 1] === 0x3e) return { value: new PdfDict(entries), start, end: i + 2 };
      const key = parseValue(pdf, i, depth + 1);
      if (!(key.value instanceof PdfName)) throw unreadable("A PDF dictionary key is not a name.");
      const v = parseValue(pdf, key.end, depth + 1);
      entries.set(key.value.name, v);
      i = v.end;
    }
  }
  if (b === 0x3c) {
    const close = pdf.indexOf(0x3e, start);
    if (close < 0) throw unreadable("Unterminated hex string.");
    let digits = "";
    for (let i = start + 1; i < close; i++)
      if (!WHITESPACE.has(pdf[i] ?? 0)) digits += String.fromCharCode(pdf[i] ?? 0);
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw unreadable("Malformed hex string.");
    if (digits.length % 2) digits += "0";
    const bytes = new Uint8Array(digits.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(digits.slice(2 * k, 2 * k + 2), 16);
    return { value: new PdfString(bytes), start, end: close + 1 };
  }
  if (b === 0x28) return parseLiteral(pdf, start);
  const t = readToken(pdf, start);
  if (t.text === "true" || t.text === "false") return { value: t.text === "true", start, end: t.end };
  if (t.text === "null") return { value: null, start, end: t.end };
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t.text)) {
    // `n g R` is a reference: look ahead for a second integer and R.
    if (/^\d+$/.test(t.text)) {
      const g = readToken(pdf, skipSpace(pdf, t.end));
      if (/^\d+$/.test(g.text)) {
        const r = readToken(pdf, skipSpace(pdf, g.end));
        if (r.text === "R") return { value: new PdfRef(Number(t.text), Number(g.text)), start, end: r.end };
      }
    }
    return { value: Number(t.text), start, end: t.end };
  }
  throw unreadable(`Unexpected PDF token at byte ${start}.`);
}

function parseLiteral(pdf: Uint8Array, start: number): Spanned {
  const out: number[] = [];
  let depth = 1;
  let i = start + 1;
  while (i < pdf.length) {
    const b = pdf[i++] ?? 0;
    if (b === 0x5c) {
      const c = pdf[i++] ?? 0;
      const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
      if (simple[c] !== undefined) out.push(simple[c]);
      else if (c >= 0x30 && c <= 0x37) {
        let v = c - 0x30;
        for (let k = 0; k < 2 && (pdf[i] ?? 0) >= 0x30 && (pdf[i] ?? 0) <= 0x37; k++)
          v = v * 8 + (pdf[i++] ?? 0) - 0x30;
        out.push(v & 0xff);
      } else if (c === 0x0d) {
        if (pdf[i] === 0x0a) i++;
      } else if (c !== 0x0a) out.push(c);
      continue;
    }
    if (b === 0x28) depth++;
    if (b === 0x29 && --depth === 0) return { value: new PdfString(Uint8Array.from(out)), start, end: i };
    out.push(b);
  }
  throw unreadable("Unterminated literal string.");
}

export interface XrefSection {
  /** Where the `xref` keyword stands. */
  readonly at: number;
  readonly offsets: ReadonlyMap<number, number>;
  readonly trailer: Spanned<PdfDict>;
}

/** Offset given by the file's last `startxref`. */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = new TextDecoder("latin1").decode(pdf.subarray(Math.max(0, pdf.length - 1024)));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw unreadable("The PDF has no final startxref.");
  return Number(m[1]);
}

/** Reads the classic cross-reference section at `at` and its trailer. */
function readXref(pdf: Uint8Array, at: number): XrefSection {
  const head = readToken(pdf, at);
  if (head.text !== "xref") throw unreadable("No classic cross-reference table where startxref points.");
  const offsets = new Map<number, number>();
  let i = head.end;
  for (;;) {
    i = skipSpace(pdf, i);
    const first = readToken(pdf, i);
    if (first.text === "trailer") {
      const trailer = parseValue(pdf, first.end);
      if (!(trailer.value instanceof PdfDict)) throw unreadable("The trailer is not a dictionary.");
      return { at, offsets, trailer: trailer as Spanned<PdfDict> };
    }
    const count = readToken(pdf, skipSpace(pdf, first.end));
    if (!/^\d+$/.test(first.text) || !/^\d+$/.test(count.text))
      throw unreadable("Malformed xref subsection.");
    i = skipSpace(pdf, count.end);
    const base = Number(first.text);
    for (let k = 0; k < Number(count.text); k++) {
      const line = new TextDecoder("latin1").decode(pdf.subarray(i, i + 20));
      const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
      if (!m) throw unreadable("Malformed xref entry.");
      if (m[3] === "n" && !offsets.has(base + k)) offsets.set(base + k, Number(m[1]));
      i += 20;
    }
  }
}

/** Every cross-reference section of the file, newest first (following /Prev). */
export function readXrefChain(pdf: Uint8Array): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let at: number | undefined = lastStartXref(pdf);
  while (at !== undefined) {
    if (seen.has(at) || sections.length > 64) throw unreadable("The xref /Prev chain loops.");
    seen.add(at);
    const section = readXref(pdf, at);
    sections.push(section);
    const prev = section.trailer.value.get("Prev");
    at = typeof prev === "number" ? prev : undefined;
  }
  return sections;
}

export interface IndirectObject {
  readonly ref: PdfRef;
  readonly value: Spanned;
  /** From the first digit of `n g obj` to just after `endobj`. */
  readonly start: number;
  readonly end: number;
}

/** The object `ref` as the newest section of `sections` defines it. */
export function readObject(pdf: Uint8Array, sections: readonly XrefSection[], ref: PdfRef): IndirectObject {
  const offset = sections.map((s) => s.offsets.get(ref.num)).find((o) => o !== undefined);
  if (offset === undefined) throw unreadable(`Object ${ref.num} is not in the cross-reference table.`);
  const n = readToken(pdf, skipSpace(pdf, offset));
  const g = readToken(pdf, skipSpace(pdf, n.end));
  const obj = readToken(pdf, skipSpace(pdf, g.end));
  if (Number(n.text) !== ref.num || Number(g.text) !== ref.gen || obj.text !== "obj") {
    throw unreadable(`Object ${ref.num} is not where the cross-reference table says.`);
  }
  const value = parseValue(pdf, obj.end);
  let i = skipSpace(pdf, value.end);
  let kw = readToken(pdf, i);
  if (kw.text === "stream") {
    const length = value.value instanceof PdfDict ? value.value.get("Length") : undefined;
    if (typeof length !== "number") throw unreadable(`Stream ${ref.num} has no direct /Length.`);
    i = kw.end + (pdf[kw.end] === 0x0d ? 2 : 1) + length;
    kw = readToken(pdf, skipSpace(pdf, i));
    if (kw.text !== "endstream") throw unreadable(`Stream ${ref.num} has a wrong /Length.`);
    kw = readToken(pdf, skipSpace(pdf, kw.end));
  }
  if (kw.text !== "endobj") throw unreadable(`Object ${ref.num} has no endobj.`);
  return { ref, value, start: skipSpace(pdf, offset), end: kw.end };
}

/** The dictionary of object `ref`. */
export function readDict(pdf: Uint8Array, sections: readonly XrefSection[], ref: PdfRef): PdfDict {
  const v = readObject(pdf, sections, ref).value.value;
  if (!(v instanceof PdfDict)) throw unreadable(`Object ${ref.num} is not a dictionary.`);
  return v;
}

/** Page 1 of the document: catalog → /Pages → first /Kids, down to a /Page. */
export function firstPage(pdf: Uint8Array, sections: readonly XrefSection[]): IndirectObject {
  const root = sections[0]?.trailer.value.get("Root");
  if (!(root instanceof PdfRef)) throw unreadable("The trailer has no /Root.");
  let node = readDict(pdf, sections, root).get("Pages");
  for (let depth = 0; depth < 32; depth++) {
    if (!(node instanceof PdfRef)) throw unreadable("The page tree is malformed.");
    const object = readObject(pdf, sections, node);
    const dict = object.value.value;
    if (!(dict instanceof PdfDict)) throw unreadable("A page tree node is not a dictionary.");
    const type = dict.get("Type");
    if (type instanceof PdfName && type.name === "Page") return object;
    const kids = dict.get("Kids");
    if (!Array.isArray(kids)) throw unreadable("A page tree node has no /Kids.");
    node = kids[0];
  }
  throw unreadable("The page tree is too deep.");
}
