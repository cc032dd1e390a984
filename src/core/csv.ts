/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by commas or semicolons (Swiss Excel
 * writes semicolons; the header line tells which), quoted with `"` when they hold a separator, a
 * quote or a line break, `""` for a quote inside quotes, CRLF or LF line ends, a UTF-8 BOM
 * ignored. Bounded, because an upload is anyone's text: a field of at most
 * {@link CSV_LIMITS.fieldChars} characters, at most {@link CSV_LIMITS.columns} columns.
 *
 * Writing (semicolons, as Swiss Excel reads them): every cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a
 * carriage return first) is prefixed with `'`, so a failures file opened in a spreadsheet cannot
 * run what a hostile upload put in it.
 * @module
 */
import { SceauError } from "./errors.ts";

export const CSV_LIMITS = { fieldChars: 10_000, columns: 64 } as const;

export interface CsvRecord {
  /** The physical line the record starts on, from 1 (a quoted line break spans lines). */
  readonly line: number;
  readonly cells: readonly string[];
}

/** The separator the header line uses: `;` when it has more semicolons than commas outside quotes. */
function separatorOf(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * The records of a CSV text, blank lines left out.
 * @throws {SceauError} `BAD_REQUEST` for an unclosed quote, text after a closing quote, a field
 * or a record over the limits
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const sep = separatorOf(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const bad = (what: string): SceauError =>
    new SceauError("BAD_REQUEST", `CSV line ${line}: ${what}.`, { details: { line } });
  const pushField = (): void => {
    if (field.length > CSV_LIMITS.fieldChars)
      throw bad(`a field is longer than ${CSV_LIMITS.fieldChars} characters`);
    cells.push(field);
    field = "";
    if (cells.length > CSV_LIMITS.columns) throw bad(`more than ${CSV_LIMITS.columns} columns`);
  };
  const endRecord = (): void => {
    pushField();
    if (cells.length > 1 || cells[0] !== "") records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"' && field === "") {
      // A quoted field: up to the closing quote, `""` standing for one quote.
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) {
          line = start;
          throw bad("a quoted field is not closed");
        }
        const c = text.charAt(i);
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        field += c;
        i++;
        if (field.length > CSV_LIMITS.fieldChars)
          throw bad(`a field is longer than ${CSV_LIMITS.fieldChars} characters`);
      }
      const next = text[i];
      if (next !== undefined && next !== sep && next !== "\n" && next !== "\r")
        throw bad("text after a closing quote");
      if (next === sep) {
        pushField();
        i++;
      }
      continue;
    }
    if (ch === sep) {
      pushField();
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      i++;
      if (field.length > CSV_LIMITS.fieldChars)
        throw bad(`a field is longer than ${CSV_LIMITS.fieldChars} characters`);
    }
  }
  if (field !== "" || cells.length > 0) endRecord();
  return records;
}

/** One cell as written: defused against formulas, quoted when it must be. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows as CSV text with CRLF line ends (RFC 4180). `;` by default: what Excel set to a Swiss
 * locale splits into columns when the file is opened with a double click.
 */
export function writeCsv(
  rows: readonly (readonly (string | number)[])[],
  separator: "," | ";" = ";",
): string {
  return rows.map((r) => r.map(csvCell).join(separator)).join("\r\n") + "\r\n";
}
