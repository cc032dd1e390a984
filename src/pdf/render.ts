/**
 * Revision 1 of the extract PDF: the whole document except the QR code. Its SHA-256 goes into
 * the seal, so its bytes are a pure function of the input (fixed dates, metadata and ids; see
 * `writer.ts`).
 *
 * Layout (A4): office header, title, debtor, statement, tables of proceedings and loss
 * certificates flowing over as many pages as needed (header row repeated), remarks, place and
 * date, and on page 1 the seal block: a square left free for the QR code, named in the page
 * dictionary as `/SceauStampBox [x y width height]` for the stamp (revision 2), with its caption
 * (document number and official verification address) beside it.
 * @module
 */
import { createHash } from "node:crypto";
import { isoDateOf } from "../core/dates.ts";
import { amountToCents, type Extract } from "../core/extract.ts";
import { formatDocumentId, keyDataOf } from "../core/seal.ts";
import { DocumentFont, loadFonts } from "./fonts.ts";
import { LABELS, swissAmount, swissDate, type ExtractLabels } from "./labels.ts";
import { num, pdfDate, PdfWriter, textString } from "./writer.ts";

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
export const A4 = { width: 595.28, height: 841.89 } as const;
const LEFT = 20 * MM;
const RIGHT = A4.width - 18 * MM;
const WIDTH = RIGHT - LEFT;
const TOP = A4.height - 16 * MM;
/** The QR square, quiet zone included: 40 mm, above the 30 mm a phone camera needs at arm's length. */
export const QR_BOX_SIZE = 40 * MM;
const SEAL_BLOCK = { x: LEFT, y: 15 * MM, width: WIDTH, height: QR_BOX_SIZE + 8 * MM };
const QR_BOX = { x: LEFT + 4 * MM, y: SEAL_BLOCK.y + 4 * MM, size: QR_BOX_SIZE };
const FOOTER_Y = 8 * MM;
const PAGE1_BOTTOM = SEAL_BLOCK.y + SEAL_BLOCK.height + 7 * MM;
const OTHER_BOTTOM = 17 * MM;

type Color = readonly [number, number, number];
const INK: Color = [0.11, 0.12, 0.14];
const MUTED: Color = [0.36, 0.38, 0.42];
const ACCENT: Color = [0.66, 0.07, 0.1]; // Swiss federal red, for the rules of the header
const RULE: Color = [0.72, 0.74, 0.78];
const SHADE: Color = [0.94, 0.95, 0.96];

/** One page's content stream, built as PDF operators. */
class Page {
  readonly ops: string[] = [];

  text(font: DocumentFont, size: number, x: number, y: number, s: string, color: Color = INK): void {
    if (!s) return;
    this.ops.push(
      `BT /${font.name} ${num(size)} Tf ${rgb(color)} rg 1 0 0 1 ${num(x)} ${num(y)} Tm ${font.encode(s)} Tj ET`,
    );
  }

  textRight(font: DocumentFont, size: number, right: number, y: number, s: string, color: Color = INK): void {
    this.text(font, size, right - font.widthOf(s, size), y, s, color);
  }

