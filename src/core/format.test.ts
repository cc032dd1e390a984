import { describe, expect, test } from "vitest";
import { LANGUAGES } from "./extract.ts";
import { isSceauError } from "./errors.ts";
import { formatMessage, say, type Message } from "./format.ts";

const PROCEEDINGS: Message = {
  fr: "{count, plural, =0 {Aucune poursuite} one {# poursuite} other {# poursuites}}",
  de: "{count, plural, =0 {Keine Betreibung} one {# Betreibung} other {# Betreibungen}}",
  it: "{count, plural, =0 {Nessuna esecuzione} one {# esecuzione} other {# esecuzioni}}",
  en: "{count, plural, =0 {No proceedings} one {# proceeding} other {# proceedings}}",
};

describe("messages with plurals", () => {
  test("behavior: 0, 1 and 2 take each language's own form", () => {
    expect([0, 1, 2].map((count) => say(PROCEEDINGS, "fr", { count }))).toEqual([
      "Aucune poursuite",
      "1 poursuite",
      "2 poursuites",
    ]);
    expect([0, 1, 2].map((count) => say(PROCEEDINGS, "de", { count }))).toEqual([
      "Keine Betreibung",
      "1 Betreibung",
      "2 Betreibungen",
    ]);
  });

  test("behavior: French counts 0 and 1 alike where a pattern has no =0 case (CLDR 'one')", () => {
    const pattern = "{n, plural, one {# ligne traitée} other {# lignes traitées}}";
    expect(formatMessage("fr", pattern, { n: 0 })).toBe("0 ligne traitée");
    expect(formatMessage("en", "{n, plural, one {# line} other {# lines}}", { n: 0 })).toBe("0 lines");
  });

  test("behavior: numbers are grouped the Swiss way in every language", () => {
    for (const lang of LANGUAGES) {
      expect(formatMessage(lang, "{n, number}", { n: 1234567 })).toBe("1'234'567");
    }
  });

  test("behavior: gender by select", () => {
    const pattern = "{g, select, female {Elle est inscrite} male {Il est inscrit} other {Inscrit}}";
    expect(formatMessage("fr", pattern, { g: "female" })).toBe("Elle est inscrite");
    expect(formatMessage("fr", pattern, { g: "company" })).toBe("Inscrit");
  });

  test("error: a pattern missing its value is INTERNAL, never a half-formatted text", () => {
    for (const pattern of ["{count, plural, one {# x} other {# xs}}", "{count, plural, one {# x}"]) {
      let caught: unknown;
      try {
        formatMessage("en", pattern);
      } catch (e) {
        caught = e;
      }
      expect(isSceauError(caught, "INTERNAL"), pattern).toBe(true);
    }
  });
});
