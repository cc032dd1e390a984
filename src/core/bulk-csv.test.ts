import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { BULK_CSV_V1_JSONL, BULK_CSV_V1_LINES } from "../../test/vectors/bulk-csv-v1.ts";
import { CSV_COLUMNS, CSV_TEMPLATE, csvToJsonl } from "./bulk-csv.ts";
import { SceauError } from "./errors.ts";
import { validateExtract } from "./extract.ts";

const VECTOR = BULK_CSV_V1_LINES.map((l) => `${l}\r\n`).join("");
const header = CSV_COLUMNS.join(",");

function jsonLines(csv: string, office: string | null = "demo"): (Record<string, any> | null)[] {
  return csvToJsonl(csv, office)
    .jsonl.split("\n")
    .map((l) => (l ? (JSON.parse(l) as Record<string, any>) : null));
}

describe("bulk CSV v1", () => {
  test("the template is the frozen vector, and converts to the frozen extracts", () => {
    expect(CSV_TEMPLATE).toBe(VECTOR);
    expect(jsonLines(VECTOR)).toEqual(BULK_CSV_V1_JSONL);
    expect(csvToJsonl(VECTOR, "demo").extracts).toBe(2);
  });

  test("the template's extracts are valid as they stand", () => {
    for (const e of BULK_CSV_V1_JSONL)
      if (e) expect(() => validateExtract(e, { today: "2026-11-22" })).not.toThrow();
  });

  test("docs/issuing.md shows the frozen example line for line", () => {
    const doc = readFileSync(new URL("../../docs/issuing.md", import.meta.url), "utf8");
    for (const line of BULK_CSV_V1_LINES) expect(doc).toContain(line);
  });

  test("each extract sits on its first row's line, so a failed line is its spreadsheet row", () => {
    const csv = `${header}\nA,fr,person\n"B",de,person\nB,,,,,,,,,,,,,,,26-1,01.01.2026,X,1,paid\nC,it,company\n`;
    const lines = jsonLines(csv);
    expect(lines.map((l): unknown => l?.reference ?? null)).toEqual([null, "A", "B", null, "C"]);
    expect(lines[2]?.entries).toHaveLength(1);
  });

  test("rows without a reference are never merged", () => {
    const csv = `${header}\n,fr,person\n,fr,person\n`;
    expect(csvToJsonl(csv, "demo").extracts).toBe(2);
  });

  test("Swiss dates become ISO dates; other writing is left for the validation to name", () => {
    const csv = `reference,language,street,postal_code,town,country,date_of_birth\nA,fr,S,2800,T,ch,1.2.1984\nB,fr,S,2800,T,CH,1984/02/01\n`;
    const [, a, b] = jsonLines(csv);
    expect(a?.debtor).toMatchObject({
      type: "person",
      dateOfBirth: "1984-02-01",
      address: { country: "CH" },
    });
    expect(b?.debtor.dateOfBirth).toBe("1984/02/01");
  });

  test("an unknown column (a typo) and missing required columns are refused before anything is issued", () => {
    const unknown = (): unknown => csvToJsonl(`${header},postcode\n`, "demo");
    expect(unknown).toThrow(SceauError);
    expect(unknown).toThrow(/postcode/);
    expect(() => csvToJsonl("reference,language\nA,fr\n", "demo")).toThrow(
      /street, postal_code, town, country/,
    );
    expect(() => csvToJsonl("", "demo")).toThrow(/empty/);
  });

  test("a cell cannot smuggle fields: every value stays a string in its own field", () => {
    const csv = `${header}\n"A"",""office"":""other",fr,person,"{""type"":""company""}"\n`;
    const [, a] = jsonLines(csv);
    expect(a?.office).toBe("demo");
    expect(a?.reference).toBe('A","office":"other');
    expect(a?.debtor.type).toBe("person");
  });
});
