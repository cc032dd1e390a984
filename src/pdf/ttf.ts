/**
 * A TrueType font read once per process, and per-document subsets of it.
 *
 * Embedding through fontkit parsed, shaped and subset the 760 KB DejaVu Sans again for every
 * document (15–40 ms each). Here the tables are sliced once; a subset then only copies the used
 * glyphs' outlines and writes a few small tables, which costs tens of microseconds. Glyphs are
 * renumbered 1..n in order of first use (0 stays `.notdef`), so the PDF can use Identity CIDs.
 * No shaping: one code point is one glyph, which is right for the Latin, Greek and Cyrillic text of
 * a register extract (names are NFC-normalised on intake, so accents are precomposed).
 * @module
 */
import { invariant } from "../core/errors.ts";

interface Table {
  readonly tag: string;
  readonly bytes: Uint8Array;
}

export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  /** Font-wide metrics in font units. */
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly bbox: readonly [number, number, number, number];
  readonly postScriptName: string;
  private readonly tables: Map<string, Uint8Array>;
  private readonly glyphOffsets: Uint32Array;
  private readonly advances: Uint16Array;
  private readonly bearings: Int16Array;
  private readonly cmap: Map<number, number>;
  private readonly components = new Map<number, readonly ComponentRef[]>();

  constructor(file: Uint8Array) {
    this.tables = readTables(file);
    const head = this.view("head");
    this.unitsPerEm = head.getUint16(18);
    this.bbox = [head.getInt16(36), head.getInt16(38), head.getInt16(40), head.getInt16(42)];
    const longLoca = head.getInt16(50) === 1;
    this.numGlyphs = this.view("maxp").getUint16(4);
    const hhea = this.view("hhea");
    this.ascent = hhea.getInt16(4);
    this.descent = hhea.getInt16(6);
    const os2 = this.tables.get("OS/2");
    this.capHeight = os2 && os2.length >= 90 ? dv(os2).getInt16(88) : Math.round(this.ascent * 0.7);

    const loca = this.view("loca");
    this.glyphOffsets = new Uint32Array(this.numGlyphs + 1);
    for (let g = 0; g <= this.numGlyphs; g++) {
      this.glyphOffsets[g] = longLoca ? loca.getUint32(g * 4) : loca.getUint16(g * 2) * 2;
    }
    const hmtx = this.view("hmtx");
    const metrics = hhea.getUint16(34);
    this.advances = new Uint16Array(this.numGlyphs);
    this.bearings = new Int16Array(this.numGlyphs);
    for (let g = 0; g < this.numGlyphs; g++) {
      const m = Math.min(g, metrics - 1);
      this.advances[g] = hmtx.getUint16(m * 4);
      this.bearings[g] =
        g < metrics ? hmtx.getInt16(g * 4 + 2) : hmtx.getInt16(metrics * 4 + (g - metrics) * 2);
    }
    this.cmap = readCmap(this.table("cmap"));
    this.postScriptName = readPostScriptName(this.tables.get("name")) ?? "Font";
  }

  /** Glyph of a code point; 0 (`.notdef`) when the font has none. */
  glyphOf(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  advanceOf(glyph: number): number {
    return this.advances[glyph] ?? 0;
  }

  bearingOf(glyph: number): number {
    return this.bearings[glyph] ?? 0;
  }

  table(tag: string): Uint8Array {
    const t = this.tables.get(tag);
    // The fonts are the ones shipped with the service (dejavu-fonts-ttf), read at start-up.
    invariant(t, `the font has no ${tag} table`);
    return t;
  }

  /** The outline bytes of a glyph as stored (empty for blank glyphs). */
  glyphData(glyph: number): Uint8Array {
    const start = this.glyphOffsets[glyph] ?? 0;
    const end = this.glyphOffsets[glyph + 1] ?? start;
    return this.table("glyf").subarray(start, end);
  }

  /** Components of a composite glyph: the glyph ids it draws and where they are written. */
  componentsOf(glyph: number): readonly ComponentRef[] {
    let refs = this.components.get(glyph);
    if (!refs) {
      refs = readComponents(this.glyphData(glyph));
      this.components.set(glyph, refs);
    }
    return refs;
  }

  private view(tag: string): DataView {
    return dv(this.table(tag));
  }
}

