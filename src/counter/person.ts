/**
 * What the counter checks of the person an order is for (the login's claims or what an agent
 * typed from an identity document), and the extract it builds from the register's record.
 * @module
 */
import { addYears, isIsoDate, type IsoDate } from "../core/dates.ts";
import { SceauError } from "../core/errors.ts";
import type { Entry, Extract, Language } from "../core/extract.ts";
import { ID_DOCUMENT_TYPES, type IdDocumentType, type OrderPerson, type RegisterRecord } from "./ports.ts";

/** Why a field was refused: the page words each in its language. */
type FieldProblem = "required" | "tooLong" | "date" | "future" | "postalCode" | "email" | "document";

export interface FieldIssue {
  readonly path: string;
  readonly problem: FieldProblem;
}

/** The extract covers the last five years, as the office's own. */
const COVERAGE_YEARS = 5;
const MAX_TEXT = 100;

/** Trims a form value; undefined for anything but a string. */
function clean(value: unknown): string {
  return typeof value === "string" ? value.normalize("NFC").trim().replace(/\s+/g, " ") : "";
}

function text(issues: FieldIssue[], path: string, value: unknown, required = true): string {
  const v = clean(value);
  if (v === "" && required) issues.push({ path, problem: "required" });
  else if (v.length > MAX_TEXT) issues.push({ path, problem: "tooLong" });
  return v;
}

/**
 * The person of a form (agent mode) or of the login, checked.
 * @throws {SceauError} `VALIDATION_FAILED` with `details.issues` ({@link FieldIssue}[])
 */
export function checkPerson(input: Record<string, unknown>, today: IsoDate): OrderPerson {
  const issues: FieldIssue[] = [];
  const lastName = text(issues, "lastName", input["lastName"]);
  const firstNames = text(issues, "firstNames", input["firstNames"]);
  const dateOfBirth = clean(input["dateOfBirth"]);
  if (dateOfBirth === "") issues.push({ path: "dateOfBirth", problem: "required" });
  else if (!isIsoDate(dateOfBirth)) issues.push({ path: "dateOfBirth", problem: "date" });
  else if (dateOfBirth > today) issues.push({ path: "dateOfBirth", problem: "future" });
  const street = text(issues, "street", input["street"]);
  const houseNumber = text(issues, "houseNumber", input["houseNumber"], false);
  const postalCode = clean(input["postalCode"]);
  if (postalCode === "") issues.push({ path: "postalCode", problem: "required" });
  else if (!/^\d{4}$/.test(postalCode)) issues.push({ path: "postalCode", problem: "postalCode" });
  const town = text(issues, "town", input["town"]);
  fail(issues);
  return {
    lastName,
    firstNames,
    dateOfBirth,
    address: { street, ...(houseNumber === "" ? {} : { houseNumber }), postalCode, town, country: "CH" },
  };
}

/** An e-mail address, or null when none is given. @throws {SceauError} `VALIDATION_FAILED` */
export function checkEmail(value: unknown): string | null {
  const v = clean(value);
  if (v === "") return null;
  if (v.length > 254 || !/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(v)) {
    fail([{ path: "email", problem: "email" }]);
  }
  return v;
}

/** The identity document an agent saw: its type and the last four characters of its number. */
export function checkIdDocument(
  type: unknown,
  last4: unknown,
): { readonly type: IdDocumentType; readonly last4: string } {
  const t = clean(type);
  const l = clean(last4).toUpperCase();
  const issues: FieldIssue[] = [];
  if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(t))
    issues.push({ path: "idType", problem: "required" });
  if (!/^[0-9A-Z]{4}$/.test(l)) issues.push({ path: "idLast4", problem: "document" });
  fail(issues);
  return { type: t as IdDocumentType, last4: l };
}

function fail(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) {
    throw new SceauError("VALIDATION_FAILED", `Invalid fields: ${issues.map((i) => i.path).join(", ")}.`, {
      details: { issues },
    });
  }
}

/** The issues of a `VALIDATION_FAILED` thrown here, for the page. */
export function fieldIssuesOf(e: unknown): readonly FieldIssue[] {
  if (!(e instanceof SceauError) || e.code !== "VALIDATION_FAILED") return [];
  const details = e.details as { issues?: unknown } | undefined;
  return Array.isArray(details?.issues) ? (details.issues as FieldIssue[]) : [];
}

/**
 * The extract of an order: the person (the register's names and birth date, the order's current
 * address) and what the register holds of the last five years. `record` null: the register holds
 * nothing of the person, so the extract has no entries.
 */
export function buildExtract(input: {
  readonly orderId: string;
  readonly office: string;
  readonly language: Language;
  readonly person: OrderPerson;
  readonly record: RegisterRecord | null;
  readonly today: IsoDate;
}): Extract {
  const from = addYears(input.today, -COVERAGE_YEARS);
  const r = input.record;
  const within = (e: Entry): boolean => e.date >= from && e.date <= input.today;
  return {
    language: input.language,
    office: input.office,
    reference: `counter-${input.orderId}`,
    debtor: {
      type: "person",
      lastName: r?.lastName ?? input.person.lastName,
      firstNames: r?.firstNames ?? input.person.firstNames,
      dateOfBirth: r?.dateOfBirth ?? input.person.dateOfBirth,
      address: input.person.address,
    },
    coverage: { from, to: input.today },
    entries: r ? r.entries.filter(within) : [],
    lossCertificates: r ? r.lossCertificates.filter((c) => c.date <= input.today) : [],
  };
}
