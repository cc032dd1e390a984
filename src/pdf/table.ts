/**
 * The extract's tables (proceedings, loss certificates): a titled header row, wrapped cells, and
 * rows flowing over as many pages as needed with the title and header row repeated.
 * @module
 */
import { LEFT, MUTED, RIGHT, RULE, SHADE, WIDTH, sectionTitle, type Flow, type Fonts } from "./layout.ts";
import { wrap } from "./text-fit.ts";

/**
 * A table column. Cells are left-aligned unless `right` (amounts, from layout v2, so that their
 * digits line up).
 */
export interface Column {
  readonly title: string;
  readonly width: number;
  readonly right?: boolean;
}

const CELL = { size: 8.5, line: 10.5, pad: 4 } as const;

/** Draws a table; `continued` follows the title on the pages it flows onto. */
export function table(
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
      if (c.right) flow.page.textRight(f.bold, 8, x + c.width - CELL.pad, flow.y, c.title, MUTED);
      else flow.page.text(f.bold, 8, x + CELL.pad, flow.y, c.title, MUTED);
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
        if (c.right) flow.page.textRight(f.regular, CELL.size, x + c.width - CELL.pad, y, line);
        else flow.page.text(f.regular, CELL.size, x + CELL.pad, y, line);
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
