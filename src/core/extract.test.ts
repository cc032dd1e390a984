import { describe, expect, test } from "vitest";
import { SceauError } from "./errors.ts";
import { amountToCents, isValidUid, validateExtract, type FieldIssue } from "./extract.ts";
import { keyDataOf } from "./seal.ts";
import { COMPANY_EXTRACT, PERSON_EXTRACT, clone } from "../../test/fixtures/extracts.ts";

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
    expect(issuesOf(input)).toEqual([{ path: "office", message: expect.any(String) as string }]);
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
