/**
 * The embedded font: DejaVu Sans (free licence, from the `dejavu-fonts-ttf` package). It covers
 * every Latin script letter a Swiss register can hold (Ø, Ł, ř, Đ, ...), which the PDF standard
 * fonts' WinAnsi encoding cannot print.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

let regular: Uint8Array | undefined;
let bold: Uint8Array | undefined;

export function fontBytes(): { regular: Uint8Array; bold: Uint8Array } {
  regular ??= new Uint8Array(readFileSync(join(fontDir, "DejaVuSans.ttf")));
  bold ??= new Uint8Array(readFileSync(join(fontDir, "DejaVuSans-Bold.ttf")));
  return { regular, bold };
}
