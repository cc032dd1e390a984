/**
 * From a validated extract to the body of its seal: the key data the seal carries (the debtor,
 * the place, the summary of proceedings and loss certificates) and what the issuer adds (where
 * it is anchored, the document's identity, the PDF digest). The codec is `seal.ts`.
 * @module
 */
import { OPEN_STATUSES, amountToCents } from "./extract-terms.ts";
import type { Extract } from "./extract.ts";
import type { RegistryRef, SealBody, SealDebtor, SealSummary } from "./seal.ts";

/** The key data of an extract, as the seal carries it. */
export function keyDataOf(extract: Extract): {
  debtor: SealDebtor;
  country: string;
  postalCode: string;
  town: string;
  summary: SealSummary;
} {
  const d = extract.debtor;
  const debtor: SealDebtor =
    d.type === "person"
      ? { type: "person", lastName: d.lastName, firstNames: d.firstNames, dateOfBirth: d.dateOfBirth }
      : { type: "company", name: d.name, uid: d.uid };
  let openEntries = 0;
  let openAmountCents = 0;
  for (const e of extract.entries) {
    if (OPEN_STATUSES.has(e.status)) {
      openEntries++;
      openAmountCents += amountToCents(e.amount);
    }
  }
  let lossAmountCents = 0;
  for (const c of extract.lossCertificates) lossAmountCents += amountToCents(c.amount);
  return {
    debtor,
    country: d.address.country,
    postalCode: d.address.postalCode,
    town: d.address.town,
    summary: {
      entries: extract.entries.length,
      openEntries,
      openAmountCents,
      lossCertificates: extract.lossCertificates.length,
      lossAmountCents,
    },
  };
}

/** What a seal adds to an extract's key data: where it is anchored, its identity and the PDF digest. */
export interface SealContext {
  readonly registry: RegistryRef;
  readonly documentId: Uint8Array;
  readonly salt: Uint8Array;
  readonly issuedAt: number;
  readonly pdfDigest: Uint8Array;
}

/** The seal body of a validated extract. */
export function sealBodyOf(extract: Extract, context: SealContext): SealBody {
  const key = keyDataOf(extract);
  return {
    ...context,
    office: extract.office,
    debtor: key.debtor,
    country: key.country,
    postalCode: key.postalCode,
    town: key.town,
    coverage: extract.coverage,
    summary: key.summary,
  };
}
