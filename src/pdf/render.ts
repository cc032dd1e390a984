/**
 * Revision 1 of the extract PDF: the whole document except the QR code. Its SHA-256 goes into
 * the seal, so its bytes must be a pure function of the input (fixed dates, metadata and ids).
 *
 * Page 1 keeps a square free for the QR and names it in its page dictionary under
 * `/SceauStampBox [x y width height]`, which the stamp (revision 2) reads.
 * @module
 */
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, PDFName, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { isoDateOf } from "../core/dates.ts";
import { amountToCents, type Extract } from "../core/extract.ts";
import { formatDocumentId, keyDataOf } from "../core/seal.ts";
import { fontBytes } from "./fonts.ts";
import { LABELS, swissAmount, swissDate } from "./labels.ts";

export interface OfficeInfo {
  readonly id: string;
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly canton: string;
  /** Place printed in "issued at <place>, <date>". */
  readonly place: string;
}

export interface RenderInput {
  readonly extract: Extract;
  readonly office: OfficeInfo;
  readonly documentId: Uint8Array;
  /** Unix seconds. */
  readonly issuedAt: number;
  /** The official verification address, printed in words beside the QR. */
  readonly verifierUrl: string;
}

export const STAMP_BOX_KEY = "SceauStampBox";

const MM = 72 / 25.4;
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 20 * MM;
/** The QR square, quiet zone included: 40 mm, well above the 30 mm minimum for phone cameras. */
export const QR_BOX_SIZE = 40 * MM;
const QR_BOX = { x: MARGIN, y: 16 * MM, size: QR_BOX_SIZE };
const PAGE1_BOTTOM = QR_BOX.y + QR_BOX.size + 8 * MM;
const OTHER_BOTTOM = 18 * MM;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const RULE = rgb(0.75, 0.75, 0.78);
const SHADE = rgb(0.94, 0.95, 0.97);

interface Ctx {
  doc: PDFDocument;
  regular: PDFFont;
  bold: PDFFont;
  pages: PDFPage[];
  page: PDFPage;
  y: number;
}

