/**
 * Stamp v1: the QR code added to revision 1 of an extract as a PDF incremental update
 * (revision 2), so revision 1 stays a byte-exact prefix of the issued file. docs/formats.md,
 * "PDF stamp v1", is the specification; frozen vectors in test/vectors/stamp-v1.ts pin it.
 *
 * Revision 2 is a pure function of (revision 1, QR text), written byte by byte here so that a
 * verifier can rebuild it and compare the whole file:
 * 1. page 1's object again, copied from revision 1 with one more stream in `/Contents`;
 * 2. that stream (uncompressed), drawing the QR symbol into the square named by page 1's
 *    `/SceauStampBox`, with the QR text in its dictionary under `/SceauSeal` (so a verifier
 *    reads the seal without rasterising);
 * 3. a cross-reference section for those two objects and a trailer with `/Prev`.
 * @module
 */
import QRCode from "qrcode";
import { concatBytes, utf8 } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import { QUIET_ZONE_MODULES, type QrMatrix } from "../core/image.ts";
import { STAMP_BOX_KEY } from "./document.ts";
import {
  firstPage,
  lastStartXref,
  PdfRef,
  readXrefChain,
  type PdfDict,
  type IndirectObject,
  type Spanned,
} from "./parse.ts";
import { num } from "./writer.ts";

export { lastStartXref };

const STAMP_VERSION = 1;
export const SEAL_KEY = "SceauSeal";
const STAMP_MARKER = `% Sceau stamp v${STAMP_VERSION}`;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * Appends revision 2 (the QR of `qrText`) to revision 1.
 * @throws {SceauError} `PDF_UNREADABLE` when `rev1` is not a Sceau extract
 */
