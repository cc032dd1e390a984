/**
 * From a provider's claims to the citizen the counter looks for. Which claim carries what is
 * configuration (`SCEAU_OIDC_CLAIMS`), since cantons' logins differ: the standard claims
 * (`family_name`, `given_name`, `birthdate`, `address`, `email`) by default, or a provider's own
 * (a dot path reaches into an object claim). A fact missing or unusable is `IDENTITY_REJECTED`:
 * the counter never guesses who someone is.
 * @module
 */
import { isCountryCode } from "../core/countries.ts";
import { isIsoDate } from "../core/dates.ts";
import { SceauError } from "../core/errors.ts";
import { isPrintableText } from "../core/text.ts";
import type { CitizenIdentity, ClaimMapping, PostalAddress } from "../counter/ports.ts";

const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  switzerland: "CH",
  schweiz: "CH",
  suisse: "CH",
  svizzera: "CH",
  svizra: "CH",
  liechtenstein: "LI",
};

function at(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let v: unknown = claims;
  for (const key of path.split(".")) {
    if (typeof v !== "object" || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** "Rue de la Gare 3b" is the street "Rue de la Gare" and the number "3b" (first line only). */
export function splitStreet(line: string): { street: string; houseNumber?: string } {
  const first = line.split(/\r?\n/)[0]?.trim() ?? "";
  const m = /^(.*\S)\s+(\d+\s?[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?)$/.exec(first);
  return m?.[1] !== undefined && m[2] !== undefined ? { street: m[1], houseNumber: m[2] } : { street: first };
}

export function identityFromClaims(
  issuer: string,
  subject: string,
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping,
): CitizenIdentity {
  const missing: string[] = [];
  const text = (path: string, max = 150): string => {
    const v = at(claims, path);
    const s = typeof v === "string" ? v.normalize("NFC").trim() : "";
    if (s.length === 0 || s.length > max || !isPrintableText(s)) {
      missing.push(path);
      return "";
    }
    return s;
  };
  const lastName = text(mapping.lastName);
  const firstNames = text(mapping.firstNames);
  const dateOfBirth = text(mapping.dateOfBirth, 10);
  if (dateOfBirth !== "" && !isIsoDate(dateOfBirth)) missing.push(mapping.dateOfBirth);
  const streetLine = text(mapping.street);
  const street = mapping.houseNumber === null ? splitStreet(streetLine) : { street: streetLine };
  const houseNumber =
    mapping.houseNumber === null ? street.houseNumber : optional(at(claims, mapping.houseNumber));
  const postalCode = text(mapping.postalCode, 16);
  const town = text(mapping.town, 100);
  const countryText = text(mapping.country, 60);
  const country = /^[A-Za-z]{2}$/.test(countryText)
    ? countryText.toUpperCase()
    : (COUNTRY_NAMES[countryText.toLowerCase()] ?? "");
  if (countryText !== "" && !isCountryCode(country)) missing.push(mapping.country);
  if (missing.length > 0) {
    throw new SceauError("IDENTITY_REJECTED", "The login did not give the facts the counter needs.", {
      details: { claims: [...new Set(missing)] },
    });
  }
  const address: PostalAddress = {
    street: street.street,
    ...(houseNumber === undefined ? {} : { houseNumber }),
    postalCode,
    town,
    country,
  };
  const email = mapping.email === null ? undefined : optional(at(claims, mapping.email));
  return {
    issuer,
    subject,
    lastName,
    firstNames,
    dateOfBirth,
    address,
    ...(email !== undefined && /^[^\s@]+@[^\s@]+$/.test(email) ? { email } : {}),
  };
}

function optional(v: unknown): string | undefined {
  return typeof v === "string" && v.trim().length > 0 && isPrintableText(v) ? v.trim() : undefined;
}
