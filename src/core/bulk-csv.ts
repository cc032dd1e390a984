/**
 * Bulk issuance from a spreadsheet: the CSV columns of version 1 (docs/issuing.md, "Bulk issuance
 * from CSV") and their conversion to the extracts of the input model, one JSON line each.
 *
 * One row is one extract; rows that follow with the same `reference` add their proceeding and
 * loss certificate to it (the debtor is read from its first row). Amounts are written as the
 * clerk writes them (`1'250.40`: the validation takes Swiss writing), dates `2026-02-11` or
 * `11.02.2026`. The JSON lines keep the rows' line numbers (the header is line 1), so a failed
 * line's number is its row in the spreadsheet.
 * @module
 */
import { parseCsv, writeCsv, type CsvRecord } from "./csv.ts";
import { SceauError } from "./errors.ts";

/** The columns, in the template's order. */
export const CSV_COLUMNS = [
  "reference",
  "language",
  "debtor_type",
  "last_name",
  "first_names",
  "date_of_birth",
  "company_name",
  "uid",
  "street",
  "house_number",
  "postal_code",
  "town",
  "country",
  "coverage_from",
  "coverage_to",
  "case_number",
  "proceeding_date",
  "proceeding_creditor",
  "proceeding_amount",
  "proceeding_status",
  "loss_number",
  "loss_date",
  "loss_creditor",
  "loss_amount",
] as const;
type Column = (typeof CSV_COLUMNS)[number] | "office";

const REQUIRED: readonly Column[] = ["language", "street", "postal_code", "town", "country"];
const PROCEEDING: readonly Column[] = [
  "case_number",
  "proceeding_date",
  "proceeding_creditor",
  "proceeding_amount",
  "proceeding_status",
];
const LOSS: readonly Column[] = ["loss_number", "loss_date", "loss_creditor", "loss_amount"];

/** The template a clerk downloads: the header and two example extracts (the second with two proceedings). */
export const CSV_TEMPLATE = writeCsv([
  [...CSV_COLUMNS],
  // prettier-ignore
  ["BR-2026-0042", "fr", "person", "Bernasconi", "Anna Lucia", "09.03.1984", "", "", "Rue du Marché", "12", "2800", "Delémont", "CH", "", "", "26-001234", "11.02.2026", "Caisse maladie Exemple SA", "1'250.40", "objection", "", "", "", ""],
  // prettier-ignore
  ["BR-2026-0043", "de", "company", "", "", "", "Muster Bau AG", "CHE-109.322.551", "Bahnhofstrasse", "1", "8001", "Zürich", "CH", "", "", "26-004711", "03.03.2026", "Steuerverwaltung", "12'000", "seizure", "VS-2025-17", "14.10.2025", "Lieferant GmbH", "830.00"],
  // prettier-ignore
  ["BR-2026-0043", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "26-004712", "20.04.2026", "Lieferant GmbH", "2'400.00", "payment-order", "", "", "", ""],
]);

export interface CsvExtracts {
  /** JSON Lines: line n holds the extract whose first row is line n of the CSV, others are blank. */
  readonly jsonl: string;
  readonly extracts: number;
}

/** `11.02.2026` (or `1.2.2026`) → `2026-02-11`; anything else as written (the validation names it). */
function isoDate(s: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]?.padStart(2, "0")}-${m[1]?.padStart(2, "0")}` : s;
}

/**
 * The extracts of a CSV upload for `office` (null: each row names its office in an `office` column).
 * @throws {SceauError} `BAD_REQUEST` for a CSV that cannot be read, an unknown or missing column
 */
export function csvToJsonl(text: string, office: string | null): CsvExtracts {
  const records = parseCsv(text);
  const header = records[0];
  if (!header)
    throw new SceauError("BAD_REQUEST", "The CSV file is empty: its first line must name the columns.");
  const known = new Set<string>([...CSV_COLUMNS, "office"]);
  const index = new Map<Column, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      throw new SceauError("BAD_REQUEST", `CSV column ${JSON.stringify(raw.slice(0, 40))} is unknown.`, {
        details: { column: raw.slice(0, 40), known: [...CSV_COLUMNS] },
      });
    }
    index.set(name as Column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new SceauError("BAD_REQUEST", `The CSV file lacks the columns ${missing.join(", ")}.`, {
      details: { missing },
    });
  }
  const lines: string[] = [];
  let group: { first: CsvRecord; rows: CsvRecord[] } | null = null;
  const emit = (): void => {
    if (!group) return;
    while (lines.length < group.first.line - 1) lines.push("");
    lines.push(JSON.stringify(extractOf(group.rows, index, office)));
    group = null;
  };
  let extracts = 0;
  for (const r of records.slice(1)) {
    const reference = cell(r, index, "reference");
    if (group !== null && reference !== "" && cell(group.first, index, "reference") === reference) {
      (group as { rows: CsvRecord[] }).rows.push(r);
      continue;
    }
    emit();
    group = { first: r, rows: [r] };
    extracts++;
  }
  emit();
  return { jsonl: lines.join("\n"), extracts };
}

function cell(r: CsvRecord, index: ReadonlyMap<Column, number>, c: Column): string {
  const i = index.get(c);
  return i === undefined ? "" : (r.cells[i] ?? "").trim();
}

function extractOf(
  rows: readonly CsvRecord[],
  index: ReadonlyMap<Column, number>,
  office: string | null,
): unknown {
  const first = rows[0] as CsvRecord;
  const v = (c: Column): string => cell(first, index, c);
  const opt = (c: Column, key: string): Record<string, string> => (v(c) ? { [key]: v(c) } : {});
  const type = v("debtor_type").toLowerCase() || (v("company_name") || v("uid") ? "company" : "person");
  const address = {
    street: v("street"),
    ...opt("house_number", "houseNumber"),
    postalCode: v("postal_code"),
    town: v("town"),
    country: v("country").toUpperCase(),
  };
  const debtor =
    type === "company"
      ? { type, name: v("company_name"), uid: v("uid"), address }
      : type === "person"
        ? {
            type,
            lastName: v("last_name"),
            firstNames: v("first_names"),
            dateOfBirth: isoDate(v("date_of_birth")),
            address,
          }
        : { type, address };
  const has = (r: CsvRecord, cols: readonly Column[]): boolean => cols.some((c) => cell(r, index, c) !== "");
  return {
    language: v("language").toLowerCase(),
    office: office ?? v("office"),
    ...opt("reference", "reference"),
    debtor,
    ...(v("coverage_from") || v("coverage_to")
      ? { coverage: { from: isoDate(v("coverage_from")), to: isoDate(v("coverage_to")) } }
      : {}),
    entries: rows
      .filter((r) => has(r, PROCEEDING))
      .map((r) => ({
        caseNumber: cell(r, index, "case_number"),
        date: isoDate(cell(r, index, "proceeding_date")),
        creditor: cell(r, index, "proceeding_creditor"),
        amount: cell(r, index, "proceeding_amount"),
        status: cell(r, index, "proceeding_status").toLowerCase(),
      })),
    lossCertificates: rows
      .filter((r) => has(r, LOSS))
      .map((r) => ({
        number: cell(r, index, "loss_number"),
        date: isoDate(cell(r, index, "loss_date")),
        creditor: cell(r, index, "loss_creditor"),
        amount: cell(r, index, "loss_amount"),
      })),
  };
}
