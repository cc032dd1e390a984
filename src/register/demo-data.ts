/**
 * The demo register's people, for development and the demo: each one stands for a case the
 * counter must handle. The development login (src/identity/dev) has an account for each
 * citizen here (test/identity checks the two lists agree). Invented names and addresses.
 * @module
 */
import type { Entry, LossCertificate } from "../core/extract.ts";
import type { PostalAddress } from "../counter/ports.ts";

export interface DemoPerson {
  readonly personId: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: string;
  readonly address: PostalAddress;
  readonly entries: readonly Entry[];
  readonly lossCertificates: readonly LossCertificate[];
}

export interface DemoCompany {
  readonly companyId: string;
  readonly name: string;
  readonly uid: string;
  readonly address: PostalAddress;
  readonly entries: readonly Entry[];
  readonly lossCertificates: readonly LossCertificate[];
}

const at = (street: string, houseNumber: string, postalCode: string, town: string): PostalAddress => ({
  street,
  houseNumber,
  postalCode,
  town,
  country: "CH",
});

export const DEMO_PERSONS: readonly DemoPerson[] = [
  // No proceedings: the extract says so.
  {
    personId: "demo-p-001",
    lastName: "Keller",
    firstNames: "Anna",
    dateOfBirth: "1985-03-14",
    address: at("Rue du Marché", "5", "2800", "Delémont"),
    entries: [],
    lossCertificates: [],
  },
  // Proceedings and loss certificates.
  {
    personId: "demo-p-002",
    lastName: "Rossier",
    firstNames: "Marc André",
    dateOfBirth: "1978-11-02",
    address: at("Route de Bâle", "21", "2800", "Delémont"),
    entries: [
      {
        caseNumber: "2025-1042",
        date: "2025-02-11",
        creditor: "Caisse maladie Helvetia",
        amount: "1840.60",
        status: "seizure",
      },
      {
        caseNumber: "2025-2210",
        date: "2025-06-30",
        creditor: "Garage du Jura SA",
        amount: "3200.00",
        status: "objection",
      },
      {
        caseNumber: "2024-0877",
        date: "2024-04-02",
        creditor: "Swisscom (Suisse) SA",
        amount: "412.35",
        status: "paid",
      },
    ],
    lossCertificates: [
      {
        number: "ADB-2023-015",
        date: "2023-09-18",
        creditor: "Administration fiscale cantonale",
        amount: "5120.00",
      },
      { number: "ADB-2024-003", date: "2024-01-22", creditor: "Crédit Privé SA", amount: "980.40" },
    ],
  },
  // Two people with the same name and date of birth: the login's address matches neither.
  {
    personId: "demo-p-003",
    lastName: "Dupont",
    firstNames: "Jean",
    dateOfBirth: "1990-06-01",
    address: at("Rue de la Gare", "3", "2900", "Porrentruy"),
    entries: [],
    lossCertificates: [],
  },
  {
    personId: "demo-p-004",
    lastName: "Dupont",
    firstNames: "Jean",
    dateOfBirth: "1990-06-01",
    address: at("Chemin Vert", "8", "2800", "Delémont"),
    entries: [
      {
        caseNumber: "2025-3120",
        date: "2025-09-09",
        creditor: "Électricité du Jura",
        amount: "265.10",
        status: "payment-order",
      },
    ],
    lossCertificates: [],
  },
  // The register's address differs from the login's (a move not yet registered).
  {
    personId: "demo-p-005",
    lastName: "Marchand",
    firstNames: "Sophie",
    dateOfBirth: "1982-09-23",
    address: at("Rue des Écoles", "2", "2800", "Delémont"),
    entries: [],
    lossCertificates: [],
  },
];

export const DEMO_COMPANIES: readonly DemoCompany[] = [
  {
    companyId: "demo-c-001",
    name: "Boulangerie Keller SA",
    uid: "CHE-100.000.006",
    address: at("Rue du Marché", "7", "2800", "Delémont"),
    entries: [],
    lossCertificates: [],
  },
  {
    companyId: "demo-c-002",
    name: "Transports Rossier Sàrl",
    uid: "CHE-123.456.788",
    address: at("Route de Bâle", "40", "2800", "Delémont"),
    entries: [
      {
        caseNumber: "2025-4001",
        date: "2025-10-01",
        creditor: "Carburants Ajoie SA",
        amount: "12450.00",
        status: "realisation",
      },
    ],
    lossCertificates: [
      { number: "ADB-2025-044", date: "2025-03-03", creditor: "Leasing Romand SA", amount: "23800.00" },
    ],
  },
];
