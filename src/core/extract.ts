/**
 * The extract of the debt-collection register as the issuing office submits it (docs/api.md, "The extract (input model)"),
 * its validation, and the key data that a seal carries.
 *
 * Validation reports every bad field at once, each by its path (`debtor.address.postalCode`,
 * `entries[3].amount`), and returns a normalised extract: text is trimmed and in Unicode NFC, so
 * the same name typed on two systems gives the same seal bytes.
 * @module
 */
import * as z from "zod";
import { FOUR_DIGIT_POSTAL_CODES, isCountryCode, isPostalCodeOf } from "./countries.ts";
import { addYears, isIsoDate, type IsoDate } from "./dates.ts";
import { SceauError } from "./errors.ts";
import {
  ENTRY_STATUSES,
  LANGUAGES,
  amountToCents,
  type EntryStatus,
  type Language,
} from "./extract-terms.ts";
import { forbiddenCharacter } from "./text.ts";

export { ENTRY_STATUSES, LANGUAGES, amountToCents } from "./extract-terms.ts";
export type { EntryStatus, Language } from "./extract-terms.ts";

const LIMITS = {
  entries: 1000,
  lossCertificates: 500,
  /** CHF 9,999,999,999.99: sums over every entry stay exact JavaScript integers in centimes. */
  amountIntegerDigits: 10,
} as const;

interface Address {
  readonly street: string;
  readonly houseNumber?: string;
  readonly postalCode: string;
  readonly town: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
}

interface PersonDebtor {
  readonly type: "person";
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: Address;
}

interface CompanyDebtor {
  readonly type: "company";
  readonly name: string;
  /** Swiss business identification number, `CHE-123.456.789`. */
  readonly uid: string;
  readonly address: Address;
}

export type Debtor = PersonDebtor | CompanyDebtor;

export interface Entry {
  readonly caseNumber: string;
  readonly date: IsoDate;
  readonly creditor: string;
  /** Decimal CHF amount as given, for example `"1234.50"`. */
  readonly amount: string;
  readonly status: EntryStatus;
}

export interface LossCertificate {
  readonly number: string;
  readonly date: IsoDate;
  readonly creditor: string;
  readonly amount: string;
}

export interface Extract {
  readonly language: Language;
  readonly office: string;
  readonly reference?: string;
  readonly debtor: Debtor;
  readonly coverage: { readonly from: IsoDate; readonly to: IsoDate };
  readonly entries: readonly Entry[];
  readonly lossCertificates: readonly LossCertificate[];
}

/**
 * What is wrong with a field, as a stable code (documented in docs/api.md; never renamed): the
 * console words each code in its own language, the API also gives an English `message`.
 */
export const FIELD_ISSUE_CODES = [
  "required",
  "type",
  "unknown-field",
  "too-long",
  "forbidden-character",
  "date",
  "amount",
  "amount-zero",
  "postal-code",
  "postal-code-ch",
  "country-format",
  "country-unknown",
  "uid-format",
  "uid-check",
  "language",
  "entry-status",
  "debtor-type",
  "office-format",
  "office-unknown",
  "future",
  "after-issue-date",
  "coverage-order",
  "outside-coverage",
  "too-many",
  "invalid",
] as const;
export type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];

