import { describe, expect, test } from "vitest";
import { negotiateLanguage } from "../../src/http/language.ts";

describe("choosing the response language", () => {
  test("?lang= wins over Accept-Language", () => {
    expect(negotiateLanguage("it", "de-CH,de;q=0.9")).toBe("it");
    expect(negotiateLanguage("FR", undefined)).toBe("fr");
  });

  test("Accept-Language by quality, region subtags ignored, unknown languages skipped", () => {
    expect(negotiateLanguage(undefined, "de-CH,de;q=0.9,en;q=0.8")).toBe("de");
    expect(negotiateLanguage(undefined, "rm;q=1, it;q=0.5, fr;q=0.7")).toBe("fr");
    expect(negotiateLanguage(undefined, "es, pt;q=0.9")).toBe("en");
    expect(negotiateLanguage(undefined, "fr;q=0, de;q=0.1")).toBe("de");
  });

  test("error: anything malformed gives English, never an exception", () => {
    expect(negotiateLanguage("xx", undefined)).toBe("en");
    expect(negotiateLanguage(["fr", "de"], undefined)).toBe("en");
    expect(negotiateLanguage(undefined, ";;;,q=,=")).toBe("en");
    expect(negotiateLanguage(undefined, "fr;q=abc")).toBe("en");
    expect(negotiateLanguage(undefined, `${"x,".repeat(10_000)}de`)).toBe("en");
  });
});
