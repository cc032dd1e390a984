/**
 * Frozen inputs of the extract layout vectors (`layout-v1.ts`, `layout-v2.ts`): four extracts
 * (each language; a person and a company; none, one and several proceedings; loss certificates;
 * a table flowing onto a second page), their office, document id, issue time and addresses. The
 * vectors pin what each layout renders from them, so these inputs never change: a new case is a
 * new entry.
 */
import { validateExtract, type Extract, type Language } from "../../src/core/extract.ts";
import type { OfficeInfo, RenderInput } from "../../src/issuer/ports.ts";

/** 22.11.2026 10:00 UTC. */
const LAYOUT_ISSUED_AT = 1_795_341_600;
const LAYOUT_VERIFIER_URL = "https://verify.sceau.example.ch";
export const LAYOUT_COUNTER_URL = "https://verify.sceau.example.ch/counter";

const OFFICES: Readonly<Record<Language, OfficeInfo>> = {
  fr: {
    id: "ju-delemont",
    name: "Office des poursuites et faillites de Delémont",
    addressLines: ["Rue de la Préfecture 12", "2800 Delémont"],
    canton: "JU",
    place: "Delémont",
  },
  de: {
    id: "zh-4",
    name: "Betreibungsamt Zürich 4",
    addressLines: ["Badenerstrasse 171", "8004 Zürich"],
    canton: "ZH",
    place: "Zürich",
  },
  it: {
    id: "ti-lugano",
    name: "Ufficio di esecuzione di Lugano",
    addressLines: ["Via Bossi 2a", "6900 Lugano"],
    canton: "TI",
    place: "Lugano",
  },
  en: {
    id: "ge-geneve",
    name: "Office cantonal des poursuites de Genève",
    addressLines: ["Rue du Stand 46", "1204 Genève"],
    canton: "GE",
    place: "Genève",
  },
};

const address = {
  street: "Rue du 23-Juin",
  houseNumber: "4",
  postalCode: "2800",
  town: "Delémont",
  country: "CH",
};

/** `n` proceedings with fixed, varied data (amounts from CHF 20 to six figures). */
function entries(n: number): unknown[] {
  const statuses = ["payment-order", "objection", "seizure", "realisation", "paid", "extinguished"];
  const creditors = [
    "Swisscom (Schweiz) AG",
    "Caisse-maladie Helsana SA",
    "Administration fiscale cantonale",
    "Intrum AG",
  ];
  return Array.from({ length: n }, (_, i) => ({
    caseNumber: `2025-${String(10_001 + i * 37)}`,
    date: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`,
    creditor: creditors[i % creditors.length],
    amount: `${((i * 7919) % 150_000) + 20}.${String((i * 13) % 100).padStart(2, "0")}`,
    status: statuses[i % statuses.length],
  }));
}

export interface LayoutVector {
  /** The case of `LAYOUT_CASES` (`layout-inputs.ts`) it renders. */
  readonly name: string;
  readonly length: number;
  /** SHA-256 (hex) of revision 1 as written, with the zlib named beside the vectors. */
  readonly sha256: string;
  /** SHA-256 (hex) of every stream inflated, each after its dictionary: the file without its compression. */
  readonly contentSha256: string;
}

interface LayoutCase {
  readonly name: string;
  readonly input: Omit<RenderInput, "layout">;
}

function extract(raw: unknown): Extract {
  return validateExtract(raw, { today: "2026-11-22" });
}

function documentId(seed: number): Uint8Array {
  return Uint8Array.from({ length: 10 }, (_, i) => (seed * 31 + i * 17) & 0xff);
}

function renderCase(
  name: string,
  language: Language,
  seed: number,
  raw: Record<string, unknown>,
): LayoutCase {
  return {
    name,
    input: {
      extract: extract({ language, office: OFFICES[language].id, ...raw }),
      office: OFFICES[language],
      documentId: documentId(seed),
      issuedAt: LAYOUT_ISSUED_AT,
      verifierUrl: LAYOUT_VERIFIER_URL,
      counterUrl: LAYOUT_COUNTER_URL,
    },
  };
}

export const LAYOUT_CASES: readonly LayoutCase[] = [
  renderCase("fr, a person with no proceedings", "fr", 1, {
    debtor: {
      type: "person",
      lastName: "Çelik",
      firstNames: "Ayşe Gülşen",
      dateOfBirth: "1988-01-15",
      address,
    },
    entries: [],
    lossCertificates: [],
  }),
  renderCase("de, a company with one open proceeding", "de", 2, {
    debtor: { type: "company", name: "Ørsted Énergies Renouvelables Sàrl", uid: "CHE-109.322.551", address },
    entries: entries(1),
    lossCertificates: [],
  }),
  renderCase("it, a person with two proceedings and one loss certificate", "it", 3, {
    debtor: {
      type: "person",
      lastName: "Dvořák",
      firstNames: "Jiří Čeněk",
      dateOfBirth: "1965-04-22",
      address,
    },
    entries: entries(2),
    lossCertificates: [
      { number: "ADB-2019-0412", date: "2019-05-20", creditor: "Intrum AG", amount: "1840.35" },
    ],
  }),
  renderCase("en, a person with 40 proceedings over two pages and two loss certificates", "en", 4, {
    debtor: {
      type: "person",
      lastName: "Nuñez",
      firstNames: "María José",
      dateOfBirth: "1990-12-01",
      address,
    },
    entries: entries(40),
    lossCertificates: [
      {
        number: "ADB-2019-0412",
        date: "2019-05-20",
        creditor: "Steueramt der Stadt Zürich",
        amount: "1840.35",
      },
      { number: "ADB-2022-1177", date: "2022-09-13", creditor: "Intrum AG", amount: "312.00" },
    ],
  }),
];
