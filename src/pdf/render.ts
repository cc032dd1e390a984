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
  type LossCertificate,
} from "../core/extract.ts";
import { LABELS, type ExtractLabels } from "../core/labels.ts";
import { formatDocumentId } from "../core/qr-text.ts";
import { keyDataOf } from "../core/seal-body.ts";
import { isoDateInZurich, swissAmount, swissDate } from "../core/swiss.ts";
import type { OfficeInfo, RenderInput } from "../issuer/ports.ts";
import { writeDocument } from "./document.ts";
import { DocumentFont, loadFonts } from "./fonts.ts";
import {
  ACCENT,
  FOOTER_Y,
  Flow,
  LEFT,
  MM,
  MUTED,
  QR_BOX,
  RIGHT,
  RULE,
  SEAL_BLOCK,
  SHADE,
  TOP,
  WIDTH,
  rgb,
  sectionTitle,
  type Fonts,
  type Page,
} from "./layout.ts";
import { table } from "./table.ts";
import { fit, wrap } from "./text-fit.ts";
import { num } from "./writer.ts";

/** What every section draws with: the pages, the fonts and the extract's language. */
interface Drawing {
  readonly flow: Flow;
  readonly f: Fonts;
  readonly L: ExtractLabels;
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

  const flow = new Flow();
  flow.continuationHeader = (page) => drawContinuationHeader(page, f, L, docId, extract.debtor);
  const first = flow.page;
  const d: Drawing = { flow, f, L };
  drawHeader(d, office, docId, issueDate);
  drawDebtor(d, extract);
  drawStatement(d, extract);
  drawEntries(d, extract.entries);
  drawLosses(d, extract.lossCertificates);
  drawSignature(d, office, issueDate);
  drawRemarks(d);
  drawSealBlock(first, f, L, docId, input.verifierUrl);
  drawFooters(d, office, docId);

  return writeDocument(flow.pages, f, {
    title: `${L.title} ${docId}`,
    author: office.name,
    subject: `${L.title}: ${debtorName(extract.debtor)}`,
    language: `${extract.language}-CH`,
    issuedAt: input.issuedAt,
    documentId: input.documentId,
  });
}

function debtorName(d: Debtor): string {
  return d.type === "person" ? `${d.lastName} ${d.firstNames}` : d.name;
}

/** The top of every page after the first: title, document number and debtor; returns where text starts. */
function drawContinuationHeader(page: Page, f: Fonts, L: ExtractLabels, docId: string, d: Debtor): number {
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
function drawStatement({ flow, f, L }: Drawing, extract: Extract): void {
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
}

/** The table of proceedings, when there are any. */
function drawEntries({ flow, f, L }: Drawing, entries: readonly Entry[]): void {
  if (entries.length === 0) return;
  table(
    flow,
    f,
    `${L.entries} (${entries.length})`,
    [
      { title: L.columns.caseNumber, width: 0.165 * WIDTH },
      { title: L.columns.date, width: 0.12 * WIDTH },
      { title: L.columns.creditor, width: 0.285 * WIDTH },
      { title: L.columns.amount, width: 0.18 * WIDTH },
      { title: L.columns.status, width: 0.25 * WIDTH },
    ],
    entries.map((e) => [
      e.caseNumber,
      swissDate(e.date),
      e.creditor,
      swissAmount(amountToCents(e.amount)),
      L.status[e.status],
    ]),
    L.continued,
  );
}

/** The table of loss certificates, when there are any. */
function drawLosses({ flow, f, L }: Drawing, losses: readonly LossCertificate[]): void {
  if (losses.length === 0) return;
  table(
    flow,
    f,
    `${L.lossCertificates} (${losses.length})`,
    [
      { title: L.lossColumns.number, width: 0.165 * WIDTH },
      { title: L.lossColumns.date, width: 0.12 * WIDTH },
      { title: L.lossColumns.creditor, width: 0.465 * WIDTH },
      { title: L.lossColumns.amount, width: 0.25 * WIDTH },
    ],
    losses.map((c) => [c.number, swissDate(c.date), c.creditor, swissAmount(amountToCents(c.amount))]),
    L.continued,
  );
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
