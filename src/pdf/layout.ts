/**
 * The extract's page geometry (A4, margins, the seal block and its QR square), its colours, and
 * the two drawing primitives the sections are written with: {@link Page} (one page's content
 * stream as PDF operators) and {@link Flow} (the pages in the making and the writing position,
 * starting a new page when a block no longer fits).
 * @module
 */
import type { DocumentFont } from "./fonts.ts";
import { num } from "./writer.ts";

export const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 } as const;
export const LEFT = 20 * MM;
export const RIGHT = A4.width - 18 * MM;
export const WIDTH = RIGHT - LEFT;
export const TOP = A4.height - 16 * MM;
/** The QR square, quiet zone included: 40 mm, above the 30 mm a phone camera needs at arm's length. */
const QR_BOX_SIZE = 40 * MM;

/** Page 1's seal block: its frame, the square left free for the QR code, and where the text above it ends. */
export interface SealGeometry {
  readonly block: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly qr: { readonly x: number; readonly y: number; readonly size: number };
  /** The lowest the flowing text of page 1 goes. */
  readonly page1Bottom: number;
}

/** A seal block `blockHeight` high with the QR square centred in its height, `gap` below the text above. */
function sealGeometry(blockHeight: number, gap: number): SealGeometry {
  const block = { x: LEFT, y: 15 * MM, width: WIDTH, height: blockHeight };
  return {
    block,
    qr: { x: LEFT + 4 * MM, y: block.y + (blockHeight - QR_BOX_SIZE) / 2, size: QR_BOX_SIZE },
    page1Bottom: block.y + block.height + gap,
  };
}

/** Layout v1: the QR square and a caption beside it. */
export const SEAL_V1 = sealGeometry(QR_BOX_SIZE + 8 * MM, 7 * MM);
/**
 * Layout v2: the same square, the caption with three numbered steps and the counter's address;
 * 3 mm higher, and so 3 mm closer to the text above, which flows as in v1.
 */
export const SEAL_V2 = sealGeometry(QR_BOX_SIZE + 11 * MM, 4 * MM);
export const FOOTER_Y = 8 * MM;
const OTHER_BOTTOM = 17 * MM;

export type Color = readonly [number, number, number];
const INK: Color = [0.11, 0.12, 0.14];
export const MUTED: Color = [0.36, 0.38, 0.42];
export const ACCENT: Color = [0.66, 0.07, 0.1]; // Swiss federal red, for the rules of the header
/**
 * Beside the statement in layout v2: slate, a colour that says nothing. Layout v1 put the red
 * there, which beside "no proceedings" reads as an alarm.
 */
export const NEUTRAL_ACCENT: Color = [0.33, 0.42, 0.53];
export const RULE: Color = [0.72, 0.74, 0.78];
export const SHADE: Color = [0.94, 0.95, 0.96];

/** One page's content stream, built as PDF operators. */
export class Page {
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

/** A colour as the three operands of the `rg` and `RG` operators. */
export function rgb(c: Color): string {
  return `${num(c[0])} ${num(c[1])} ${num(c[2])}`;
}

export interface Fonts {
  readonly regular: DocumentFont;
  readonly bold: DocumentFont;
}

/** Pages in the making and the current writing position. */
export class Flow {
  readonly pages: Page[] = [];
  page: Page;
  y = TOP;
  /** Drawn at the top of every page after the first, before anything else. */
  continuationHeader: (page: Page) => number = () => TOP;

  /** The lowest the text of page 1 goes, above its seal block. */
  private readonly page1Bottom: number;

  constructor(page1Bottom: number) {
    this.page1Bottom = page1Bottom;
    this.page = new Page();
    this.pages.push(this.page);
  }

  get bottom(): number {
    return this.pages.length === 1 ? this.page1Bottom : OTHER_BOTTOM;
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

/** A section's title over a thin rule, kept on the page with at least a line of what follows. */
export function sectionTitle(flow: Flow, f: Fonts, title: string): void {
  flow.ensure(40);
  flow.page.text(f.bold, 10.5, LEFT, flow.y, title);
  flow.y -= 5;
  flow.page.line(LEFT, flow.y, RIGHT, flow.y, RULE, 0.5);
  flow.y -= 13;
}
