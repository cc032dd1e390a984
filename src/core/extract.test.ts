import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { COUNTRY_CODES } from "./countries.ts";
import { SceauError } from "./errors.ts";
import {
  FIELD_ISSUE_CODES,
  amountToCents,
  isValidUid,
  normaliseAmount,
  validateExtract,
  type FieldIssue,
} from "./extract.ts";
import { keyDataOf } from "./seal-body.ts";
import { COMPANY_EXTRACT, PERSON_EXTRACT, clone } from "../../test/fixtures/extracts.ts";
import { CLASS_SIZES, NAMED_FORMAT_CHARACTERS, forbiddenCharacter } from "../../test/helpers/unicode.ts";

const ctx = { today: "2026-11-22", offices: new Set(["demo"]) };

function issuesOf(input: unknown): FieldIssue[] {
  try {
    validateExtract(input, ctx);
  } catch (e) {
    if (e instanceof SceauError && e.code === "VALIDATION_FAILED")
      return (e.details as { issues: FieldIssue[] }).issues;
    throw e;
  }
  return [];
}

describe("extract validation", () => {
  test("accepts a person's extract and fills the default five-year coverage", () => {
    const e = validateExtract(PERSON_EXTRACT, ctx);
    expect(e.coverage).toEqual({ from: "2021-11-22", to: "2026-11-22" });
    expect(e.debtor.type === "person" && e.debtor.lastName).toBe("Dvořák-Ørsted");
  });

  test("accepts a company with a valid UID", () => {
    expect(validateExtract(COMPANY_EXTRACT, ctx).debtor).toMatchObject({ uid: "CHE-109.322.551" });
  });

  test("normalises names to NFC and trims them, so two spellings give one seal", () => {
    const input = clone(PERSON_EXTRACT) as { debtor: { lastName: string } };
    input.debtor.lastName = "  Mu\u0308ller ";
    const e = validateExtract(input, ctx);
    expect(e.debtor.type === "person" && e.debtor.lastName).toBe("Müller");
  });

  test("names are limited in characters as a reader counts them, not in code units", () => {
    const withName = (lastName: string) => {
      const input = clone(PERSON_EXTRACT) as { debtor: { lastName: string } };
      input.debtor.lastName = lastName;
      return issuesOf(input).map((i) => i.path);
    };
    // 100 characters, each a letter with two combining marks (300 code units): accepted.
    expect(withName("e\u0301\u0327".repeat(100))).toEqual([]);
    expect(withName("x".repeat(100))).toEqual([]);
    expect(withName("x".repeat(101))).toEqual(["debtor.lastName"]);
    expect(withName("e\u0301\u0327".repeat(101))).toEqual(["debtor.lastName"]);
  });

  test("reports every bad field at once, each by its path", () => {
    const input = clone(PERSON_EXTRACT) as unknown as Record<string, any>;
    input.language = "es";
    input.debtor.address.country = "Switzerland";
    input.debtor.dateOfBirth = "1985-02-30";
    input.entries[1].amount = "12,50";
    input.entries[2].status = "pending";
    input.lossCertificates[0].creditor = "";
    input.extra = 1;
    const paths = issuesOf(input).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "language",
        "debtor.address.country",
        "debtor.dateOfBirth",
        "entries[1].amount",
        "entries[2].status",
        "lossCertificates[0].creditor",
        "",
      ]),
    );
  });

  test("rejects dates after the issue date and entries outside the coverage", () => {
    const input = clone(PERSON_EXTRACT) as unknown as Record<string, any>;
    input.debtor.dateOfBirth = "2027-01-01";
    input.coverage = { from: "2025-01-01", to: "2026-11-22" };
    input.lossCertificates[0].date = "2026-12-01";
    expect(
      issuesOf(input)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["debtor.dateOfBirth", "entries[0].date", "lossCertificates[0].date"].sort());
  });

  test("rejects an office that is not configured", () => {
    const input = { ...clone(COMPANY_EXTRACT), office: "other" };
    expect(issuesOf(input)).toEqual([
      { path: "office", code: "office-unknown", message: expect.any(String) as string },
    ]);
  });

  test("rejects control characters, a wrong UID check digit and zero amounts", () => {
    const input = clone(COMPANY_EXTRACT) as unknown as Record<string, any>;
    input.debtor.name = "Evil\u0000Corp";
    input.debtor.uid = "CHE-109.322.552";
    input.entries = [{ caseNumber: "1", date: "2025-01-01", creditor: "X", amount: "0.00", status: "paid" }];
    expect(
      issuesOf(input)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["debtor.name", "debtor.uid", "entries[0].amount"]);
  });

  test("rejects non-objects without crashing", () => {
    for (const bad of [null, 42, "x", [], { language: "fr" }]) {
      expect(issuesOf(bad).length).toBeGreaterThan(0);
    }
  });
});

