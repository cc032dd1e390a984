/**
 * "Register connector v1": the JSON an office's register system exchanges with Sceau
 * (docs/register-connector.md). These zod schemas are the format: the JSON Schema files under
 * schemas/register-connector-v1/ are generated from them and pinned by test/register, with the
 * frozen examples of test/vectors/register-connector-v1/. An answer is accepted only whole and
 * exact: an unknown field, a missing one or a value out of its range makes it malformed (a new
 * field is a new version).
 * @module
 */
import * as z from "zod";
import { isCountryCode } from "../core/countries.ts";
import { isIsoDate } from "../core/dates.ts";
import { ENTRY_STATUSES } from "../core/extract.ts";
import { isPrintableText } from "../core/text.ts";

export const CONNECTOR_VERSION = "register-connector/1";

/** Most candidates one search may return; more is a malformed answer (a search that matched too widely). */
const MAX_CANDIDATES = 50;

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim().length > 0 && isPrintableText(s), { message: "must be printable text" });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isIsoDate, { message: "must be a calendar date" });
const amount = z
  .string()
  .regex(/^\d{1,10}\.\d{2}$/, { message: "must be CHF with two decimals, e.g. 1234.50" });
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);

const address = z.strictObject({
  street: text(150),
  houseNumber: text(16).optional(),
  postalCode: z.string().regex(/^[A-Za-z0-9 -]{1,16}$/),
  town: text(100),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .refine(isCountryCode, { message: "must be an ISO 3166-1 alpha-2 code" }),
});

const person = {
  personId: id,
  lastName: text(100),
  firstNames: text(150),
  dateOfBirth: isoDate,
  address,
};

export const searchRequestSchema = z.strictObject({
  version: z.literal(CONNECTOR_VERSION),
  office: id,
  person: z.strictObject({
    lastName: text(100),
    firstNames: text(150),
    dateOfBirth: isoDate,
    address,
  }),
});

export const searchResponseSchema = z.strictObject({
  version: z.literal(CONNECTOR_VERSION),
  persons: z.array(z.strictObject(person)).max(MAX_CANDIDATES),
});

export const recordRequestSchema = z.strictObject({
  version: z.literal(CONNECTOR_VERSION),
  office: id,
  personId: id,
});

export const recordResponseSchema = z.strictObject({
  version: z.literal(CONNECTOR_VERSION),
  person: z.strictObject({
    ...person,
    entries: z
      .array(
        z.strictObject({
          caseNumber: text(64),
          date: isoDate,
          creditor: text(200),
          amount,
          status: z.enum(ENTRY_STATUSES),
        }),
      )
      .max(1000),
    lossCertificates: z
      .array(z.strictObject({ number: text(64), date: isoDate, creditor: text(200), amount }))
      .max(500),
  }),
});

export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type RecordRequest = z.infer<typeof recordRequestSchema>;

/**
 * The JSON Schema (draft 2020-12) of each message, as committed under
 * schemas/register-connector-v1/ (`node scripts/register-schemas.ts` writes them, then `npx prettier --write schemas`). Checks that
 * JSON Schema cannot say (a calendar date, printable text, a country code) are in the
 * descriptions and in docs/register-connector.md.
 */
export function jsonSchemas(): Record<string, unknown> {
  const messages = {
    "search-request": [searchRequestSchema, "What Sceau asks: the persons who may be the one looked for."],
    "search-response": [
      searchResponseSchema,
      "The register's answer: every person who may be the one (none: an empty list).",
    ],
    "record-request": [recordRequestSchema, "What Sceau asks: one person's record, by the register's id."],
    "record-response": [
      recordResponseSchema,
      "The register's answer: the person with their proceedings and loss certificates.",
    ],
  } as const;
  return Object.fromEntries(
    Object.entries(messages).map(([name, [schema, description]]) => [
      name,
      {
        $id: `urn:sceau:register-connector:v1:${name}`,
        title: `Register connector v1: ${name}`,
        description,
        ...z.toJSONSchema(schema, { target: "draft-2020-12" }),
      },
    ]),
  );
}