export interface ComponentRef {
  /** Offset of the component's glyph id inside the composite glyph's bytes. */
  readonly at: number;
  readonly glyph: number;
}

/**
 * The glyphs one document uses from one font. `glyphFor` numbers them in order of first use;
 * `encode` writes the TrueType program of exactly those glyphs (plus the components of composite
 * glyphs) with the hinting tables of the original.
 */
export class GlyphSubset {
  readonly font: TrueTypeFont;
  /** Original glyph id of each subset glyph; index 0 is `.notdef`. */
  readonly glyphs: number[] = [0];
  /** The text each subset glyph stands for (empty for `.notdef` and components). */
  readonly unicode: string[] = [""];
  private readonly byCodePoint = new Map<number, number>();

  constructor(font: TrueTypeFont) {
    this.font = font;
  }

  /** The subset glyph id (CID) that prints `codePoint`. */
  glyphFor(codePoint: number): number {
    const known = this.byCodePoint.get(codePoint);
    if (known !== undefined) return known;
    // One slot per code point (not per glyph), so the ToUnicode map is exact even when two code
    // points share a drawing (space and no-break space).
    const id = this.glyphs.length;
    this.glyphs.push(this.font.glyphOf(codePoint));
    this.unicode.push(String.fromCodePoint(codePoint));
    this.byCodePoint.set(codePoint, id);
    return id;
  }

  /** Advance width of a subset glyph, in 1/1000 em rounded to integers (the PDF `/W` values). */
  widthOf(cid: number): number {
    return Math.round((this.font.advanceOf(this.glyphs[cid] ?? 0) * 1000) / this.font.unitsPerEm);
  }

  get size(): number {
    return this.glyphs.length;
  }

  /** The TrueType font program of this subset. */
  encode(): Uint8Array {
    const font = this.font;
    const glyphs = this.glyphs.slice();
    const slots = new Map<number, number>();
    glyphs.forEach((g, i) => {
      if (!slots.has(g)) slots.set(g, i);
    });
    const slotOf = (glyph: number): number => {
      let slot = slots.get(glyph);
      if (slot === undefined) {
        slot = glyphs.length;
        glyphs.push(glyph);
        slots.set(glyph, slot);
      }
      return slot;
    };
    const outlines: Uint8Array[] = [];
    // The loop also visits components appended while it runs (components may be composite).
    for (let i = 0; i < glyphs.length; i++) {
      const glyph = glyphs[i] ?? 0;
      let data = font.glyphData(glyph);
      const refs = font.componentsOf(glyph);
      if (refs.length > 0) {
        data = data.slice();
        const view = dv(data);
        for (const ref of refs) view.setUint16(ref.at, slotOf(ref.glyph));
      }
      outlines.push(data);
    }

    const n = glyphs.length;
    let glyfLength = 0;
    for (const o of outlines) glyfLength += pad4(o.length);
    const glyf = new Uint8Array(glyfLength);
    const loca = new Uint8Array((n + 1) * 4);
    const locaView = dv(loca);
    const hmtx = new Uint8Array(n * 4);
    const hmtxView = dv(hmtx);
    let offset = 0;
    outlines.forEach((o, i) => {
      locaView.setUint32(i * 4, offset);
      glyf.set(o, offset);
      offset += pad4(o.length);
      const g = glyphs[i] ?? 0;
      hmtxView.setUint16(i * 4, font.advanceOf(g));
      hmtxView.setInt16(i * 4 + 2, font.bearingOf(g));
    });
    locaView.setUint32(n * 4, offset);

    const head = font.table("head").slice();
    dv(head).setUint32(8, 0); // checkSumAdjustment, set below
    dv(head).setInt16(50, 1); // long loca offsets
    const hhea = font.table("hhea").slice();
    dv(hhea).setUint16(34, n);
    const maxp = font.table("maxp").slice();
    dv(maxp).setUint16(4, n);

    const tables: Table[] = [
      { tag: "cvt ", bytes: font.table("cvt ") },
      { tag: "fpgm", bytes: font.table("fpgm") },
      { tag: "glyf", bytes: glyf },
      { tag: "head", bytes: head },
      { tag: "hhea", bytes: hhea },
      { tag: "hmtx", bytes: hmtx },
      { tag: "loca", bytes: loca },
      { tag: "maxp", bytes: maxp },
      { tag: "prep", bytes: font.table("prep") },
    ];
    return writeFont(tables);
  }
}