describe("key data", () => {
  test("summarises open proceedings and loss certificates in centimes", () => {
    const key = keyDataOf(validateExtract(PERSON_EXTRACT, ctx));
    expect(key.summary).toEqual({
      entries: 3,
      openEntries: 2,
      openAmountCents: 123_450 + 210_000,
      lossCertificates: 1,
      lossAmountCents: 50_000,
    });
    expect(key.postalCode).toBe("2800");
  });

  test("amounts convert exactly", () => {
    expect(amountToCents("1234.5")).toBe(123_450);
    expect(amountToCents("0.05")).toBe(5);
    expect(amountToCents("9999999999.99")).toBe(999_999_999_999);
  });
});

describe("Swiss UID check digit", () => {
  test.each([
    ["CHE-109.322.551", true],
    ["CHE-116.281.710", true],
    ["CHE-109.322.552", false],
    ["CHE-123.456.789", false],
  ])("%s is %s", (uid, ok) => {
    expect(isValidUid(uid)).toBe(ok);
  });
});

describe("invisible and direction-changing characters (issue 11, finding 3)", () => {
  /** Every free-text field of an extract, by its path, and how to set it. */
  const FIELDS: [string, (e: any, v: string) => void][] = [
    ["debtor.lastName", (e, v) => (e.debtor.lastName = v)],
    ["debtor.firstNames", (e, v) => (e.debtor.firstNames = v)],
    ["debtor.address.street", (e, v) => (e.debtor.address.street = v)],
    ["debtor.address.houseNumber", (e, v) => (e.debtor.address.houseNumber = v)],
    ["debtor.address.town", (e, v) => (e.debtor.address.town = v)],
    ["reference", (e, v) => (e.reference = v)],
    ["entries[1].caseNumber", (e, v) => (e.entries[1].caseNumber = v)],
    ["entries[1].creditor", (e, v) => (e.entries[1].creditor = v)],
    ["lossCertificates[0].number", (e, v) => (e.lossCertificates[0].number = v)],
    ["lossCertificates[0].creditor", (e, v) => (e.lossCertificates[0].creditor = v)],
  ];

  test("the generator covers each class", () => {
    expect(CLASS_SIZES.format).toBeGreaterThan(150);
    expect(CLASS_SIZES.privateUse).toBeGreaterThan(100_000);
    expect(CLASS_SIZES.unassigned).toBeGreaterThan(100_000);
  });

  test("a format, private-use or unassigned character inside any text field is refused at its path", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS),
        forbiddenCharacter,
        fc.integer({ min: 1, max: 4 }),
        ([path, set], ch, at) => {
          const input = clone(PERSON_EXTRACT) as any;
          set(input, `Abcde`.slice(0, at) + ch + `Abcde`.slice(at));
          const issues = issuesOf(input);
          expect(issues.map((i) => i.path)).toEqual([path]);
          const cp = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
          expect(issues[0]?.message).toContain(cp);
        },
      ),
      { numRuns: process.env.CI ? 3000 : 600 },
    );
  });

  test("a company name with any of the characters issue 11 names is refused", () => {
    for (const ch of NAMED_FORMAT_CHARACTERS) {
      const input = clone(COMPANY_EXTRACT) as any;
      input.debtor.name = `Müller${ch}Söhne AG`;
      expect(
        issuesOf(input).map((i) => i.path),
        JSON.stringify(ch),
      ).toEqual(["debtor.name"]);
    }
  });

  test("the names of issue 11: a right-to-left override and a look-alike of Müller", () => {
    const withName = (lastName: string) => {
      const input = clone(PERSON_EXTRACT) as any;
      input.debtor.lastName = lastName;
      return issuesOf(input);
    };
    expect(withName("Meier\u202egnilbbuR")).toEqual([
      {
        path: "debtor.lastName",
        code: "forbidden-character",
        message: expect.stringContaining("U+202E") as string,
        params: { codePoint: "U+202E", position: 6 },
      },
    ]);
    expect(withName("Mü\u200bller\u00ad").map((i) => i.path)).toEqual(["debtor.lastName"]);
    // Names in right-to-left scripts themselves are letters, not format characters: accepted.
    expect(withName("כהן")).toEqual([]);
    expect(withName("عبد الله")).toEqual([]);
  });
});