  fill(x: number, y: number, w: number, h: number, color: Color): void {
    this.ops.push(`${rgb(color)} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
  }

  stroke(x: number, y: number, w: number, h: number, color: Color, width: number): void {
    this.ops.push(`${rgb(color)} RG ${num(width)} w ${num(x)} ${num(y)} ${num(w)} ${num(h)} re S`);
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Color, width: number): void {
    this.ops.push(`${rgb(color)} RG ${num(width)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }
}

function rgb(c: Color): string {
  return `${num(c[0])} ${num(c[1])} ${num(c[2])}`;
}

interface Fonts {
  readonly regular: DocumentFont;
  readonly bold: DocumentFont;
}

/** Pages in the making and the current writing position. */
class Flow {
  readonly pages: Page[] = [];
  page: Page;
  y = TOP;
  /** Drawn at the top of every page after the first, before anything else. */
  continuationHeader: (page: Page) => number = () => TOP;

  constructor() {
    this.page = new Page();
    this.pages.push(this.page);
  }

  get bottom(): number {
    return this.pages.length === 1 ? PAGE1_BOTTOM : OTHER_BOTTOM;
  }

  /** Starts a new page unless `height` still fits above the bottom of this one. */
  ensure(height: number): boolean {
    if (this.y - height >= this.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.page = new Page();
    this.pages.push(this.page);
    this.y = this.continuationHeader(this.page);
  }
}

/** Renders revision 1 of the extract. */
export function renderExtract(input: RenderInput): Promise<Uint8Array> {
  return Promise.resolve(renderExtractSync(input));
}

/** {@link renderExtract}, synchronously (it does no I/O once the fonts are loaded). */
export function renderExtractSync(input: RenderInput): Uint8Array {
  const { extract, office } = input;
  const L = LABELS[extract.language];
  const loaded = loadFonts();
  const f: Fonts = {
    regular: new DocumentFont(loaded.regular, "F1"),
    bold: new DocumentFont(loaded.bold, "F2"),
  };
  const docId = formatDocumentId(input.documentId);
  const issueDate = swissDate(isoDateInZurich(input.issuedAt));
  const d = extract.debtor;
  const debtorName = d.type === "person" ? `${d.lastName} ${d.firstNames}` : d.name;

  const flow = new Flow();
  flow.continuationHeader = (page) => {
    page.text(f.bold, 9, LEFT, TOP, L.title);
    page.textRight(f.regular, 8, RIGHT, TOP, `${L.documentId} ${docId}`, MUTED);
    const who = d.type === "person" ? `${debtorName}, ${swissDate(d.dateOfBirth)}` : `${d.name}, ${d.uid}`;
    page.text(f.regular, 8, LEFT, TOP - 11, who, MUTED);
    page.line(LEFT, TOP - 17, RIGHT, TOP - 17, ACCENT, 0.8);
    return TOP - 36;
  };
  const first = flow.page;

  // Office header: canton, office, address; document number and issue date on the right, each
  // label close enough to its value that text extraction keeps them on one line.
  first.text(f.regular, 8, LEFT, flow.y, L.cantonName(office.canton).toUpperCase(), MUTED);
  rightPair(first, f, flow.y, L.documentId, docId);
  flow.y -= 14;
  rightPair(first, f, flow.y, L.issuedOn, issueDate);
  // A long office name wraps before it reaches the document number and date on the right.
  const dateWidth = f.regular.widthOf(L.issuedOn, 7.5) + 5 + f.bold.widthOf(issueDate, 9.5);
  for (const line of wrap(office.name, f.bold, 12, WIDTH - dateWidth - 8 * MM)) {
    first.text(f.bold, 12, LEFT, flow.y, line);
    flow.y -= 13.5;
  }
  for (const line of office.addressLines) {
    first.text(f.regular, 9, LEFT, flow.y, line, MUTED);
    flow.y -= 11.5;
  }
  flow.y -= 4;
  first.line(LEFT, flow.y, RIGHT, flow.y, ACCENT, 1.2);
  flow.y -= 27;

  // Title
  first.text(f.bold, 19, LEFT, flow.y, L.title);
  flow.y -= 15;
  first.text(f.regular, 8.5, LEFT, flow.y, L.legalBasis, MUTED);
  flow.y -= 25;

  // Debtor
  const rows: [string, string, DocumentFont][] =
    d.type === "person"
      ? [
          [L.person.lastName, d.lastName, f.bold],
          [L.person.firstNames, d.firstNames, f.bold],
          [L.person.dateOfBirth, swissDate(d.dateOfBirth), f.regular],
        ]
      : [
          [L.company.name, d.name, f.bold],
          [L.company.uid, d.uid, f.regular],
        ];
  const street = [d.address.street, d.address.houseNumber].filter(Boolean).join(" ");
  rows.push([
    L.address,
    `${street}, ${d.address.postalCode} ${d.address.town}, ${d.address.country}`,
    f.regular,
  ]);
  rows.push([
    L.coverage,
    L.coverageText(swissDate(extract.coverage.from), swissDate(extract.coverage.to)),
    f.regular,
  ]);
  sectionTitle(flow, f, L.debtor);
  const valueX = LEFT + 38 * MM;
  // Rows 16 pt apart (more than 1.5 times the type size): text extraction then reads each label
  // and value as its own block, row by row, instead of the label column before the value column.
  for (const [label, value, font] of rows) {
    const lines = wrap(value, font, 10, RIGHT - valueX);
    flow.ensure(lines.length * 13 + 3);
    flow.page.text(f.regular, 9, LEFT, flow.y, label, MUTED);
    for (const line of lines) {
      flow.page.text(font, 10, valueX, flow.y, line);
      flow.y -= 13;
    }
    flow.y -= 3;
  }
  flow.y -= 10;

  // Statement: what a landlord reads first.
  const s = keyDataOf(extract).summary;
  const statement = [
    s.entries === 0
      ? L.statementNone
      : L.statementSome(s.entries, s.openEntries, swissAmount(s.openAmountCents)),
    s.lossCertificates === 0 ? L.lossNone : L.lossSome(s.lossCertificates, swissAmount(s.lossAmountCents)),
  ];
  const statementLines = statement.flatMap((t) => wrap(t, f.bold, 10.5, WIDTH - 12 * MM));
  const boxHeight = statementLines.length * 14.5 + 14;
  flow.ensure(boxHeight + 8);
  flow.page.fill(LEFT, flow.y - boxHeight + 12, WIDTH, boxHeight, SHADE);
  flow.page.fill(LEFT, flow.y - boxHeight + 12, 1.6 * MM, boxHeight, ACCENT);
  flow.y -= 7;
  for (const line of statementLines) {
    flow.page.text(f.bold, 10.5, LEFT + 6 * MM, flow.y, line);
    flow.y -= 14.5;
  }
  flow.y -= 18;

  // Tables
  if (extract.entries.length > 0) {
    table(
      flow,
      f,
      `${L.entries} (${extract.entries.length})`,
      [
        { title: L.columns.caseNumber, width: 0.165 * WIDTH },
        { title: L.columns.date, width: 0.12 * WIDTH },
        { title: L.columns.creditor, width: 0.285 * WIDTH },
        { title: L.columns.amount, width: 0.18 * WIDTH },
        { title: L.columns.status, width: 0.25 * WIDTH },
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
      flow,
      f,
      `${L.lossCertificates} (${extract.lossCertificates.length})`,
      [
        { title: L.lossColumns.number, width: 0.165 * WIDTH },
        { title: L.lossColumns.date, width: 0.12 * WIDTH },
        { title: L.lossColumns.creditor, width: 0.465 * WIDTH },
        { title: L.lossColumns.amount, width: 0.25 * WIDTH },
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

  // Place, date and issuing office
  const signature = wrap(office.name, f.bold, 10, WIDTH);
  flow.ensure(24 + signature.length * 13);
  flow.page.text(f.regular, 10, LEFT, flow.y, L.issued(office.place, issueDate));
  flow.y -= 15;
  for (const line of signature) {
    flow.page.text(f.bold, 10, LEFT, flow.y, line);
    flow.y -= 13;
  }
  flow.page.text(f.regular, 8, LEFT, flow.y, L.electronic, MUTED);
  flow.y -= 24;

  // Remarks
  const remarkLines = L.remarks.map((r) => wrap(r, f.regular, 7.5, WIDTH - 4 * MM));
  flow.ensure(14 + (remarkLines[0]?.length ?? 0) * 9.5);
  flow.page.text(f.bold, 8.5, LEFT, flow.y, L.remarksTitle, MUTED);
  flow.y -= 12;
  for (const lines of remarkLines) {
    flow.ensure(lines.length * 9.5 + 3);
    lines.forEach((line, i) => {
      if (i === 0) flow.page.text(f.regular, 7.5, LEFT, flow.y, "–", MUTED);
      flow.page.text(f.regular, 7.5, LEFT + 4 * MM, flow.y, line, MUTED);
      flow.y -= 9.5;
    });
    flow.y -= 3;
  }

  drawSealBlock(first, f, L, docId, input.verifierUrl);

  // Footer with page numbers, once the page count is known.
  const total = flow.pages.length;
  const footer = `${fit(office.name, f.regular, 7, WIDTH * 0.45)} · ${L.title} · ${docId}`;
  flow.pages.forEach((p, i) => {
    p.line(LEFT, FOOTER_Y + 10, RIGHT, FOOTER_Y + 10, RULE, 0.4);
    p.text(f.regular, 7, LEFT, FOOTER_Y, footer, MUTED);
    p.textRight(f.regular, 8, RIGHT, FOOTER_Y, L.page(i + 1, total), MUTED);
  });

  return writeDocument(flow.pages, f, {
    title: `${L.title} ${docId}`,
    author: office.name,
    subject: `${L.title}: ${debtorName}`,
    language: `${extract.language}-CH`,
    issuedAt: input.issuedAt,
    documentId: input.documentId,
  });
}

/** A label and its value, right-aligned on one line. */
function rightPair(page: Page, f: Fonts, y: number, label: string, value: string): void {
  const valueWidth = f.bold.widthOf(value, 9.5);
  page.textRight(f.regular, 7.5, RIGHT - valueWidth - 5, y, label, MUTED);
  page.text(f.bold, 9.5, RIGHT - valueWidth, y, value);
}

/** The seal block of page 1: the empty QR square and its caption. */
function drawSealBlock(page: Page, f: Fonts, L: ExtractLabels, docId: string, verifierUrl: string): void {
  const b = SEAL_BLOCK;
  page.stroke(b.x, b.y, b.width, b.height, RULE, 0.6);
  page.fill(b.x, b.y + b.height - 0.6, b.width, 0.6, ACCENT);
  // Corner marks outside the quiet zone show where the QR code belongs before it is stamped.
  const q = QR_BOX;
  const m = 3 * MM;
  for (const [cx, cy, dx, dy] of [
    [q.x, q.y, 1, 1],
    [q.x + q.size, q.y, -1, 1],
    [q.x, q.y + q.size, 1, -1],
    [q.x + q.size, q.y + q.size, -1, -1],
  ] as const) {
    page.ops.push(
      `${rgb(RULE)} RG 0.6 w ${num(cx)} ${num(cy + dy * m)} m ${num(cx)} ${num(cy)} l ${num(cx + dx * m)} ${num(cy)} l S`,
    );
  }
  const x = q.x + q.size + 7 * MM;
  const width = b.x + b.width - 5 * MM - x;
  let y = b.y + b.height - 7 * MM;
  page.text(f.bold, 10.5, x, y, L.sealTitle);
  y -= 17;
  page.text(f.regular, 8, x, y, L.documentId, MUTED);
  y -= 12;
  page.text(f.bold, 11.5, x, y, docId);
  y -= 18;
  page.text(f.regular, 8, x, y, L.verifyAt, MUTED);
  y -= 14;
  for (const line of wrap(verifierUrl, f.bold, 12, width)) {
    page.text(f.bold, 12, x, y, line);
    y -= 14;
  }
  y -= 4;
  for (const line of wrap(L.sealHelp, f.regular, 7.5, width)) {
    page.text(f.regular, 7.5, x, y, line, MUTED);
    y -= 9.5;
  }
}

function sectionTitle(flow: Flow, f: Fonts, title: string): void {
  flow.ensure(40);
  flow.page.text(f.bold, 10.5, LEFT, flow.y, title);
  flow.y -= 5;
  flow.page.line(LEFT, flow.y, RIGHT, flow.y, RULE, 0.5);
  flow.y -= 13;
}

/**
 * A table column. Cells are left-aligned: poppler's text extraction reads a right-aligned column
 * as one block after the others, which breaks the row order.
 */
interface Column {
  readonly title: string;
  readonly width: number;
}

const CELL = { size: 8.5, line: 10.5, pad: 4 } as const;

function table(
  flow: Flow,
  f: Fonts,
  title: string,
  columns: readonly Column[],
  rows: readonly string[][],
  continued: string,
): void {
  const header = (suffix: string): void => {
    sectionTitle(flow, f, suffix ? `${title} ${suffix}` : title);
    flow.page.fill(LEFT, flow.y - 4, WIDTH, 14.5, SHADE);
    let x = LEFT;
    for (const c of columns) {
      flow.page.text(f.bold, 8, x + CELL.pad, flow.y, c.title, MUTED);
      x += c.width;
    }
    flow.y -= 16;
  };
  // The title, header row and first row stay together.
  const firstHeight = rowHeight(rows[0], columns, f);
  flow.ensure(40 + 16 + firstHeight);
  header("");
  for (const row of rows) {
    const cells = columns.map((c, i) => wrap(row[i] ?? "", f.regular, CELL.size, cellWidth(c)));
    const height = Math.max(...cells.map((l) => l.length)) * CELL.line + 5;
    if (flow.ensure(height)) header(continued);
    let x = LEFT;
    columns.forEach((c, i) => {
      let y = flow.y;
      for (const line of cells[i] ?? []) {
        flow.page.text(f.regular, CELL.size, x + CELL.pad, y, line);
        y -= CELL.line;
      }
      x += c.width;
    });
    flow.y -= height;
    flow.page.line(LEFT, flow.y + 7.5, RIGHT, flow.y + 7.5, RULE, 0.3);
  }
  flow.y -= 16;
}

function cellWidth(c: Column): number {
  return c.width - 2 * CELL.pad;
}

function rowHeight(row: readonly string[] | undefined, columns: readonly Column[], f: Fonts): number {
  if (!row) return 0;
  const lines = columns.map((c, i) => wrap(row[i] ?? "", f.regular, CELL.size, cellWidth(c)).length);
  return Math.max(...lines) * CELL.line + 5;
}

/** `t`, cut with an ellipsis if wider than `maxWidth`. */
function fit(t: string, font: DocumentFont, size: number, maxWidth: number): string {
  if (font.widthOf(t, size) <= maxWidth) return t;
  const parts = Array.from(graphemes.segment(t), (g) => g.segment);
  while (parts.length > 1 && font.widthOf(`${parts.join("")}…`, size) > maxWidth) parts.pop();
  return `${parts.join("").trimEnd()}…`;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Greedy word wrap; a word longer than the line is cut. */
function wrap(t: string, font: DocumentFont, size: number, maxWidth: number): string[] {
  const words: string[] = [];
  for (const word of t.split(/\s+/)) {
    if (!word) continue;
    // "CHF" never ends a line: it stays with its amount.
    if (words[words.length - 1] === "CHF") words[words.length - 1] = `CHF ${word}`;
    else words.push(word);
  }
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOf(candidate, size) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A word wider than the line is cut between graphemes, never inside one.
    let rest = Array.from(graphemes.segment(word), (g) => g.segment);
    while (rest.length > 1 && font.widthOf(rest.join(""), size) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOf(rest.slice(0, cut).join(""), size) > maxWidth) cut--;
      lines.push(rest.slice(0, cut).join(""));
      rest = rest.slice(cut);
    }
    line = rest.join("");
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

interface Metadata {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly language: string;
  readonly issuedAt: number;
  readonly documentId: Uint8Array;
}

/**
 * The file: catalog, page tree, pages (page 1 carries the stamp box), fonts, information
 * dictionary, then the cross-reference table and trailer.
 */
function writeDocument(pages: readonly Page[], f: Fonts, meta: Metadata): Uint8Array {
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
      `/Producer (Sceau) /Creator (Sceau) /CreationDate (${date}) /ModDate (${date}) >>`,
  );
  pageRefs.forEach((r, i) => {
    const box =
      i === 0
        ? ` /${STAMP_BOX_KEY} [${num(QR_BOX.x)} ${num(QR_BOX.y)} ${num(QR_BOX.size)} ${num(QR_BOX.size)}]`
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
