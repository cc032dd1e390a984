/**
 * The extract's file, revision 1: catalog, page tree, pages (page 1 carries the stamp box),
 * fonts, information dictionary, cross-reference table and trailer, from pages already drawn.
 * @module
 */
import { createHash } from "node:crypto";
import { A4, type Fonts, type Page, type SealGeometry } from "./layout.ts";
import { PdfRef, readDict, readXrefChain } from "./parse.ts";
import { num, pdfDate, PdfWriter, textString } from "./writer.ts";

/** Key of page 1's `[x y width height]` of the square left free for the QR code (the stamp's). */
export const STAMP_BOX_KEY = "SceauStampBox";

export interface Metadata {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly language: string;
  readonly issuedAt: number;
  readonly documentId: Uint8Array;
  /** Page 1's QR square, named in its dictionary for the stamp. */
  readonly qr: SealGeometry["qr"];
  /**
   * The layout version, recorded in the information dictionary as `/SceauLayout` from version 2
   * on (a file without it is version 1).
   */
  readonly layout: number;
}

/** Key of the layout version in the information dictionary. */
const LAYOUT_KEY = "SceauLayout";

/**
 * The layout version an extract's revision 1 (or the issued file) records: `/SceauLayout` in its
 * information dictionary, 1 when absent.
 * @throws {SceauError} `PDF_UNREADABLE` when the file's structure cannot be read
 */
export function recordedLayout(pdf: Uint8Array): number {
  const sections = readXrefChain(pdf);
  const info = sections[0]?.trailer.value.get("Info");
  if (!(info instanceof PdfRef)) return 1;
  const layout = readDict(pdf, sections, info).get(LAYOUT_KEY);
  return typeof layout === "number" && Number.isSafeInteger(layout) && layout > 1 ? layout : 1;
}

/**
 * The file: catalog, page tree, pages (page 1 carries the stamp box), fonts, information
 * dictionary, then the cross-reference table and trailer.
 */
export function writeDocument(pages: readonly Page[], f: Fonts, meta: Metadata): Uint8Array {
  const w = new PdfWriter();
  const catalog = w.reserve();
  const tree = w.reserve();
  const info = w.reserve();
  const pageRefs = pages.map(() => ({ page: w.reserve(), content: w.reserve() }));

  // Page content first: encoding the text decides which glyphs the fonts carry.
  const contents = pages.map((p) => new TextEncoder().encode(`${p.ops.join("\n")}\n`));
  const fontRefs = { regular: f.regular.write(w), bold: f.bold.write(w) };
  const resources = `<< /Font << /F1 ${fontRefs.regular} 0 R /F2 ${fontRefs.bold} 0 R >> >>`;

  w.object(catalog, `<< /Type /Catalog /Pages ${tree} 0 R /Lang ${textString(meta.language)} >>`);
  w.object(
    tree,
    `<< /Type /Pages /Kids [${pageRefs.map((r) => `${r.page} 0 R`).join(" ")}] /Count ${pages.length} >>`,
  );
  const date = pdfDate(meta.issuedAt);
  w.object(
    info,
    `<< /Title ${textString(meta.title)} /Author ${textString(meta.author)} /Subject ${textString(meta.subject)} ` +
      `/Producer (Sceau) /Creator (Sceau) /CreationDate (${date}) /ModDate (${date})` +
      (meta.layout > 1 ? ` /${LAYOUT_KEY} ${meta.layout}` : "") +
      " >>",
  );
  pageRefs.forEach((r, i) => {
    const box =
      i === 0
        ? ` /${STAMP_BOX_KEY} [${num(meta.qr.x)} ${num(meta.qr.y)} ${num(meta.qr.size)} ${num(meta.qr.size)}]`
        : "";
    w.object(
      r.page,
      `<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 ${num(A4.width)} ${num(A4.height)}] ` +
        `/Resources ${resources} /Contents ${r.content} 0 R${box} >>`,
    );
    w.stream(r.content, "", contents[i] ?? new Uint8Array(0));
  });
  // The file identifier is derived from the document id: fixed for the document, unique across them.
  const id = createHash("sha256").update("sceau-pdf-id").update(meta.documentId).digest().subarray(0, 16);
  return w.finish({ root: catalog, info, id });
}
