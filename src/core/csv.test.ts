import { describe, expect, test } from "vitest";
import { CSV_LIMITS, csvCell, parseCsv, writeCsv } from "./csv.ts";
import { SceauError } from "./errors.ts";

const cells = (text: string): string[][] => parseCsv(text).map((r) => [...r.cells]);

function refused(text: string): SceauError {
  try {
    parseCsv(text);
  } catch (e) {
    if (e instanceof SceauError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("CSV reading", () => {
  test("quotes hold separators, line breaks and doubled quotes", () => {
    expect(cells('a,"b,c","say ""hi""","two\nlines"\nx,y,z,w')).toEqual([
      ["a", "b,c", 'say "hi"', "two\nlines"],
      ["x", "y", "z", "w"],
    ]);
  });

  test("each record keeps the line it starts on, past quoted line breaks and blank lines", () => {
    expect(parseCsv('h1,h2\n"a\nb",c\n\nd,e').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  test("a BOM, CRLF and a last line without its line end are read as Excel writes them", () => {
    expect(cells('\uFEFFref;name\r\nA-1;Müller\r\nA-2;"Rossi; Maria"')).toEqual([
      ["ref", "name"],
      ["A-1", "Müller"],
      ["A-2", "Rossi; Maria"],
    ]);
  });

  test("the header line tells the separator: semicolons (Swiss Excel) or commas", () => {
    expect(cells("a;b\n1,5;2")).toEqual([
      ["a", "b"],
      ["1,5", "2"],
    ]);
    expect(cells("a,b\n1;5,2")).toEqual([
      ["a", "b"],
      ["1;5", "2"],
    ]);
  });

  test("empty fields, trailing separators and empty quoted fields are fields", () => {
    expect(cells('a,,"",\n')).toEqual([["a", "", "", ""]]);
  });

  test("an unclosed quote is refused with the line it opens on", () => {
    const e = refused('a,b\n1,"never closed\n2,3\n');
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.details).toEqual({ line: 2 });
  });

  test("text after a closing quote is refused", () => {
    expect(refused('a,"b"c\n').message).toContain("after a closing quote");
  });

  test("a huge field is refused, quoted or not, without reading on", () => {
    const big = "x".repeat(CSV_LIMITS.fieldChars + 1);
    expect(refused(`a\n${big}\n`).message).toContain("longer than");
    expect(refused(`a\n"${big}"\n`).message).toContain("longer than");
    expect(cells(`a\n${"x".repeat(CSV_LIMITS.fieldChars)}`)[1]?.[0]?.length).toBe(CSV_LIMITS.fieldChars);
  });

  test("too many columns are refused", () => {
    expect(refused(",".repeat(CSV_LIMITS.columns)).message).toContain("columns");
  });

  test("a million separators or quotes do not hang or blow the stack", () => {
    expect(() => parseCsv('"'.repeat(1_000_001))).toThrow(SceauError);
    expect(parseCsv("\n".repeat(1_000_000))).toEqual([]);
  });
});

describe("CSV writing", () => {
  test.each(['=HYPERLINK("http://x")', "+41 79", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])(
    "a cell starting like a formula (%j) is defused with an apostrophe",
    (value) => {
      const written = csvCell(value);
      const read = parseCsv(`h\n${written}`)[1]?.cells[0] ?? "";
      expect(read.startsWith("'")).toBe(true);
      expect(read.slice(1)).toBe(value);
    },
  );

  test("what is written reads back the same (quotes, separators, line breaks)", () => {
    const rows = [
      ["line", "message"],
      ["3", 'Must be "1234.50", or; else\nnext'],
      ["4", "plain"],
    ];
    const text = writeCsv(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(cells(text)).toEqual(rows);
  });
});