describe("addresses (issue 11)", () => {
  const withAddress = (changes: Record<string, string>) => {
    const input = clone(PERSON_EXTRACT) as any;
    Object.assign(input.debtor.address, changes);
    return issuesOf(input).map((i) => i.path);
  };

  test.each(["1000", "2800", "9999", " 8001 "])("CH postal code %j is accepted", (postalCode) => {
    expect(withAddress({ country: "CH", postalCode })).toEqual([]);
  });

  test.each(["99999", "12", "0999", "800", "28OO", "2800-1", "CH-2800"])(
    "CH postal code %j is refused",
    (postalCode) => {
      expect(withAddress({ country: "CH", postalCode })).toEqual(["debtor.address.postalCode"]);
    },
  );

  test("Liechtenstein follows the Swiss rule; other countries keep their own formats", () => {
    expect(withAddress({ country: "LI", postalCode: "9490" })).toEqual([]);
    expect(withAddress({ country: "LI", postalCode: "94901" })).toEqual(["debtor.address.postalCode"]);
    expect(withAddress({ country: "DE", postalCode: "79539" })).toEqual([]);
    expect(withAddress({ country: "FR", postalCode: "68300" })).toEqual([]);
    expect(withAddress({ country: "GB", postalCode: "SW1A 1AA" })).toEqual([]);
    expect(withAddress({ country: "IT", postalCode: "12" })).toEqual([]);
  });

  test.each(["ZZ", "QQ", "UK", "EU", "XX", "AA"])("country %j does not exist and is refused", (country) => {
    expect(withAddress({ country })).toEqual(["debtor.address.country"]);
  });

  test.each(["CH", "LI", "DE", "FR", "IT", "AT", "GB", "XK", "SS", "BQ"])(
    "country %j is accepted",
    (country) => {
      expect(withAddress({ country, postalCode: "9490" })).toEqual([]);
    },
  );

  test("the table holds the 249 assigned codes and Kosovo, each known to the engine's region names", () => {
    expect(COUNTRY_CODES.size).toBe(250);
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (const code of COUNTRY_CODES) expect(names.of(code), code).not.toBe(code);
  });

  test("a bad postal code and a bad field elsewhere are reported together", () => {
    const input = clone(PERSON_EXTRACT) as any;
    input.debtor.address.postalCode = "99999";
    input.debtor.lastName = "";
    expect(
      issuesOf(input)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["debtor.address.postalCode", "debtor.lastName"]);
  });
});

