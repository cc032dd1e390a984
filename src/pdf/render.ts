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
 *
 * The sections are drawn in the order they are printed: the fonts' subsets, and so the bytes,
 * depend on the order in which text is encoded.
 * @module
 */
import {
  amountToCents,
  type Debtor,
  type Entry,
  type Extract,
  type Language,
  type LossCertificate,
} from "../core/extract.ts";
import { SceauError } from "../core/errors.ts";
import { LABELS, type PaperLabels } from "../core/labels.ts";
import { formatDocumentId } from "../core/qr-text.ts";
import { keyDataOf } from "../core/seal-body.ts";
import { isoDateInZurich, swissAmount, swissDate } from "../core/swiss.ts";
import type { OfficeInfo, RenderInput } from "../issuer/ports.ts";
import { writeDocument } from "./document.ts";
import { DocumentFont, loadFonts } from "./fonts.ts";
import { LABELS_V1 } from "./labels-v1.ts";
import {
  ACCENT,
  FOOTER_Y,
  Flow,
  LEFT,
  MM,
  MUTED,
  NEUTRAL_ACCENT,
  RIGHT,
  RULE,
  SEAL_V1,
  SEAL_V2,
  SHADE,
  TOP,
  WIDTH,
  sectionTitle,
  type Color,
  type Fonts,
  type Page,
  type SealGeometry,
} from "./layout.ts";
import { drawSealBlockV1, drawSealBlockV2 } from "./seal-block.ts";
import { table, type Column } from "./table.ts";
import { fit, wrap } from "./text-fit.ts";

/** The layout versions this renderer draws (docs/formats.md); new extracts get the latest. */
export const LAYOUT_VERSIONS = [1, 2] as const;
export type LayoutVersion = (typeof LAYOUT_VERSIONS)[number];
export const CURRENT_LAYOUT: LayoutVersion = 2;

/** What differs between layout versions; everything else is drawn alike. */
interface Layout {
  readonly version: LayoutVersion;
  readonly labels: (language: Language) => PaperLabels;
  readonly statementAccent: Color;
  /** Amount columns right-aligned (v2) or left-aligned (v1). */
  readonly amountsRight: boolean;
  readonly seal: SealGeometry;
  readonly drawSeal: (page: Page, f: Fonts, input: RenderInput, docId: string) => void;
}

const LAYOUTS: Readonly<Record<LayoutVersion, Layout>> = {
  1: {
    version: 1,
    labels: (language) => LABELS_V1[language],
    statementAccent: ACCENT,
    amountsRight: false,
    seal: SEAL_V1,
    drawSeal: (page, f, input, docId) => {
      drawSealBlockV1(page, f, LABELS_V1[input.extract.language], SEAL_V1, docId, input.verifierUrl);
    },
  },
  2: {
    version: 2,
    labels: (language) => LABELS[language],
    statementAccent: NEUTRAL_ACCENT,
    amountsRight: true,
    seal: SEAL_V2,
    drawSeal: (page, f, input, docId) => {
      const L = LABELS[input.extract.language];
      drawSealBlockV2(page, f, L, SEAL_V2, {
        docId,
        verifierUrl: input.verifierUrl,
        counterUrl: input.counterUrl ?? `${input.verifierUrl}/counter`,
        steps: L.steps(input.extract.debtor.type),
      });
    },
  },
};

/**
 * The layout `version` names (the latest when absent).
 * @throws {SceauError} `INTERNAL` for a version this renderer does not draw
 */
function layoutOf(version: number | undefined): Layout {
  const layout = LAYOUTS[(version ?? CURRENT_LAYOUT) as LayoutVersion] as Layout | undefined;
  if (!layout)
    throw new SceauError("INTERNAL", `Layout version ${String(version)} is not one this renderer draws.`);
  return layout;
}

/** What every section draws with: the pages, the fonts, the extract's wording and the layout. */
interface Drawing {
  readonly flow: Flow;
  readonly f: Fonts;
  readonly L: PaperLabels;
  readonly layout: Layout;
}

/** Renders revision 1 of the extract. */
export function renderExtract(input: RenderInput): Promise<Uint8Array> {
  return Promise.resolve(renderExtractSync(input));
}

