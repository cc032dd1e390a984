import { describe, expect, test } from "vitest";
import { fill, formatAmount, formatDate, formatZurichDateTime, pickLanguage } from "./i18n.ts";
import { STRINGS as VERIFY } from "./verify/strings.ts";

describe("page languages and formats", () => {
  test("the first of the browser's languages that the pages speak wins; English otherwise", () => {
    expect(pickLanguage(["de-CH", "fr"])).toBe("de");
    expect(pickLanguage(["rm-CH", "it-CH", "de"])).toBe("it");
    expect(pickLanguage(["FR-ch"])).toBe("fr");
    expect(pickLanguage(["pt-BR", "es"])).toBe("en");
    expect(pickLanguage([])).toBe("en");
  });

  test("dates and amounts are written as on the printed extract", () => {
    expect(formatDate("2026-11-02")).toBe("02.11.2026");
    // 23:30 UTC on 31 December is already the next year in Zurich.
    expect(formatDate("2026-12-31T23:30:00.000Z")).toBe("01.01.2027");
    expect(formatZurichDateTime("2026-07-01T12:05:00.000Z")).toBe("01.07.2026, 14:05");
    expect(formatAmount("1234.5")).toBe("CHF 1'234.50");
    expect(formatAmount("9999999999.99")).toBe("CHF 9'999'999'999.99");
    expect(formatAmount("0.05")).toBe("CHF 0.05");
  });

  test("placeholders are filled, unknown ones left visible", () => {
    expect(fill("{n} of {total}", { n: 3, total: 7 })).toBe("3 of 7");
    expect(fill("{missing}", {})).toBe("{missing}");
  });

  test("every language names every placeholder its English text names", () => {
    // The console's words are ICU patterns, checked by office/strings.test.ts.
    for (const table of [VERIFY] as Record<string, Record<string, string>>[]) {
      const en = table.en ?? {};
      for (const [lang, strings] of Object.entries(table)) {
        for (const [key, text] of Object.entries(en)) {
          const want = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          const got = [...(strings[key] ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          expect(got, `${lang}.${key}`).toEqual(want);
          expect(strings[key]?.trim().length, `${lang}.${key}`).toBeGreaterThan(0);
        }
      }
    }
  });
});