/** Renders revision 1 of the extract. */
export async function renderExtract(input: RenderInput): Promise<Uint8Array> {
  const { extract, office } = input;
  const L = LABELS[extract.language];
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = fontBytes();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const docId = formatDocumentId(input.documentId);
  const issueDate = swissDate(isoDateInZurich(input.issuedAt));

  const first = doc.addPage(A4);
  const ctx: Ctx = { doc, regular, bold, pages: [first], page: first, y: A4[1] - MARGIN };

  // Office header
  text(ctx, office.name, MARGIN, ctx.y, bold, 11);
  ctx.y -= 14;
  for (const line of office.addressLines) {
    text(ctx, line, MARGIN, ctx.y, regular, 9, MUTED);
    ctx.y -= 11;
  }
  text(ctx, `${L.canton} ${office.canton}`, MARGIN, ctx.y, regular, 9, MUTED);
  const idLine = `${L.documentId} ${docId}`;
  text(ctx, idLine, A4[0] - MARGIN - regular.widthOfTextAtSize(idLine, 8), A4[1] - MARGIN, regular, 8, MUTED);
  ctx.y -= 30;

  // Title
  text(ctx, L.title, MARGIN, ctx.y, bold, 17);
  ctx.y -= 15;
  text(ctx, L.legalBasis, MARGIN, ctx.y, regular, 8.5, MUTED);
  ctx.y -= 24;

  // Debtor
  const d = extract.debtor;
  const rows: [string, string][] =
    d.type === "person"
      ? [
          [L.person.lastName, d.lastName],
          [L.person.firstNames, d.firstNames],
          [L.person.dateOfBirth, swissDate(d.dateOfBirth)],
        ]
      : [
          [L.company.name, d.name],
          [L.company.uid, d.uid],
        ];
  const street = [d.address.street, d.address.houseNumber].filter(Boolean).join(" ");
  rows.push([L.address, `${street}, ${d.address.postalCode} ${d.address.town}, ${d.address.country}`]);
  rows.push([L.coverage, L.coverageText(swissDate(extract.coverage.from), swissDate(extract.coverage.to))]);
  text(ctx, L.debtor, MARGIN, ctx.y, bold, 10.5);
  ctx.y -= 16;
  for (const [label, value] of rows) {
    text(ctx, label, MARGIN, ctx.y, regular, 9, MUTED);
    const lines = wrap(value, regular, 10, A4[0] - 2 * MARGIN - 120);
    for (const line of lines) {
      text(
        ctx,
        line,
        MARGIN + 120,
        ctx.y,
        d.type === "person" && label === L.person.lastName ? bold : regular,
        10,
      );
      ctx.y -= 13;
    }
    ctx.y -= 2;
  }
  ctx.y -= 8;

  // Statement
  const key = keyDataOf(extract);
  const s = key.summary;
  const statement = [
    s.entries === 0
      ? L.statementNone
      : L.statementSome(s.entries, s.openEntries, swissAmount(s.openAmountCents)),
    s.lossCertificates === 0 ? L.lossNone : L.lossSome(s.lossCertificates, swissAmount(s.lossAmountCents)),
  ];
  const statementLines = statement.flatMap((t) => wrap(t, bold, 10.5, A4[0] - 2 * MARGIN - 20));
  const boxHeight = statementLines.length * 14 + 14;
  ctx.page.drawRectangle({
    x: MARGIN,
    y: ctx.y - boxHeight + 10,
    width: A4[0] - 2 * MARGIN,
    height: boxHeight,
    color: SHADE,
    borderColor: RULE,
    borderWidth: 0.6,
  });
  ctx.y -= 8;
  for (const line of statementLines) {
    text(ctx, line, MARGIN + 10, ctx.y, bold, 10.5);
    ctx.y -= 14;
  }
  ctx.y -= 20;

  // Tables
  const width = A4[0] - 2 * MARGIN;
  if (extract.entries.length > 0) {
    table(
      ctx,
      L.entries,
      [
        { title: L.columns.caseNumber, width: 0.17 * width },
        { title: L.columns.date, width: 0.13 * width },
        { title: L.columns.creditor, width: 0.32 * width },
        { title: L.columns.amount, width: 0.16 * width, right: true },
        { title: L.columns.status, width: 0.22 * width },
      ],
      extract.entries.map((e) => [
        e.caseNumber,
        swissDate(e.date),
        e.creditor,
        swissAmount(amountToCents(e.amount)),
        L.status[e.status],
      ]),
      L.continued,
    );
  }
  if (extract.lossCertificates.length > 0) {
    table(
      ctx,
      L.lossCertificates,
      [
        { title: L.lossColumns.number, width: 0.2 * width },
        { title: L.lossColumns.date, width: 0.14 * width },
        { title: L.lossColumns.creditor, width: 0.46 * width },
        { title: L.lossColumns.amount, width: 0.2 * width, right: true },
      ],
      extract.lossCertificates.map((c) => [
        c.number,
        swissDate(c.date),
        c.creditor,
        swissAmount(amountToCents(c.amount)),
      ]),
      L.continued,
    );
  }

  // Place and date of issue
  ensure(ctx, 30);
  ctx.y -= 6;
  text(ctx, L.issued(office.place, issueDate), MARGIN, ctx.y, regular, 10);

  // Seal block on page 1: the QR square stays empty in revision 1.
  const box = QR_BOX;
  first.node.set(PDFName.of(STAMP_BOX_KEY), doc.context.obj([box.x, box.y, box.size, box.size]));
  first.drawRectangle({
    x: box.x - 0.5,
    y: box.y - 0.5,
    width: box.size + 1,
    height: box.size + 1,
    borderColor: RULE,
    borderWidth: 0.5,
  });
  const tx = box.x + box.size + 6 * MM;
  let ty = box.y + box.size - 10;
  const seal = (t: string, font: PDFFont, size: number, color = INK): void => {
    for (const line of wrap(t, font, size, A4[0] - MARGIN - tx)) {
      first.drawText(line, { x: tx, y: ty, font, size, color });
      ty -= size + 3;
    }
  };
  seal(`${L.documentId} ${docId}`, bold, 10);
  ty -= 4;
  seal(L.verifyAt, regular, 9, MUTED);
  seal(input.verifierUrl, bold, 11);
  ty -= 4;
  seal(L.sealNote, regular, 8.5, MUTED);

  // Page numbers, once the page count is known.
  const total = ctx.pages.length;
  ctx.pages.forEach((p, i) => {
    const label = L.page(i + 1, total);
    p.drawText(label, {
      x: A4[0] - MARGIN - regular.widthOfTextAtSize(label, 8),
      y: 8 * MM,
      font: regular,
      size: 8,
      color: MUTED,
    });
  });

  const when = new Date(input.issuedAt * 1000);
  doc.setTitle(`${L.title} ${docId}`);
  doc.setAuthor(office.name);
  doc.setSubject(L.title);
  doc.setLanguage(`${extract.language}-CH`);
  doc.setProducer("Sceau");
  doc.setCreator("Sceau");
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  return doc.save({ useObjectStreams: false });
}

