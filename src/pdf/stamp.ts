/**
 * Stamp v1: the QR code added to revision 1 of an extract as a PDF incremental update
 * (revision 2), so revision 1 stays a byte-exact prefix of the issued file.
 *
 * Revision 2 is a pure function of (revision 1, QR text): it appends
 * 1. a content stream drawing the QR symbol (quiet zone in white, dark modules as one path of
 *    rectangles) into the square named by page 1's `/SceauStampBox`, with the QR text kept in its
 *    dictionary under `/SceauSeal` (so the verifier reads the seal without rasterising);
 * 2. page 1's dictionary again, with that stream appended to `/Contents`;
 * 3. an xref section for those two objects and a trailer with `/Prev`.
 * The stream is not compressed: its bytes then depend on nothing but this module, so a verifier
 * can regenerate revision 2 and compare the whole file byte for byte.
 * @module
 */
import { PDFArray, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFDict, type PDFObject } from "pdf-lib";
import { concatBytes, utf8 } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import { QUIET_ZONE_MODULES, qrMatrix } from "../qr/encode.ts";
import { STAMP_BOX_KEY } from "./render.ts";

export const STAMP_VERSION = 1;
export const SEAL_KEY = "SceauSeal";
const STAMP_MARKER = `% Sceau stamp v${STAMP_VERSION}\n`;

/**
 * Appends revision 2 (the QR of `qrText`) to revision 1.
 * @throws {SceauError} `PDF_UNREADABLE` when `rev1` is not a Sceau extract
 */
export async function stampSeal(rev1: Uint8Array, qrText: string): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(rev1, { updateMetadata: false });
  } catch (cause) {
    throw new SceauError("PDF_UNREADABLE", "Revision 1 is not a readable PDF.", { cause });
  }
  const page = doc.getPages()[0];
  if (!page) throw new SceauError("PDF_UNREADABLE", "Revision 1 has no page.");
  const box = readBox(page.node);
  const prevXref = lastStartXref(rev1);
  const trailer = doc.context.trailerInfo;
  if (!(trailer.Root instanceof PDFRef)) throw new SceauError("PDF_UNREADABLE", "Revision 1 has no catalog.");

  const streamNumber = doc.context.largestObjectNumber + 1;
  const content = utf8(qrContent(qrText, box));
  const streamObject = concatBytes(
    utf8(
      `${streamNumber} 0 obj\n<<\n/Length ${content.length}\n/${SEAL_KEY} ${pdfString(qrText)}\n>>\nstream\n`,
    ),
    content,
    utf8("\nendstream\nendobj\n"),
  );

  const contents = page.node.get(PDFName.of("Contents"));
  const streamRef = PDFRef.of(streamNumber, 0);
  const items: PDFObject[] =
    contents instanceof PDFArray
      ? [...contents.asArray(), streamRef]
      : contents
        ? [contents, streamRef]
        : [streamRef];
  page.node.set(PDFName.of("Contents"), doc.context.obj(items));
  const pageRef = page.ref;
  const pageObject = concatBytes(
    utf8(`${pageRef.objectNumber} ${pageRef.generationNumber} obj\n`),
    serialize(page.node),
    utf8("\nendobj\n"),
  );

  const lead = rev1[rev1.length - 1] === 0x0a ? new Uint8Array(0) : utf8("\n");
  const pageOffset = rev1.length + lead.length;
  const streamOffset = pageOffset + pageObject.length;
  const xrefOffset = streamOffset + streamObject.length;
  const entries = [
    { n: pageRef.objectNumber, g: pageRef.generationNumber, offset: pageOffset },
    { n: streamNumber, g: 0, offset: streamOffset },
  ].sort((a, b) => a.n - b.n);
  let xref = "xref\n";
  for (const e of entries) {
    xref += `${e.n} 1\n${String(e.offset).padStart(10, "0")} ${String(e.g).padStart(5, "0")} n\r\n`;
  }
  const info = trailer.Info instanceof PDFRef ? ` /Info ${trailer.Info.toString()}` : "";
  xref += `trailer\n<< /Size ${streamNumber + 1} /Root ${trailer.Root.toString()}${info} /Prev ${prevXref} >>\n`;
  xref += `startxref\n${xrefOffset}\n%%EOF\n`;
  return concatBytes(rev1, lead, pageObject, streamObject, utf8(xref));
}

/** The content stream: white quiet zone, then every run of dark modules as one filled path. */
export function qrContent(qrText: string, box: Box): string {
  const m = qrMatrix(qrText, "M");
  const modules = m.size + 2 * QUIET_ZONE_MODULES;
  const unit = box.size / modules;
  const lines = [
    STAMP_MARKER.trimEnd(),
    "q",
    `1 0 0 1 ${num(box.x)} ${num(box.y)} cm`,
    "1 g",
    `0 0 ${num(box.size)} ${num(box.size)} re f`,
  ];
  lines.push(`${num(unit)} 0 0 ${num(unit)} 0 0 cm`, "0 g");
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

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

function readBox(page: PDFDict): Box {
  const raw = page.get(PDFName.of(STAMP_BOX_KEY));
  if (!(raw instanceof PDFArray) || raw.size() !== 4) {
    throw new SceauError("PDF_UNREADABLE", "Page 1 has no stamp box: this is not a Sceau extract.");
  }
  const values = raw.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : NaN));
  const [x, y, w, h] = values as [number, number, number, number];
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || Math.abs(w - h) > 1e-6) {
    throw new SceauError("PDF_UNREADABLE", "Page 1 has a malformed stamp box.");
  }
  return { x, y, size: w };
}

/** Offset of the last cross-reference section, from the file's final `startxref`. */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = new TextDecoder("latin1").decode(pdf.subarray(Math.max(0, pdf.length - 1024)));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new SceauError("PDF_UNREADABLE", "The PDF has no final startxref.");
  return Number(m[1]);
}

function serialize(obj: PDFObject): Uint8Array {
  const out = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return out;
}

/** Fixed 4-decimal numbers without trailing zeros: the same bytes on every platform. */
function num(v: number): string {
  return String(Number(v.toFixed(4)));
}

/** A PDF literal string; the QR text is ASCII in practice, anything else is escaped octally. */
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
