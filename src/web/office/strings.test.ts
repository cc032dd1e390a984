/**
 * The console's words: every message in every language formats with 0, 1 and 2 for each of its
 * counts (the plural forms are right, "1 ligne traitée", never "1 lignes traitées"), names the
 * same values as the English one, and German keeps to one plain word per thing.
 */
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, test } from "vitest";
import { FIELD_ISSUE_CODES, LANGUAGES, type Language } from "../../core/extract.ts";
import { formatMessage } from "../../core/format.ts";
import { FIELD_MESSAGES } from "./field-messages.ts";
import { STRINGS } from "./strings.ts";

interface Arg {
  readonly name: string;
  readonly counted: boolean;
}

/** The arguments a pattern names, and whether each is counted (plural, `#`). */
function argsOf(pattern: string, lang: Language): Arg[] {
  const out = new Map<string, boolean>();
  type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }> };
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      // 1 argument, 2 number, 5 select, 6 plural (@formatjs/icu-messageformat-parser TYPE).
      if (n.value !== undefined && [1, 2, 5, 6].includes(n.type))
        out.set(n.value, (out.get(n.value) ?? false) || n.type === 6 || n.type === 2);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(pattern, lang, undefined, { ignoreTag: true }).getAst());
  return [...out].map(([name, counted]) => ({ name, counted })).sort((a, b) => a.name.localeCompare(b.name));
}

const TABLES = {
  console: STRINGS as Record<Language, Record<string, string>>,
  fields: Object.fromEntries(
    LANGUAGES.map((l) => [l, Object.fromEntries(FIELD_ISSUE_CODES.map((c) => [c, FIELD_MESSAGES[c][l]]))]),
  ) as Record<Language, Record<string, string>>,
};

describe("console words", () => {
  test.each(Object.entries(TABLES))(
    "the %s table: every language has exactly the English keys",
    (_, table) => {
      const keys = Object.keys(table.en).sort();
      for (const lang of LANGUAGES) expect(Object.keys(table[lang]).sort(), lang).toEqual(keys);
    },
  );

  test.each(Object.entries(TABLES))(
    "the %s table: every message formats with 0, 1 and 2 for each count, in every language",
    (_, table) => {
      for (const [key, english] of Object.entries(table.en)) {
        const want = argsOf(english, "en");
        for (const lang of LANGUAGES) {
          const pattern = table[lang][key] ?? "";
          const args = argsOf(pattern, lang);
          expect(
            args.map((a) => a.name),
            `${lang}.${key}`,
          ).toEqual(want.map((a) => a.name));
          for (const n of [0, 1, 2]) {
            const values = Object.fromEntries(args.map((a) => [a.name, a.counted ? n : `‹${a.name}›`]));
            const text = formatMessage(lang, pattern, values);
            expect(text.trim().length, `${lang}.${key}`).toBeGreaterThan(0);
            // Nothing left unformatted: no brace, and every value shown.
            expect(text, `${lang}.${key} (${n})`).not.toMatch(/[{}]/);
            for (const a of args) if (!a.counted) expect(text, `${lang}.${key}`).toContain(`‹${a.name}›`);
          }
        }
      }
    },
  );

  test("counts agree with their nouns: 1 ligne traitée, 2 lignes traitées", () => {
    const say = (lang: Language, key: keyof typeof STRINGS.en, values: Record<string, number>): string =>
      formatMessage(lang, STRINGS[lang][key], values);
    expect(say("fr", "bulkProgress", { processed: 1, total: 1 })).toBe("1 ligne traitée sur 1");
    expect(say("fr", "bulkProgress", { processed: 0, total: 2 })).toBe("0 ligne traitée sur 2");
    expect(say("fr", "bulkProgress", { processed: 2, total: 2 })).toBe("2 lignes traitées sur 2");
    expect(say("en", "bulkProgress", { processed: 1, total: 1 })).toBe("1 of 1 line processed");
    expect(say("en", "bulkProgress", { processed: 1, total: 2 })).toBe("1 of 2 lines processed");
    expect(say("de", "bulkProgress", { processed: 1, total: 1 })).toBe("1 von 1 Zeile verarbeitet");
    expect(say("it", "bulkProgress", { processed: 1, total: 3 })).toBe("1 riga su 3 elaborata");
    expect(say("it", "bulkProgress", { processed: 2, total: 3 })).toBe("2 righe su 3 elaborate");
    expect(say("de", "resultCount", { count: 1 })).toBe("1 Auszug angezeigt.");
    expect(say("de", "resultCount", { count: 2 })).toBe("2 Auszüge angezeigt.");
    expect(say("fr", "bulkDoneFailed", { accepted: 1, failed: 1 })).toContain("1 ligne est erronée");
    expect(say("fr", "bulkDoneFailed", { accepted: 2, failed: 2 })).toContain("2 lignes sont erronées");
    for (const lang of LANGUAGES) {
      for (const [key, pattern] of Object.entries(STRINGS[lang])) {
        {
          const args = argsOf(pattern, lang);
          if (!args.some((a) => a.counted)) continue;
          const text = formatMessage(
            lang,
            pattern,
            Object.fromEntries(args.map((a) => [a.name, a.counted ? 1 : "x"])),
          );
          expect(text, `${lang}.${key}`).not.toMatch(
            /\b1 (lignes|lines|Zeilen|righe|extraits|extracts|Auszüge|estratti)\b/,
          );
        }
      }
    }
  });

  test("German says Sammelauftrag and öffentliches Register, never Batch, Stapel or Chain", () => {
    for (const text of [
      ...Object.values(STRINGS.de),
      ...FIELD_ISSUE_CODES.map((c) => FIELD_MESSAGES[c].de),
    ]) {
      expect(text).not.toMatch(/batch|stapel|chain|blockchain/i);
    }
  });

  test("the clerk's statuses: Ready and Being prepared, in each language", () => {
    expect(STRINGS.en["state.anchored"]).toBe("Ready");
    expect(STRINGS.en["state.final"]).toBe("Ready");
    expect(STRINGS.en["state.pending"]).toBe("Being prepared");
    expect([STRINGS.fr["state.pending"], STRINGS.de["state.pending"], STRINGS.it["state.pending"]]).toEqual([
      "En préparation",
      "In Vorbereitung",
      "In preparazione",
    ]);
  });
});