/** {@link renderExtract}, synchronously (it does no I/O once the fonts are loaded). */
export function renderExtractSync(input: RenderInput): Uint8Array {
  const { extract, office } = input;
  const layout = layoutOf(input.layout);
  const L = layout.labels(extract.language);
  const loaded = loadFonts();
  const f: Fonts = {
    regular: new DocumentFont(loaded.regular, "F1"),
    bold: new DocumentFont(loaded.bold, "F2"),
  };
  const docId = formatDocumentId(input.documentId);
  const issueDate = swissDate(isoDateInZurich(input.issuedAt));

  const flow = new Flow(layout.seal.page1Bottom);
  flow.continuationHeader = (page) => drawContinuationHeader(page, f, L, docId, extract.debtor);
  const first = flow.page;
  const d: Drawing = { flow, f, L, layout };
  drawHeader(d, office, docId, issueDate);
  drawDebtor(d, extract);
  drawStatement(d, extract);
  drawEntries(d, extract.entries);
  drawLosses(d, extract.lossCertificates);
  drawSignature(d, office, issueDate);
  drawRemarks(d);
  layout.drawSeal(first, f, input, docId);
  drawFooters(d, office, docId);

  return writeDocument(flow.pages, f, {
    title: `${L.title} ${docId}`,
    author: office.name,
    subject: `${L.title}: ${debtorName(extract.debtor)}`,
    language: `${extract.language}-CH`,
    issuedAt: input.issuedAt,
    documentId: input.documentId,
    qr: layout.seal.qr,
    layout: layout.version,
  });
}

function debtorName(d: Debtor): string {
  return d.type === "person" ? `${d.lastName} ${d.firstNames}` : d.name;
}

/** The top of every page after the first: title, document number and debtor; returns where text starts. */
function drawContinuationHeader(page: Page, f: Fonts, L: PaperLabels, docId: string, d: Debtor): number {
  page.text(f.bold, 9, LEFT, TOP, L.title);
  page.textRight(f.regular, 8, RIGHT, TOP, `${L.documentId} ${docId}`, MUTED);
  const who = d.type === "person" ? `${debtorName(d)}, ${swissDate(d.dateOfBirth)}` : `${d.name}, ${d.uid}`;
  page.text(f.regular, 8, LEFT, TOP - 11, who, MUTED);
  page.line(LEFT, TOP - 17, RIGHT, TOP - 17, ACCENT, 0.8);
  return TOP - 36;
}

/**
 * Office header (canton, office, address; document number and issue date on the right, each
 * label close enough to its value that text extraction keeps them on one line), then the title.
 */
function drawHeader({ flow, f, L }: Drawing, office: OfficeInfo, docId: string, issueDate: string): void {
  const page = flow.page;
  page.text(f.regular, 8, LEFT, flow.y, L.cantonName(office.canton).toUpperCase(), MUTED);
  rightPair(page, f, flow.y, L.documentId, docId);
  flow.y -= 14;
  rightPair(page, f, flow.y, L.issuedOn, issueDate);
  // A long office name wraps before it reaches the document number and date on the right.
  const dateWidth = f.regular.widthOf(L.issuedOn, 7.5) + 5 + f.bold.widthOf(issueDate, 9.5);
  for (const line of wrap(office.name, f.bold, 12, WIDTH - dateWidth - 8 * MM)) {
    page.text(f.bold, 12, LEFT, flow.y, line);
    flow.y -= 13.5;
  }
  for (const line of office.addressLines) {
    page.text(f.regular, 9, LEFT, flow.y, line, MUTED);
    flow.y -= 11.5;
  }
  flow.y -= 4;
  page.line(LEFT, flow.y, RIGHT, flow.y, ACCENT, 1.2);
  flow.y -= 27;

  page.text(f.bold, 19, LEFT, flow.y, L.title);
  flow.y -= 15;
  page.text(f.regular, 8.5, LEFT, flow.y, L.legalBasis, MUTED);
  flow.y -= 25;
}

/** A label and its value, right-aligned on one line. */
function rightPair(page: Page, f: Fonts, y: number, label: string, value: string): void {
  const valueWidth = f.bold.widthOf(value, 9.5);
  page.textRight(f.regular, 7.5, RIGHT - valueWidth - 5, y, label, MUTED);
  page.text(f.bold, 9.5, RIGHT - valueWidth, y, value);
}

/** The debtor's identity and address, and the period the extract covers. */
function drawDebtor({ flow, f, L }: Drawing, extract: Extract): void {
  const d = extract.debtor;
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
}