export interface FieldIssue {
  /** Dotted path with array indexes in brackets, for example `entries[2].amount`. */
  readonly path: string;
  readonly code: FieldIssueCode;
  readonly message: string;
  /** Values the message names (`max` for `too-long` and `too-many`, `codePoint` and `position`). */
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface ValidationContext {
  /** The issue date; no date in the extract may lie after it. */
  readonly today: IsoDate;
  /** Identifiers of the offices configured in this service; any office is accepted when absent. */
  readonly offices?: ReadonlySet<string>;
}

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Characters as a reader counts them: "é" is one whether composed or not. */
function graphemes(s: string): number {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

interface CheckContext {
  readonly value: unknown;
  readonly issues: unknown[];
}

/** Records an issue with its stable code (kept in the zod issue's `params`, read back in {@link toFieldIssue}). */
function fail(
  ctx: CheckContext,
  code: FieldIssueCode,
  message: string,
  extra: { path?: string[]; params?: Record<string, string | number> } = {},
): void {
  ctx.issues.push({
    code: "custom",
    input: ctx.value,
    message,
    params: { issue: code, ...extra.params },
    ...(extra.path ? { path: extra.path } : {}),
  });
}

function text(max: number) {
  return z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .check((ctx) => {
      if (ctx.value.length === 0) fail(ctx, "required", "Must not be empty.");
      // A grapheme has at least one UTF-16 code unit: only a long string needs segmenting,
      // which costs about 30 µs per string (the largest cost of validating an extract).
      else if (ctx.value.length > max && graphemes(ctx.value) > max)
        fail(ctx, "too-long", `Must be at most ${max} characters.`, { params: { max } });
      else {
        // Control, invisible, direction-changing, private-use or unassigned characters (text.ts).
        const bad = forbiddenCharacter(ctx.value);
        if (bad)
          fail(
            ctx,
            "forbidden-character",
            `Must not contain control, invisible or direction-changing characters (${bad.codePoint} at position ${bad.index + 1}).`,
            { params: { codePoint: bad.codePoint, position: bad.index + 1 } },
          );
      }
    });
}

const isoDate = z.string().check((ctx) => {
  if (ctx.value === "") fail(ctx, "required", "Must not be empty.");
  else if (!isIsoDate(ctx.value)) fail(ctx, "date", "Must be a date YYYY-MM-DD between 1900 and 2999.");
});

const AMOUNT = new RegExp(`^\\d{1,${LIMITS.amountIntegerDigits}}(\\.\\d{1,2})?$`);
/**
 * Thousands written the Swiss way: `1'200.50`, `1’200.50` (the typographic apostrophe), `1 200.50`
 * (a space, a no-break or a narrow no-break space), one kind of separator throughout and groups
 * of exactly three digits, so that `12'50` is not read as 1250.
 */
const SWISS_GROUPED = /^\d{1,3}(['\u2019 \u00a0\u202f])\d{3}(?:\1\d{3})*(?:\.\d{1,2})?$/;

/** A CHF amount as typed (`" 1'200.50 "`) as the decimal string the extract keeps (`"1200.50"`). */
export function normaliseAmount(typed: string): string {
  const s = typed.trim();
  return SWISS_GROUPED.test(s) ? s.replace(/['\u2019 \u00a0\u202f]/g, "") : s;
}

const amount = z
  .string()
  .transform(normaliseAmount)
  .check((ctx) => {
    if (ctx.value === "") {
      fail(ctx, "required", "Must not be empty.");
    } else if (!AMOUNT.test(ctx.value)) {
      fail(
        ctx,
        "amount",
        `Must be a decimal CHF amount such as "1234.50" or "1'234.50" (at most ${LIMITS.amountIntegerDigits} digits before the point).`,
        { params: { max: LIMITS.amountIntegerDigits } },
      );
    } else if (amountToCents(ctx.value) <= 0) {
      fail(ctx, "amount-zero", "Must be greater than zero.");
    }
  });

const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{0,9}$/;

const address = z
  .strictObject({
    street: text(100),
    houseNumber: text(16).optional(),
    postalCode: z
      .string()
      .transform((s) => s.trim())
      .check((ctx) => {
        if (ctx.value === "") fail(ctx, "required", "Must not be empty.");
        else if (!POSTAL_CODE.test(ctx.value))
          fail(ctx, "postal-code", "Must be a postal code of 1 to 10 letters or digits.");
      }),
    town: text(60),
    country: z.string().check((ctx) => {
      if (!/^[A-Z]{2}$/.test(ctx.value))
        fail(ctx, "country-format", "Must be an ISO 3166-1 alpha-2 code such as CH.");
      else if (!isCountryCode(ctx.value))
        fail(
          ctx,
          "country-unknown",
          "Is not an ISO 3166-1 alpha-2 country code (CH, LI, DE, FR, IT, AT...).",
        );
    }),
  })
  .check((ctx) => {
    // Runs even when another field failed, so every bad field is reported at once.
    const { postalCode, country } = ctx.value as { postalCode?: unknown; country?: unknown };
    if (typeof postalCode !== "string" || typeof country !== "string") return;
    const code = postalCode.trim();
    if (FOUR_DIGIT_POSTAL_CODES.has(country) && POSTAL_CODE.test(code) && !isPostalCodeOf(country, code))
      fail(ctx, "postal-code-ch", "A Swiss or Liechtenstein postal code has four digits, 1000 to 9999.", {
        path: ["postalCode"],
      });
  });

const person = z.strictObject({
  type: z.literal("person"),
  lastName: text(100),
  firstNames: text(100),
  dateOfBirth: isoDate,
  address,
});

const company = z.strictObject({
  type: z.literal("company"),
  name: text(150),
  uid: z.string().check((ctx) => {
    if (ctx.value === "") fail(ctx, "required", "Must not be empty.");
    else if (!/^CHE-\d{3}\.\d{3}\.\d{3}$/.test(ctx.value))
      fail(ctx, "uid-format", "Must be a UID written CHE-123.456.789.");
    else if (!isValidUid(ctx.value)) fail(ctx, "uid-check", "The UID's check digit is wrong.");
  }),
  address,
});

const entry = z.strictObject({
  caseNumber: text(40),
  date: isoDate,
  creditor: text(120),
  amount,
  status: z.enum(ENTRY_STATUSES, { message: `Must be one of ${ENTRY_STATUSES.join(", ")}.` }),
});

const lossCertificate = z.strictObject({
  number: text(40),
  date: isoDate,
  creditor: text(120),
  amount,
});

const extractSchema = z.strictObject({
  language: z.enum(LANGUAGES, { message: `Must be one of ${LANGUAGES.join(", ")}.` }),
  office: z.string().check((ctx) => {
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(ctx.value))
      fail(ctx, "office-format", "Must be an office identifier (a-z, 0-9, -).");
  }),
  reference: text(64).optional(),
  debtor: z.discriminatedUnion("type", [person, company], {
    message: 'Must have type "person" or "company".',
  }),
  coverage: z.strictObject({ from: isoDate, to: isoDate }).optional(),
  entries: z.array(entry).max(LIMITS.entries, { message: `At most ${LIMITS.entries} entries.` }),
  lossCertificates: z
    .array(lossCertificate)
    .max(LIMITS.lossCertificates, { message: `At most ${LIMITS.lossCertificates} loss certificates.` }),
});

/**
 * Validates and normalises an extract submitted by an office.
 * @throws {SceauError} `VALIDATION_FAILED` with `details.issues`: every bad field with its path
 */
export function validateExtract(input: unknown, context: ValidationContext): Extract {
  const parsed = extractSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw validationError(parsed.error.issues.map(toFieldIssue));
  }
  const value = parsed.data;
  const issues: FieldIssue[] = [];
  const today = context.today;
  const coverage = value.coverage ?? { from: addYears(today, -5), to: today };

  if (context.offices && !context.offices.has(value.office)) {
    issues.push({
      path: "office",
      code: "office-unknown",
      message: "Is not an office configured in this service.",
    });
  }
  if (value.debtor.type === "person" && value.debtor.dateOfBirth > today) {
    issues.push({ path: "debtor.dateOfBirth", code: "future", message: "Must not be in the future." });
  }
  if (coverage.to > today)
    issues.push({
      path: "coverage.to",
      code: "after-issue-date",
      message: "Must not be after the issue date.",
    });
  if (coverage.from > coverage.to)
    issues.push({ path: "coverage.from", code: "coverage-order", message: "Must not be after coverage.to." });
  value.entries.forEach((e, i) => {
    if (e.date < coverage.from || e.date > coverage.to) {
      issues.push({
        path: `entries[${i}].date`,
        code: "outside-coverage",
        message: "Must lie within the coverage period.",
      });
    }
  });
  value.lossCertificates.forEach((c, i) => {
    if (c.date > today)
      issues.push({
        path: `lossCertificates[${i}].date`,
        code: "future",
        message: "Must not be in the future.",
      });
  });
  if (issues.length > 0) throw validationError(issues);

  const debtor: Debtor =
    value.debtor.type === "person"
      ? { ...value.debtor, address: cleanAddress(value.debtor.address) }
      : { ...value.debtor, address: cleanAddress(value.debtor.address) };
  return {
    language: value.language,
    office: value.office,
    ...(value.reference === undefined ? {} : { reference: value.reference }),
    debtor,
    coverage,
    entries: value.entries,
    lossCertificates: value.lossCertificates,
  };
}

function cleanAddress(a: z.infer<typeof address>): Address {
  const { houseNumber, ...rest } = a;
  return houseNumber === undefined ? rest : { ...rest, houseNumber };
}

function validationError(issues: FieldIssue[]): SceauError {
  const first = issues[0];
  const summary = first ? `${first.path || "(extract)"}: ${first.message}` : "invalid";
  return new SceauError(
    "VALIDATION_FAILED",
    `The extract has ${issues.length} invalid field${issues.length === 1 ? "" : "s"} (${summary}).`,
    { details: { issues } },
  );
}

/** A zod issue as a field issue: our checks carry their code, zod's own issues are mapped. */
function toFieldIssue(i: z.core.$ZodIssue): FieldIssue {
  const path = formatPath(i.path);
  const base = { path, message: i.message };
  if (i.code === "custom") {
    const { issue, ...params } = (i.params ?? {}) as { issue?: FieldIssueCode } & Record<
      string,
      string | number
    >;
    return { ...base, code: issue ?? "invalid", ...(Object.keys(params).length > 0 ? { params } : {}) };
  }
  if (i.code === "invalid_type") return { ...base, code: i.input === undefined ? "required" : "type" };
  if (i.code === "unrecognized_keys")
    return { ...base, code: "unknown-field", params: { keys: i.keys.join(", ") } };
  if (i.code === "invalid_union") return { ...base, code: "debtor-type" };
  if (i.code === "too_big") return { ...base, code: "too-many", params: { max: Number(i.maximum) } };
  if (i.code === "invalid_value") {
    const last = i.path[i.path.length - 1];
    return {
      ...base,
      code: last === "language" ? "language" : last === "status" ? "entry-status" : "invalid",
    };
  }
  return { ...base, code: "invalid" };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

/**
 * Check digit rule of the Swiss UID (eCH-0097): weights 5 4 3 2 7 6 5 4 over the first eight
 * digits, check digit = 11 − (sum mod 11), where 11 becomes 0 and 10 is never issued.
 */
export function isValidUid(uid: string): boolean {
  const digits = uid.replace(/\D/g, "");
  if (digits.length !== 9) return false;
  const weights = [5, 4, 3, 2, 7, 6, 5, 4];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[8]);
}

/**
 * The name printed and listed for a debtor: "Last, First names", or the company's name. Takes
 * any value (a stored extract's JSON may predate today's schema) and gives "" for what holds no
 * debtor.
 */
export function debtorNameOf(extract: unknown): string {
  const d = (extract as { debtor?: Record<string, unknown> } | null)?.debtor;
  if (!d) return "";
  if (d.type === "company") return typeof d.name === "string" ? d.name : "";
  const last = typeof d.lastName === "string" ? d.lastName : "";
  const first = typeof d.firstNames === "string" ? d.firstNames : "";
  return first ? `${last}, ${first}` : last;
}

/**
 * Text folded for search: Unicode compatibility decomposition without combining marks, lower
 * case, runs of spaces collapsed. "Dvořák" and "DVORAK" fold alike.
 */
export function foldSearch(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
