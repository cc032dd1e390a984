/**
 * The embedded register (SQLite) with its demo people: each stands for a case the counter
 * handles, and the search flags what agrees so the counter can decide.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { isValidUid } from "../../src/core/extract.ts";
import type { RegisterQuery } from "../../src/counter/ports.ts";
import { DEMO_COMPANIES, DEMO_PERSONS } from "../../src/register/demo-data.ts";
import { embeddedRegister } from "../../src/register/embedded.ts";

const register = embeddedRegister(":memory:", ["demo"]);
afterAll(() => {
  register.close();
});

const asked = (over: Partial<RegisterQuery>): RegisterQuery => ({
  office: "demo",
  lastName: "Keller",
  firstNames: "Anna",
  dateOfBirth: "1985-03-14",
  address: { street: "Rue du Marché", houseNumber: "5", postalCode: "2800", town: "Delémont", country: "CH" },
  ...over,
});

describe("the embedded demo register", () => {
  test("finds a person with no proceedings, every fact agreeing", async () => {
    const found = await register.search(asked({ lastName: "KELLER", firstNames: "anna" }));
    expect(found).toEqual([
      expect.objectContaining({
        personId: "demo-p-001",
        matches: { name: true, dateOfBirth: true, address: true },
      }),
    ]);
    const record = await register.record("demo", "demo-p-001");
    expect(record.entries).toEqual([]);
    expect(record.lossCertificates).toEqual([]);
  });

  test("gives a person's proceedings and loss certificates", async () => {
    const record = await register.record("demo", "demo-p-002");
    expect(record.entries.length).toBeGreaterThan(0);
    expect(record.lossCertificates.length).toBeGreaterThan(0);
    expect(record.entries[0]).toEqual({
      caseNumber: "2024-0877",
      date: "2024-04-02",
      creditor: "Swisscom (Suisse) SA",
      amount: "412.35",
      status: "paid",
    });
  });

  test("two people of the same name and birth date are both candidates when the address matches neither", async () => {
    const found = await register.search(
      asked({
        lastName: "Dupont",
        firstNames: "Jean",
        dateOfBirth: "1990-06-01",
        address: {
          street: "Grand-Rue",
          houseNumber: "10",
          postalCode: "2950",
          town: "Courgenay",
          country: "CH",
        },
      }),
    );
    expect(found.map((c) => [c.personId, c.matches.address])).toEqual([
      ["demo-p-003", false],
      ["demo-p-004", false],
    ]);
  });

  test("a person whose registered address differs is a candidate with the address flag down", async () => {
    const found = await register.search(
      asked({
        lastName: "Marchand",
        firstNames: "Sophie",
        dateOfBirth: "1982-09-23",
        address: {
          street: "Via Cantonale",
          houseNumber: "4",
          postalCode: "6900",
          town: "Lugano",
          country: "CH",
        },
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        personId: "demo-p-005",
        matches: { name: true, dateOfBirth: true, address: false },
      }),
    ]);
  });

  test("nobody is an empty list; one agreeing fact is not a candidate", async () => {
    expect(
      await register.search(asked({ lastName: "Nobody", firstNames: "Luc", dateOfBirth: "2000-01-01" })),
    ).toEqual([]);
    expect(await register.search(asked({ firstNames: "Peter", dateOfBirth: "1960-01-01" }))).toEqual([]);
    expect(await register.search(asked({ office: "elsewhere" }))).toEqual([]);
  });

  test("an unknown person's record is REGISTER_UNAVAILABLE, never an empty extract", async () => {
    await expect(register.record("demo", "demo-p-999")).rejects.toMatchObject({
      code: "REGISTER_UNAVAILABLE",
    });
  });

  test("the demo data is valid: calendar dates, CHF amounts, companies with valid UIDs", () => {
    for (const c of DEMO_COMPANIES) expect(isValidUid(c.uid), c.uid).toBe(true);
    for (const p of [...DEMO_PERSONS, ...DEMO_COMPANIES]) {
      for (const e of [...p.entries, ...p.lossCertificates]) expect(e.amount).toMatch(/^\d+\.\d{2}$/);
    }
  });

  test("a file register keeps its people and is filled only once", () => {
    const dir = mkdtempSync(join(tmpdir(), "sceau-register-"));
    try {
      const file = join(dir, "register.sqlite");
      embeddedRegister(file, ["demo"]).close();
      const again = embeddedRegister(file, ["demo"]);
      return again
        .search(asked({}))
        .then((found) => {
          expect(found).toHaveLength(1);
        })
        .finally(() => {
          again.close();
        });
    } finally {
      setTimeout(() => {
        rmSync(dir, { recursive: true, force: true });
      }, 100).unref();
    }
  });
});
