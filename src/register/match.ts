/**
 * What agrees between the person looked for and a person of the register, computed here for
 * both registers (the embedded one and the connector's answers), so that one rule decides the
 * flags wherever the candidates come from. Deciding on exactly one match is the counter's job.
 * @module
 */
import { foldSearch } from "../core/extract.ts";
import type { PostalAddress, RegisterCandidate, RegisterQuery } from "../counter/ports.ts";

/** Folded further for comparison: hyphens, apostrophes and dots count as spaces ("Jean-Marc" = "Jean Marc"). */
const fold = (text: string): string => foldSearch(text.replace(/[-‐‑'’.,]/g, " ")).replace(/\s+/g, " ");

/** "Rue de la Gare 3" and "rue de la gare", "3" are the same street and number. */
function streetLine(a: PostalAddress): string {
  return fold(a.houseNumber === undefined ? a.street : `${a.street} ${a.houseNumber}`).replace(/\s+/g, "");
}

/** Street with house number and postal code agree; the town's spelling and language may vary. */
function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  return (
    streetLine(a) === streetLine(b) && fold(a.postalCode) === fold(b.postalCode) && a.country === b.country
  );
}

function matchesOf(
  query: RegisterQuery,
  person: Omit<RegisterCandidate, "matches">,
): RegisterCandidate["matches"] {
  return {
    name:
      fold(query.lastName) === fold(person.lastName) && fold(query.firstNames) === fold(person.firstNames),
    dateOfBirth: query.dateOfBirth === person.dateOfBirth,
    address: sameAddress(query.address, person.address),
  };
}

/**
 * The register's persons that may be the one looked for: two of name, date of birth and address
 * agree (a new name after a marriage, a move not yet registered), with their flags.
 */
export function candidatesOf(
  query: RegisterQuery,
  persons: readonly Omit<RegisterCandidate, "matches">[],
): RegisterCandidate[] {
  return persons
    .map((p) => ({ ...p, matches: matchesOf(query, p) }))
    .filter((c) => Number(c.matches.name) + Number(c.matches.dateOfBirth) + Number(c.matches.address) >= 2);
}
