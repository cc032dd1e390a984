import { describe, expect, test } from "vitest";
import { LANGUAGES } from "../../core/extract-terms.ts";
import { formatMessage } from "../../core/format.ts";
import { STRINGS, type VerifyKey } from "./strings.ts";

/** The names a pattern fills (plural counts and plain values), from its source. */
function argumentsOf(pattern: string): { counts: string[]; values: string[] } {
  const counts = [...pattern.matchAll(/\{(\w+), plural,/g)].map((m) => m[1] ?? "");
  const values = [...pattern.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] ?? "")
    .filter((v) => !counts.includes(v));
  return { counts: [...new Set(counts)], values: [...new Set(values)] };
}

describe("verification page words", () => {
  test("every message renders in the four languages with 0, 1 and 2 for each count, with no known error", () => {
    const keys = Object.keys(STRINGS.en) as VerifyKey[];
    const wrong =
      /\{|\}|undefined|NaN|\b1 (days|jours|Tage|giorni|Tagen)\b|\b2 (day|jour|Tag|giorno)\b|encore ouvertes|Aucun\.|Nessuno\.|einen Bildschirmfoto|No answer|Batch|Chain\b/;
    for (const lang of LANGUAGES) {
      for (const key of keys) {
        const pattern = STRINGS[lang][key];
        const { counts, values } = argumentsOf(STRINGS.en[key]);
        expect(argumentsOf(pattern).counts.sort(), `${lang} ${key}: the same counts as English`).toEqual(
          [...counts].sort(),
        );
        for (const n of [0, 1, 2]) {
          const params = Object.fromEntries([
            ...values.map((v) => [v, `«${v}»`] as const),
            ...counts.map((c) => [c, n] as const),
          ]);
          const text = formatMessage(lang, pattern, params);
          expect(text, `${lang} ${key} ${n}`).not.toMatch(wrong);
          for (const v of values) expect(text, `${lang} ${key} shows {${v}}`).toContain(`«${v}»`);
        }
      }
    }
  });

  test("an old extract's age and the plain checks agree with their numbers", () => {
    expect(formatMessage("fr", STRINGS.fr["plain.age"], { days: 0 })).toBe("Émis aujourd'hui.");
    expect(formatMessage("de", STRINGS.de["plain.age"], { days: 2 })).toBe("Vor 2 Tagen ausgestellt.");
    expect(formatMessage("it", STRINGS.it["plain.stale"], { days: 91, max: 90 })).toBe(
      "Emesso 91 giorni fa: più dei 90 giorni accettati qui.",
    );
    expect(formatMessage("en", STRINGS.en["verdict.unavailable"])).toBe("Cannot be checked right now");
  });
});