function dv(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function readTables(file: Uint8Array): Map<string, Uint8Array> {
  const view = dv(file);
  const count = view.getUint16(4);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(file[at] ?? 0, file[at + 1] ?? 0, file[at + 2] ?? 0, file[at + 3] ?? 0);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    tables.set(tag, file.subarray(offset, offset + length));
  }
  return tables;
}

/** Unicode cmap: format 12 (full range) when present, else format 4 (BMP). */
function readCmap(cmap: Uint8Array): Map<number, number> {
  const view = dv(cmap);
  const count = view.getUint16(2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < count; i++) {
    const platform = view.getUint16(4 + i * 8);
    const encoding = view.getUint16(6 + i * 8);
    const offset = view.getUint32(8 + i * 8);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && best?.format !== 12) best = { offset, format };
    else if (format === 4 && !best) best = { offset, format };
  }
  invariant(best, "the font has no Unicode cmap");
  const map = new Map<number, number>();
  const o = best.offset;
  if (best.format === 12) {
    const groups = view.getUint32(o + 12);
    for (let i = 0; i < groups; i++) {
      const start = view.getUint32(o + 16 + i * 12);
      const end = view.getUint32(o + 20 + i * 12);
      const glyph = view.getUint32(o + 24 + i * 12);
      for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  const segments = view.getUint16(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = view.getUint16(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

function readPostScriptName(name: Uint8Array | undefined): string | undefined {
  if (!name) return undefined;
  const view = dv(name);
  const count = view.getUint16(2);
  const strings = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    if (view.getUint16(at + 6) !== 6) continue;
    const platform = view.getUint16(at);
    const length = view.getUint16(at + 8);
    const offset = strings + view.getUint16(at + 10);
    const raw = name.subarray(offset, offset + length);
    let s = "";
    if (platform === 1) for (const b of raw) s += String.fromCharCode(b);
    else
      for (let k = 0; k + 1 < raw.length; k += 2)
        s += String.fromCharCode(((raw[k] ?? 0) << 8) | (raw[k + 1] ?? 0));
    if (/^[A-Za-z0-9-]+$/.test(s)) return s;
  }
  return undefined;
}

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

function readComponents(data: Uint8Array): ComponentRef[] {
  if (data.length < 10) return [];
  const view = dv(data);
  if (view.getInt16(0) >= 0) return [];
  const refs: ComponentRef[] = [];
  let at = 10;
  for (;;) {
    const flags = view.getUint16(at);
    refs.push({ at: at + 2, glyph: view.getUint16(at + 2) });
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return refs;
  }
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const view = dv(bytes);
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (bytes[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** An sfnt file of `tables` (sorted by tag), with table checksums and the head adjustment. */
function writeFont(tables: Table[]): Uint8Array {
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const count = tables.length;
  let size = 12 + count * 16;
  for (const t of tables) size += pad4(t.bytes.length);
  const out = new Uint8Array(size);
  const view = dv(out);
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log++;
  }
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, power * 16);
  view.setUint16(8, log);
  view.setUint16(10, count * 16 - power * 16);
  let offset = 12 + count * 16;
  let headOffset = -1;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[at + k] = t.tag.charCodeAt(k);
    view.setUint32(at + 4, checksum(t.bytes));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, t.bytes.length);
    out.set(t.bytes, offset);
    if (t.tag === "head") headOffset = offset;
    offset += pad4(t.bytes.length);
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
