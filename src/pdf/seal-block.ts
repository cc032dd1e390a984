/**
 * Page 1's seal block, by layout version: the frame, corner marks around the square left free for
 * the QR code (the stamp fills it), and the caption beside it.
 * @module
 */
import type { ExtractLabels } from "../core/labels.ts";
import type { LabelsV1 } from "./labels-v1.ts";
import { ACCENT, MM, MUTED, RULE, rgb, type Fonts, type Page, type SealGeometry } from "./layout.ts";
import { wrap } from "./text-fit.ts";
import { num } from "./writer.ts";

/** The frame, its top rule and the corner marks outside the QR square's quiet zone. */
function frame(page: Page, g: SealGeometry): void {
  const b = g.block;
  page.stroke(b.x, b.y, b.width, b.height, RULE, 0.6);
  page.fill(b.x, b.y + b.height - 0.6, b.width, 0.6, ACCENT);
  // Corner marks outside the quiet zone show where the QR code belongs before it is stamped.
  const q = g.qr;
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
}

/** Where the caption beside the QR square starts, and how wide it may be. */
function captionBox(g: SealGeometry): { x: number; width: number; top: number } {
  const x = g.qr.x + g.qr.size + 7 * MM;
  return { x, width: g.block.x + g.block.width - 5 * MM - x, top: g.block.y + g.block.height - 7 * MM };
}

/** Layout v1: title, document number, "verify only at" the address, and how to verify. */
export function drawSealBlockV1(
  page: Page,
  f: Fonts,
  L: LabelsV1,
  g: SealGeometry,
  docId: string,
  verifierUrl: string,
): void {
  frame(page, g);
  const { x, width, top } = captionBox(g);
  let y = top;
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

export interface SealTextV2 {
  readonly docId: string;
  readonly verifierUrl: string;
  readonly counterUrl: string;
  readonly steps: readonly string[];
}

/**
 * Layout v2: title and document number, "verify only at" the address, the three numbered steps a
 * paper holder follows, and at the bottom, over a thin rule, where to order one's own extract.
 */
export function drawSealBlockV2(
  page: Page,
  f: Fonts,
  L: ExtractLabels,
  g: SealGeometry,
  t: SealTextV2,
): void {
  frame(page, g);
  const { x, width, top } = captionBox(g);
  let y = top;
  page.text(f.bold, 10.5, x, y, L.sealTitle);
  y -= 15;
  pair(page, f, x, y, L.documentId, t.docId);
  y -= 15;
  // The address beside "verify only at" when it fits, else on the lines below.
  const after = x + f.regular.widthOf(L.verifyAt, 8) + 5;
  if (after + f.bold.widthOf(t.verifierUrl, 11.5) <= x + width)
    pair(page, f, x, y, L.verifyAt, t.verifierUrl);
  else {
    page.text(f.regular, 8, x, y, L.verifyAt, MUTED);
    for (const line of wrap(t.verifierUrl, f.bold, 11.5, width)) {
      y -= 13.5;
      page.text(f.bold, 11.5, x, y, line);
    }
  }
  y -= 16;
  const indent = 4.5 * MM;
  t.steps.forEach((step, i) => {
    page.text(f.bold, 8.5, x, y, `${i + 1}.`);
    for (const line of wrap(step, f.regular, 8.5, width - indent)) {
      page.text(f.regular, 8.5, x + indent, y, line);
      y -= 10.5;
    }
    y -= 2;
  });
  const counter = wrap(L.counterLine(t.counterUrl), f.regular, 7.5, width);
  let cy = g.qr.y + (counter.length - 1) * 9.5;
  page.line(x, cy + 10, x + width, cy + 10, RULE, 0.4);
  for (const line of counter) {
    page.text(f.regular, 7.5, x, cy, line, MUTED);
    cy -= 9.5;
  }
}

/** A label and its value on one line, close enough that text extraction keeps them together. */
function pair(page: Page, f: Fonts, x: number, y: number, label: string, value: string): void {
  page.text(f.regular, 8, x, y, label, MUTED);
  page.text(f.bold, 11.5, x + f.regular.widthOf(label, 8) + 5, y, value);
}
