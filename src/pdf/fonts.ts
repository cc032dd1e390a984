/**
 * The embedded font: DejaVu Sans and DejaVu Sans Bold (free licence, from the `dejavu-fonts-ttf`
 * package). They cover every Latin letter a Swiss register can hold (Ø, Ł, ř, Đ, ...), which the
 * PDF standard fonts' WinAnsi encoding cannot print.
 *
 * Each font is read once per process ({@link loadFonts}); each document gets its own
 * {@link DocumentFont}, which numbers the glyphs it prints and writes them as a Type 0 font
 * (CIDFontType2, Identity-H) with a ToUnicode map, so text extraction returns the exact text.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { num, type PdfWriter } from "./writer.ts";
import { GlyphSubset, TrueTypeFont } from "./ttf.ts";

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

export interface FontPair {
  readonly regular: TrueTypeFont;
  readonly bold: TrueTypeFont;
}

let fonts: FontPair | undefined;

/** DejaVu Sans regular and bold, parsed on first use and kept for the life of the process. */
export function loadFonts(): FontPair {
  fonts ??= {
    regular: new TrueTypeFont(new Uint8Array(readFileSync(join(fontDir, "DejaVuSans.ttf")))),
    bold: new TrueTypeFont(new Uint8Array(readFileSync(join(fontDir, "DejaVuSans-Bold.ttf")))),
  };
  return fonts;
}

/** Advance widths in 1/1000 em by code point, shared by every document of the process. */
const widthCaches = new WeakMap<TrueTypeFont, Map<number, number>>();

/** One font as one document uses it. */
export class DocumentFont {
  /** Resource name in the page's font dictionary, e.g. `F1`. */
  readonly name: string;
  private readonly font: TrueTypeFont;
  private readonly subset: GlyphSubset;
  private readonly widths: Map<number, number>;

  constructor(font: TrueTypeFont, name: string) {
    this.font = font;
    this.name = name;
    this.subset = new GlyphSubset(font);
    let widths = widthCaches.get(font);
    if (!widths) {
      widths = new Map();
      widthCaches.set(font, widths);
    }
    this.widths = widths;
  }

  /** Width of `text` at `size` points (no kerning: the PDF draws glyphs at their advances). */
  widthOf(text: string, size: number): number {
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      let w = this.widths.get(cp);
      if (w === undefined) {
        w = Math.round((this.font.advanceOf(this.font.glyphOf(cp)) * 1000) / this.font.unitsPerEm);
        this.widths.set(cp, w);
      }
      units += w;
    }
    return (units * size) / 1000;
  }

  /** `text` as a hex string of 2-byte CIDs, for `Tj`. */
  encode(text: string): string {
    let out = "<";
    for (const ch of text)
      out += this.subset
        .glyphFor(ch.codePointAt(0) ?? 0)
        .toString(16)
        .padStart(4, "0");
    return `${out}>`;
  }

  /** Writes the Type 0 font and its parts; returns the font dictionary's object number. */
  write(w: PdfWriter): number {
    const subset = this.subset;
    const font = this.font;
    const type0 = w.reserve();
    const cidFont = w.reserve();
    const descriptor = w.reserve();
    const file = w.reserve();
    const toUnicode = w.reserve();
    // The subset tag (six capitals) is derived from the glyph list, so the same text gives the
    // same name and a different subset never shares one.
    const digest = createHash("sha256")
      .update(`${font.postScriptName}:${subset.glyphs.join(",")}`)
      .digest();
    let tag = "";
    for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((digest[i] ?? 0) % 26));
    const baseFont = `${tag}+${font.postScriptName}`;
    const scale = (v: number): string => num((v * 1000) / font.unitsPerEm);

    const widths: string[] = [];
    for (let cid = 0; cid < subset.size; cid++) widths.push(String(subset.widthOf(cid)));
    w.object(
      type0,
      `<< /Type /Font /Subtype /Type0 /BaseFont /${baseFont} /Encoding /Identity-H ` +
        `/DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
    );
    w.object(
      cidFont,
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${baseFont} ` +
        `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ` +
        `/FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /DW 1000 /W [0 [${widths.join(" ")}]] >>`,
    );
    const [x0, y0, x1, y1] = font.bbox;
    w.object(
      descriptor,
      `<< /Type /FontDescriptor /FontName /${baseFont} /Flags 4 ` +
        `/FontBBox [${scale(x0)} ${scale(y0)} ${scale(x1)} ${scale(y1)}] /ItalicAngle 0 ` +
        `/Ascent ${scale(font.ascent)} /Descent ${scale(font.descent)} /CapHeight ${scale(font.capHeight)} ` +
        `/StemV 80 /FontFile2 ${file} 0 R >>`,
    );
    const program = subset.encode();
    w.stream(file, `/Length1 ${program.length}`, program);
    w.stream(toUnicode, "", new TextEncoder().encode(toUnicodeCMap(subset.unicode)));
    return type0;
  }
}

/** The ToUnicode CMap: each CID to the UTF-16BE text it prints. */
function toUnicodeCMap(unicode: readonly string[]): string {
  const pairs: string[] = [];
  unicode.forEach((text, cid) => {
    if (!text) return;
    let utf16 = "";
    for (let i = 0; i < text.length; i++) utf16 += text.charCodeAt(i).toString(16).padStart(4, "0");
    pairs.push(`<${cid.toString(16).padStart(4, "0")}> <${utf16}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const block = pairs.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}
