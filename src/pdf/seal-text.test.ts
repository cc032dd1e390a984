import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  MAX_CANDIDATES,
  MAX_SEAL_TEXT_BYTES,
  parseHexString,
  parseLiteralString,
  readSealTexts,
} from "./seal-text.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A PDF literal string as a writer may spell it: escapes chosen at random among the legal ones. */
function spell(bytes: Uint8Array, choices: readonly number[]): string {
  let out = "(";
  bytes.forEach((b, i) => {
    const c = String.fromCharCode(b);
    const choice = choices[i % choices.length] ?? 0;
    if (c === "(" || c === ")" || c === "\\") out += `\\${c}`;
    else if (b < 0x20 || b > 0x7e || choice === 1) out += `\\${b.toString(8).padStart(3, "0")}`;
    else if (choice === 2)
      out += `\\\n${c}`; // a line continuation before the character
    else out += c;
  });
  return `${out})`;
}

describe("reading /SceauSeal from a PDF's bytes", () => {
  test("behavior: finds the stamp's text, the last occurrence first", () => {
    const pdf = enc(
      "%PDF-1.7\n1 0 obj << /SceauSeal (first) >> endobj\n%%EOF\n2 0 obj\n<< /Length 3 /SceauSeal (second) >>\nstream\nabc\nendstream\n%%EOF\n",
    );
    expect(readSealTexts(pdf)).toEqual(["second", "first"]);
  });

  test("args: accepts hex strings and any whitespace after the key", () => {
    expect(readSealTexts(enc("<< /SceauSeal\r\n\t<48 65 6C6C6F> >>"))).toEqual(["Hello"]);
    expect(readSealTexts(enc("<< /SceauSeal <48656C6C6F2> >>"))).toEqual(["Hello "]);
  });

  test("behavior: decodes escapes, octal codes, balanced parentheses and line ends", () => {
    const pdf = latin1("/SceauSeal (a\\(b\\)c (nested) \\\\ \\101\\7 x\\\r\ny\r\nz\\q)");
    expect(readSealTexts(pdf)).toEqual(["a(b)c (nested) \\ A\x07 xy\nzq"]);
  });

  test("property: any text spelled with any legal escapes reads back unchanged", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1 }),
        (text, choices) => {
          const bytes = enc(text);
          const pdf = latin1(`<< /Length 0 /SceauSeal ${spell(bytes, choices)} >>`);
          const parsed = parseLiteralString(pdf, pdf.indexOf(0x28));
          expect(parsed).toEqual(bytes);
        },
      ),
    );
  });

  test("error: hostile strings are skipped, never thrown on", () => {
    expect(readSealTexts(enc("/SceauSeal (unterminated"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal (((unbalanced)"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal <4G>"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal <414"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal 42"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal ()"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal \\"))).toEqual([]);
    // Another name that merely starts the same way.
    expect(readSealTexts(enc("/SceauSealX (no)"))).toEqual([]);
    expect(readSealTexts(enc("/SceauSeal<< /A (b) >>"))).toEqual([]);
  });

  test("error: a string longer than any seal's text is skipped, and reading stops there", () => {
    const long = `/SceauSeal (${"A".repeat(MAX_SEAL_TEXT_BYTES + 1)})`;
    expect(readSealTexts(enc(long))).toEqual([]);
    expect(parseLiteralString(enc(long), long.indexOf("("))).toBeNull();
    expect(parseHexString(enc(`<${"41".repeat(MAX_SEAL_TEXT_BYTES + 1)}>`), 0)).toBeNull();
    const exact = `/SceauSeal (${"A".repeat(MAX_SEAL_TEXT_BYTES)})`;
    expect(readSealTexts(enc(exact))[0]?.length).toBe(MAX_SEAL_TEXT_BYTES);
  });

  test("error: at most MAX_CANDIDATES keys are examined, whatever the file holds", () => {
    const many = Array.from({ length: MAX_CANDIDATES + 10 }, (_, i) => `/SceauSeal (t${i})`).join("\n");
    const texts = readSealTexts(enc(many));
    expect(texts).toHaveLength(MAX_CANDIDATES);
    expect(texts[0]).toBe(`t${MAX_CANDIDATES + 9}`);
  });

  test("behavior: a file of 20 MB without the key gives nothing", () => {
    expect(readSealTexts(new Uint8Array(20 * 1024 * 1024).fill(0x53))).toEqual([]);
  });
});