describe("amounts written the Swiss way", () => {
  const withAmount = (amount: string): unknown => {
    const input = clone(PERSON_EXTRACT) as any;
    input.entries[0].amount = amount;
    return input;
  };

  test.each([
    ["1'200.50", "1200.50"],
    ["1\u2019200.50", "1200.50"],
    ["1 200.50", "1200.50"],
    ["1\u00a0200.50", "1200.50"],
    ["1\u202f200.50", "1200.50"],
    ["12'345'678", "12345678"],
    [" 1'200.5 ", "1200.5"],
    ["1200.50", "1200.50"],
  ])("%j is kept as the decimal string %j", (typed, kept) => {
    expect(normaliseAmount(typed)).toBe(kept);
    const e = validateExtract(withAmount(typed), ctx);
    expect(e.entries[0]?.amount).toBe(kept);
  });

  test.each(["12'50", "1'2000", "1'200 000", "1,200.50", "12,50", "1''200", "'1200", "1200'", "1.200,50"])(
    "%j is refused as an amount, not guessed",
    (typed) => {
      expect(issuesOf(withAmount(typed))).toEqual([
        expect.objectContaining({ path: "entries[0].amount", code: "amount" }),
      ]);
    },
  );

  test("the same amount typed two ways gives the same extract", () => {
    expect(validateExtract(withAmount("1'250.40"), ctx)).toEqual(validateExtract(withAmount("1250.40"), ctx));
  });
});

describe("field issue codes", () => {
  test("every issue carries a stable code from the documented list, besides its path and message", () => {
    const input = clone(PERSON_EXTRACT) as unknown as Record<string, any>;
    input.language = "es";
    input.debtor.address.country = "Switzerland";
    input.debtor.address.postalCode = "280";
    input.debtor.dateOfBirth = "1985-02-30";
    input.entries[1].amount = "0";
    input.entries[2].status = "pending";
    input.lossCertificates[0].creditor = "";
    input.debtor.firstNames = "x".repeat(101);
    input.extra = 1;
    delete input.debtor.lastName;
    const byPath = Object.fromEntries(issuesOf(input).map((i) => [i.path, i]));
    expect(byPath).toMatchObject({
      language: { code: "language" },
      "debtor.address.country": { code: "country-format" },
      "debtor.dateOfBirth": { code: "date" },
      "entries[1].amount": { code: "amount-zero" },
      "entries[2].status": { code: "entry-status" },
      "lossCertificates[0].creditor": { code: "required" },
      "debtor.firstNames": { code: "too-long", params: { max: 100 } },
      "debtor.lastName": { code: "required" },
      "": { code: "unknown-field", params: { keys: "extra" } },
    });
    for (const i of Object.values(byPath)) {
      expect(FIELD_ISSUE_CODES).toContain(i.code);
      expect(i.message.length).toBeGreaterThan(0);
    }
  });

  test("an empty date, amount, postal code or UID is 'required', not a wrong format", () => {
    const input = clone(PERSON_EXTRACT) as any;
    input.debtor.dateOfBirth = "";
    input.debtor.address.postalCode = " ";
    input.entries[0].amount = "";
    const codes = Object.fromEntries(issuesOf(input).map((i) => [i.path, i.code]));
    expect(codes).toEqual({
      "debtor.dateOfBirth": "required",
      "debtor.address.postalCode": "required",
      "entries[0].amount": "required",
    });
    const company = clone(COMPANY_EXTRACT) as any;
    company.debtor.uid = "";
    expect(issuesOf(company).map((i) => [i.path, i.code])).toEqual([["debtor.uid", "required"]]);
  });

  test("a Swiss or Liechtenstein postal code is four digits", () => {
    for (const country of ["CH", "LI"]) {
      for (const postalCode of ["800", "80001", "0999", "80A1"]) {
        const input = clone(PERSON_EXTRACT) as any;
        input.debtor.address = { ...input.debtor.address, country, postalCode };
        expect(issuesOf(input), `${country} ${postalCode}`).toEqual([
          expect.objectContaining({ path: "debtor.address.postalCode", code: "postal-code-ch" }),
        ]);
      }
    }
  });

  test("a wrong UID, an unknown country and a wrong type are named as such", () => {
    const input = clone(COMPANY_EXTRACT) as unknown as Record<string, any>;
    input.debtor.uid = "CHE-109.322.552";
    input.debtor.address.country = "ZZ";
    input.entries = "none";
    const codes = Object.fromEntries(issuesOf(input).map((i) => [i.path, i.code]));
    expect(codes).toEqual({
      "debtor.uid": "uid-check",
      "debtor.address.country": "country-unknown",
      entries: "type",
    });
  });
});