interface Column {
  readonly title: string;
  readonly width: number;
  readonly right?: boolean;
}

function table(
  ctx: Ctx,
  title: string,
  columns: readonly Column[],
  rows: readonly string[][],
  continued: string,
): void {
  const size = 8.5;
  const lineHeight = 11;
  const header = (suffix: string): void => {
    ensure(ctx, 60);
    text(ctx, suffix ? `${title} ${suffix}` : title, MARGIN, ctx.y, ctx.bold, 10.5);
    ctx.y -= 16;
    let x = MARGIN;
    ctx.page.drawRectangle({ x: MARGIN, y: ctx.y - 4, width: A4[0] - 2 * MARGIN, height: 15, color: SHADE });
    for (const c of columns) {
      const w = ctx.bold.widthOfTextAtSize(c.title, size);
      text(ctx, c.title, c.right ? x + c.width - 4 - w : x + 4, ctx.y, ctx.bold, size);
      x += c.width;
    }
    ctx.y -= 16;
  };
  header("");
  for (const row of rows) {
    const cells = columns.map((c, i) => wrap(row[i] ?? "", ctx.regular, size, c.width - 8));
    const height = Math.max(...cells.map((l) => l.length)) * lineHeight + 4;
    if (ctx.y - height < bottom(ctx)) {
      newPage(ctx);
      header(continued);
    }
    let x = MARGIN;
    columns.forEach((c, i) => {
      let y = ctx.y;
      for (const line of cells[i] ?? []) {
        const w = ctx.regular.widthOfTextAtSize(line, size);
        text(ctx, line, c.right ? x + c.width - 4 - w : x + 4, y, ctx.regular, size);
        y -= lineHeight;
      }
      x += c.width;
    });
    ctx.y -= height;
    ctx.page.drawLine({
      start: { x: MARGIN, y: ctx.y + 7 },
      end: { x: A4[0] - MARGIN, y: ctx.y + 7 },
      thickness: 0.3,
      color: RULE,
    });
  }
  ctx.y -= 14;
}

function bottom(ctx: Ctx): number {
  return ctx.pages.length === 1 ? PAGE1_BOTTOM : OTHER_BOTTOM;
}

function ensure(ctx: Ctx, height: number): void {
  if (ctx.y - height < bottom(ctx)) newPage(ctx);
}

function newPage(ctx: Ctx): void {
  ctx.page = ctx.doc.addPage(A4);
  ctx.pages.push(ctx.page);
  ctx.y = A4[1] - MARGIN;
}

function text(ctx: Ctx, t: string, x: number, y: number, font: PDFFont, size: number, color = INK): void {
  ctx.page.drawText(t, { x, y, font, size, color });
}

/** Greedy word wrap; a word longer than the line is cut. */
function wrap(t: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const words = t.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > maxWidth && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

const zurichDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Zurich",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Switzerland at a Unix time (the printed issue date). */
export function isoDateInZurich(unixSeconds: number): string {
  const s = zurichDate.format(new Date(unixSeconds * 1000));
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : isoDateOf(unixSeconds);
}