/** The statement in a shaded box: what a landlord reads first. */
function drawStatement({ flow, f, L, layout }: Drawing, extract: Extract): void {
  const statement = L.statement(keyDataOf(extract).summary);
  const statementLines = statement.flatMap((t) => wrap(t, f.bold, 10.5, WIDTH - 12 * MM));
  const boxHeight = statementLines.length * 14.5 + 14;
  flow.ensure(boxHeight + 8);
  flow.page.fill(LEFT, flow.y - boxHeight + 12, WIDTH, boxHeight, SHADE);
  flow.page.fill(LEFT, flow.y - boxHeight + 12, 1.6 * MM, boxHeight, layout.statementAccent);
  flow.y -= 7;
  for (const line of statementLines) {
    flow.page.text(f.bold, 10.5, LEFT + 6 * MM, flow.y, line);
    flow.y -= 14.5;
  }
  flow.y -= 18;
}

/**
 * The table with its amounts as layout v2 prints them: right-aligned against the table's right
 * edge, so that the digits line up, in a last column as narrow as its widest amount (`absorb`
 * takes the width it frees). Text extraction reads such a column less reliably than left-aligned
 * cells: poppler may read a row's amount after the next rows (docs/formats.md, "Layout v2").
 */
function amountsLast(
  f: Fonts,
  columns: readonly Column[],
  rows: readonly string[][],
  amount: number,
  absorb: number,
): { columns: Column[]; rows: string[][] } {
  const source = columns[amount];
  if (!source) return { columns: [...columns], rows: [...rows] };
  const widest = Math.max(
    f.bold.widthOf(source.title, 8),
    ...rows.map((r) => f.regular.widthOf(r[amount] ?? "", 8.5)),
  );
  const width = Math.min(source.width, widest + 2 * 4 + 1);
  const resized = columns.map((c, k) =>
    k === amount
      ? { title: c.title, width, right: true }
      : k === absorb
        ? { ...c, width: c.width + source.width - width }
        : c,
  );
  const move = <T>(list: readonly T[]): T[] => [...list.filter((_, k) => k !== amount), list[amount] as T];
  return { columns: move(resized), rows: rows.map(move) };
}

/** The table of proceedings, when there are any. */
function drawEntries({ flow, f, L, layout }: Drawing, entries: readonly Entry[]): void {
  if (entries.length === 0) return;
  let columns: Column[] = [
    { title: L.columns.caseNumber, width: 0.165 * WIDTH },
    { title: L.columns.date, width: 0.12 * WIDTH },
    { title: L.columns.creditor, width: 0.285 * WIDTH },
    { title: L.columns.amount, width: 0.18 * WIDTH },
    { title: L.columns.status, width: 0.25 * WIDTH },
  ];
  let rows = entries.map((e) => [
    e.caseNumber,
    swissDate(e.date),
    e.creditor,
    swissAmount(amountToCents(e.amount)),
    L.status[e.status],
  ]);
  if (layout.amountsRight) ({ columns, rows } = amountsLast(f, columns, rows, 3, 4));
  table(flow, f, `${L.entries} (${entries.length})`, columns, rows, L.continued);
}

/** The table of loss certificates, when there are any. */
function drawLosses({ flow, f, L, layout }: Drawing, losses: readonly LossCertificate[]): void {
  if (losses.length === 0) return;
  let columns: Column[] = [
    { title: L.lossColumns.number, width: 0.165 * WIDTH },
    { title: L.lossColumns.date, width: 0.12 * WIDTH },
    { title: L.lossColumns.creditor, width: 0.465 * WIDTH },
    { title: L.lossColumns.amount, width: 0.25 * WIDTH },
  ];
  let rows = losses.map((c) => [
    c.number,
    swissDate(c.date),
    c.creditor,
    swissAmount(amountToCents(c.amount)),
  ]);
  if (layout.amountsRight) ({ columns, rows } = amountsLast(f, columns, rows, 3, 2));
  table(flow, f, `${L.lossCertificates} (${losses.length})`, columns, rows, L.continued);
}

/** Place, date and issuing office. */
function drawSignature({ flow, f, L }: Drawing, office: OfficeInfo, issueDate: string): void {
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
}

/** The remarks, one dash per remark. */
function drawRemarks({ flow, f, L }: Drawing): void {
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
}

/** The footer of every page with its number, once the page count is known. */
function drawFooters({ flow, f, L }: Drawing, office: OfficeInfo, docId: string): void {
  const total = flow.pages.length;
  const footer = `${fit(office.name, f.regular, 7, WIDTH * 0.45)} · ${L.title} · ${docId}`;
  flow.pages.forEach((p, i) => {
    p.line(LEFT, FOOTER_Y + 10, RIGHT, FOOTER_Y + 10, RULE, 0.4);
    p.text(f.regular, 7, LEFT, FOOTER_Y, footer, MUTED);
    p.textRight(f.regular, 8, RIGHT, FOOTER_Y, L.page(i + 1, total), MUTED);
  });
}