export function stampSeal(rev1: Uint8Array, qrText: string): Promise<Uint8Array> {
  try {
    return Promise.resolve(stampSealSync(rev1, qrText));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** {@link stampSeal}, synchronously. */
export function stampSealSync(rev1: Uint8Array, qrText: string): Uint8Array {
  const sections = readXrefChain(rev1);
  const latest = sections[0];
  if (!latest) throw new SceauError("PDF_UNREADABLE", "Revision 1 has no cross-reference table.");
  const trailer = latest.trailer.value;
  const size = trailer.get("Size");
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) {
    throw new SceauError("PDF_UNREADABLE", "Revision 1's trailer has no valid /Size.");
  }
  if (!(trailer.get("Root") instanceof PdfRef)) {
    throw new SceauError("PDF_UNREADABLE", "Revision 1's trailer has no /Root.");
  }
  const page = firstPage(rev1, sections);
  const pageDict = page.value.value as PdfDict;
  const box = readBox(pageDict);
  const streamNumber = size;

  const pageObject = rewritePage(rev1, page, pageDict, streamNumber);
  const content = utf8(qrContent(qrText, box));
  const streamObject = concatBytes(
    utf8(
      `${streamNumber} 0 obj\n<< /Length ${content.length} /${SEAL_KEY} ${pdfString(qrText)} >>\nstream\n`,
    ),
    content,
    utf8("\nendstream\nendobj\n"),
  );

  const lead = rev1[rev1.length - 1] === 0x0a ? new Uint8Array(0) : utf8("\n");
  const pageOffset = rev1.length + lead.length;
  const streamOffset = pageOffset + pageObject.length;
  const xrefOffset = streamOffset + streamObject.length;
  const entries = [
    { n: page.ref.num, g: page.ref.gen, offset: pageOffset },
    { n: streamNumber, g: 0, offset: streamOffset },
  ].sort((a, b) => a.n - b.n);
  let xref = "xref\n";
  for (const e of entries) {
    xref += `${e.n} 1\n${String(e.offset).padStart(10, "0")} ${String(e.g).padStart(5, "0")} n\r\n`;
  }
  const copied = ["Root", "Info", "ID"]
    .map((key) => [key, latest.trailer.value.entries.get(key)] as const)
    .filter((e): e is readonly [string, Spanned] => e[1] !== undefined)
    .map(([key, v]) => ` /${key} ${latin1(rev1, v.start, v.end)}`)
    .join("");
  xref += `trailer\n<< /Size ${streamNumber + 1}${copied} /Prev ${latest.at} >>\n`;
  xref += `startxref\n${xrefOffset}\n%%EOF\n`;
  return concatBytes(rev1, lead, pageObject, streamObject, utf8(xref));
}

/** Page 1's object with the stamp stream appended to `/Contents`, every other byte as it was. */
function rewritePage(rev1: Uint8Array, page: IndirectObject, dict: PdfDict, stream: number): Uint8Array {
  const contents = dict.entries.get("Contents");
  const added = `${stream} 0 R`;
  let before: number;
  let after: number;
  let replacement: string;
  if (!contents) {
    // No /Contents yet: add the key just before the dictionary's closing `>>`.
    before = page.value.end - 2;
    after = before;
    replacement = ` /Contents [${added}] `;
  } else if (contents.value instanceof PdfRef) {
    before = contents.start;
    after = contents.end;
    replacement = `[${latin1(rev1, contents.start, contents.end)} ${added}]`;
  } else if (Array.isArray(contents.value)) {
    before = contents.end - 1;
    after = before;
    replacement = ` ${added}`;
  } else {
    throw new SceauError("PDF_UNREADABLE", "Page 1's /Contents is neither a reference nor an array.");
  }
  return concatBytes(
    rev1.subarray(page.start, before),
    utf8(replacement),
    rev1.subarray(after, page.end),
    utf8("\n"),
  );
}

/**
 * Mask pattern of every stamp. The seal is high-entropy (salt, digests, proof), so the eight masks'
 * penalty scores differ by under 10 % on it, and mask 4 had the lowest mean over the samples.
 * Fixing it (instead of qrcode's penalty search) makes the symbol reproducible by any QR encoder
 * that follows ISO/IEC 18004, which the byte-exact check needs for as long as extracts are
 * verified, and it is 7 times faster.
 */
export const STAMP_QR_MASK = 4;

/**
 * The QR symbol for `text`: error correction M, the smallest version that fits, mask
 * {@link STAMP_QR_MASK}, and fixed segments so the symbol is defined by the text alone: everything
 * up to the last `#` in byte mode (UTF-8), then the seal (base32, in the QR alphanumeric set) in
 * alphanumeric mode; a text without such a split is one byte-mode segment.
 */
export function stampQrMatrix(text: string): QrMatrix {
  const hash = text.lastIndexOf("#");
  const tail = text.slice(hash + 1);
  const alnum = /^[0-9A-Z $%*+\-./:]+$/;
  const segments: QRCode.QRCodeSegment[] = [];
  if (tail && alnum.test(tail)) {
    if (hash >= 0) segments.push({ data: utf8(text.slice(0, hash + 1)), mode: "byte" });
    segments.push({ data: tail, mode: "alphanumeric" });
  } else {
    segments.push({ data: utf8(text), mode: "byte" });
  }
  let qr: QRCode.QRCode;
  try {
    qr = QRCode.create(segments, { errorCorrectionLevel: "M", maskPattern: STAMP_QR_MASK });
  } catch (cause) {
    throw new SceauError("QR_TEXT_INVALID", "The QR text does not fit in a QR code.", { cause });
  }
  const { size, data } = qr.modules;
  return { size, version: qr.version, isDark: (row, col) => data[row * size + col] === 1 };
}

/** The content stream: white square, then every horizontal run of dark modules as one `re`. */
function qrContent(qrText: string, box: Box): string {
  const m = stampQrMatrix(qrText);
  const modules = m.size + 2 * QUIET_ZONE_MODULES;
  const unit = box.size / modules;
  const lines = [
    STAMP_MARKER,
    "q",
    `1 0 0 1 ${num(box.x)} ${num(box.y)} cm`,
    "1 g",
    `0 0 ${num(box.size)} ${num(box.size)} re f`,
    `${unit.toFixed(6)} 0 0 ${unit.toFixed(6)} 0 0 cm`,
    "0 g",
  ];
  for (let row = 0; row < m.size; row++) {
    // PDF y grows upwards; QR row 0 is the top row.
    const y = modules - QUIET_ZONE_MODULES - row - 1;
    let col = 0;
    while (col < m.size) {
      if (!m.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.isDark(row, col)) col++;
      lines.push(`${start + QUIET_ZONE_MODULES} ${y} ${col - start} 1 re`);
    }
  }
  lines.push("f", "Q");
  return lines.join("\n");
}

function readBox(page: PdfDict): Box {
  const raw = page.get(STAMP_BOX_KEY);
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((v) => typeof v === "number")) {
    throw new SceauError("PDF_UNREADABLE", "Page 1 has no stamp box: this is not a Sceau extract.");
  }
  const [x, y, w, h] = raw as [number, number, number, number];
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || Math.abs(w - h) > 1e-6) {
    throw new SceauError("PDF_UNREADABLE", "Page 1 has a malformed stamp box.");
  }
  return { x, y, size: w };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

/** A PDF literal string; bytes outside printable ASCII are escaped octally. */
function pdfString(s: string): string {
  let out = "(";
  for (const byte of utf8(s)) {
    const c = String.fromCharCode(byte);
    if (c === "(" || c === ")" || c === "\\") out += `\\${c}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += c;
  }
  return `${out})`;
}
