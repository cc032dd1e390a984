/**
 * Fitting text into a width with the document's fonts: greedy word wrap, and cutting with an
 * ellipsis. Both cut between grapheme clusters, never inside one (a letter and its accents stay
 * together).
 * @module
 */
import type { DocumentFont } from "./fonts.ts";

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** `t`, cut with an ellipsis if wider than `maxWidth`. */
export function fit(t: string, font: DocumentFont, size: number, maxWidth: number): string {
  if (font.widthOf(t, size) <= maxWidth) return t;
  const parts = Array.from(graphemes.segment(t), (g) => g.segment);
  while (parts.length > 1 && font.widthOf(`${parts.join("")}…`, size) > maxWidth) parts.pop();
  return `${parts.join("").trimEnd()}…`;
}

/** Greedy word wrap; a word longer than the line is cut. */
export function wrap(t: string, font: DocumentFont, size: number, maxWidth: number): string[] {
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
