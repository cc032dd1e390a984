/**
 * Frozen test vector of the bulk CSV format v1 (docs/issuing.md, "Bulk issuance from CSV"): the
 * template the console hands out, and the extracts it stands for, each on its first row's line.
 * A change of columns or of their reading is a new version, never an edit of v1.
 */

/** The template, line by line (semicolons, as Swiss Excel reads them; joined with CRLF, ending with one). */
export const BULK_CSV_V1_LINES = [
  "reference;language;debtor_type;last_name;first_names;date_of_birth;company_name;uid;street;house_number;postal_code;town;country;coverage_from;coverage_to;case_number;proceeding_date;proceeding_creditor;proceeding_amount;proceeding_status;loss_number;loss_date;loss_creditor;loss_amount",
  "BR-2026-0042;fr;person;Bernasconi;Anna Lucia;09.03.1984;;;Rue du Marché;12;2800;Delémont;CH;;;26-001234;11.02.2026;Caisse maladie Exemple SA;1'250.40;objection;;;;",
  "BR-2026-0043;de;company;;;;Muster Bau AG;CHE-109.322.551;Bahnhofstrasse;1;8001;Zürich;CH;;;26-004711;03.03.2026;Steuerverwaltung;12'000;seizure;VS-2025-17;14.10.2025;Lieferant GmbH;830.00",
  "BR-2026-0043;;;;;;;;;;;;;;;26-004712;20.04.2026;Lieferant GmbH;2'400.00;payment-order;;;;",
];

/** The JSON Lines it converts to for office `demo` (line 1, the header, is blank). */
export const BULK_CSV_V1_JSONL: readonly (Record<string, unknown> | null)[] = [
  null,
  {
    language: "fr",
    office: "demo",
    reference: "BR-2026-0042",
    debtor: {
      type: "person",
      lastName: "Bernasconi",
      firstNames: "Anna Lucia",
      dateOfBirth: "1984-03-09",
      address: {
        street: "Rue du Marché",
        houseNumber: "12",
        postalCode: "2800",
        town: "Delémont",
        country: "CH",
      },
    },
    entries: [
      {
        caseNumber: "26-001234",
        date: "2026-02-11",
        creditor: "Caisse maladie Exemple SA",
        amount: "1'250.40",
        status: "objection",
      },
    ],
    lossCertificates: [],
  },
  {
    language: "de",
    office: "demo",
    reference: "BR-2026-0043",
    debtor: {
      type: "company",
      name: "Muster Bau AG",
      uid: "CHE-109.322.551",
      address: {
        street: "Bahnhofstrasse",
        houseNumber: "1",
        postalCode: "8001",
        town: "Zürich",
        country: "CH",
      },
    },
    entries: [
      {
        caseNumber: "26-004711",
        date: "2026-03-03",
        creditor: "Steuerverwaltung",
        amount: "12'000",
        status: "seizure",
      },
      {
        caseNumber: "26-004712",
        date: "2026-04-20",
        creditor: "Lieferant GmbH",
        amount: "2'400.00",
        status: "payment-order",
      },
    ],
    lossCertificates: [
      {
        number: "VS-2025-17",
        date: "2025-10-14",
        creditor: "Lieferant GmbH",
        amount: "830.00",
      },
    ],
  },
];
