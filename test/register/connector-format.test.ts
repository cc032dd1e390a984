/**
 * "Register connector v1" is frozen: the JSON Schema files under schemas/ are what the
 * validating code accepts (generated from it), and the frozen examples of
 * test/vectors/register-connector-v1/ pass it. Changing either is a new version.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  jsonSchemas,
  recordRequestSchema,
  recordResponseSchema,
  searchRequestSchema,
  searchResponseSchema,
} from "../../src/register/wire-v1.ts";

const read = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));

describe("register connector v1", () => {
  test("the committed JSON Schema files are the schemas the connector validates with", () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(
        read(`schemas/register-connector-v1/${name}.schema.json`),
        `${name} (node scripts/register-schemas.ts)`,
      ).toEqual(schema);
    }
  });

  test("the frozen examples follow the format", () => {
    const pairs = [
      [searchRequestSchema, "search-request"],
      [searchResponseSchema, "search-response"],
      [recordRequestSchema, "record-request"],
      [recordResponseSchema, "record-response"],
    ] as const;
    for (const [schema, name] of pairs) {
      const parsed = schema.safeParse(read(`test/vectors/register-connector-v1/${name}.json`));
      expect(parsed.success, name).toBe(true);
    }
  });

  test("the frozen examples are these exact texts", () => {
    // A change here is a change of the published format: make it a new version instead.
    expect(read("test/vectors/register-connector-v1/record-request.json")).toEqual({
      version: "register-connector/1",
      office: "ju-delemont",
      personId: "P-000184522",
    });
    const response = read("test/vectors/register-connector-v1/record-response.json") as {
      person: { entries: { caseNumber: string }[]; lossCertificates: { amount: string }[] };
    };
    expect(response.person.entries.map((e) => e.caseNumber)).toEqual(["2025-1042", "2024-0877"]);
    expect(response.person.lossCertificates.map((l) => l.amount)).toEqual(["5120.00"]);
  });
});
