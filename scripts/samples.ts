/**
 * Sample extracts for people to look at: the four languages with 0, 3 and 60 proceedings, each
 * rendered, sealed with a realistic seal (a 64-extract batch's proof) and stamped, plus page 1 as
 * PNG (poppler `pdftoppm`). `node scripts/samples.ts [dir]` writes them to test-output/samples/
 * (or `dir`); test/pdf/samples.test.ts runs it and checks every file.
 * @module
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Extract, type Language, LANGUAGES, validateExtract } from "../src/core/extract.ts";
import { sha256 } from "../src/core/hash.ts";
import { sealToQrText } from "../src/core/qr-text.ts";
import { sealBodyOf } from "../src/core/seal-body.ts";
import { encodeSealBody, encodeSealWithBody } from "../src/core/seal.ts";
import type { OfficeInfo } from "../src/issuer/ports.ts";
import { renderExtract } from "../src/pdf/render.ts";
import { stampSeal } from "../src/pdf/stamp.ts";

const run = promisify(execFile);

export const SAMPLE_VERIFIER_URL = "https://verify.sceau.example.ch";
export const SAMPLE_ENTRY_COUNTS = [0, 3, 60] as const;
/** 2026-11-22 10:00 in Switzerland. */
export const SAMPLE_ISSUED_AT = 1_795_338_000;
const TODAY = "2026-11-22";

export const SAMPLE_OFFICES: Readonly<Record<Language, OfficeInfo>> = {
  fr: {
    id: "ju-delemont",
    name: "Office des poursuites et faillites de Delémont",
    addressLines: ["Rue de la Préfecture 12", "Case postale", "2800 Delémont"],
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

type DebtorInput =
  | { type: "person"; lastName: string; firstNames: string; dateOfBirth: string }
  | { type: "company"; name: string; uid: string };

/** Debtors whose names need more than WinAnsi: every one must come back intact from pdftotext. */
export const SAMPLE_DEBTORS: Readonly<Record<Language, readonly DebtorInput[]>> = {
  fr: [
    {
      type: "person",
      lastName: "Müller-Lüdenscheidt",
      firstNames: "Hans-Jürgen Émile",
      dateOfBirth: "1971-08-30",
    },
    { type: "person", lastName: "Çelik", firstNames: "Ayşe Gülşen", dateOfBirth: "1988-01-15" },
    { type: "company", name: "Ørsted Énergies Renouvelables Sàrl", uid: uid("10932255") },
  ],
  de: [
    { type: "person", lastName: "Nuñez", firstNames: "María José", dateOfBirth: "1990-12-01" },
    { type: "person", lastName: "Dvořák", firstNames: "Jiří Čeněk", dateOfBirth: "1965-04-22" },
    { type: "company", name: "Łukasz Wójcik Bau & Söhne GmbH", uid: uid("11631446") },
  ],
  it: [
    { type: "person", lastName: "Ðurić", firstNames: "Đorđe Željko", dateOfBirth: "1979-06-09" },
    { type: "person", lastName: "Ørsted", firstNames: "Søren Åge", dateOfBirth: "1983-02-28" },
    { type: "company", name: "Caffè Señorío di Nuñez & Çelik SA", uid: uid("27400813") },
  ],
  en: [
    {
      type: "person",
      lastName: "Szczęsny-Łukasiewicz",
      firstNames: "Łukasz Zbigniew",
      dateOfBirth: "1994-10-10",
    },
    { type: "person", lastName: "O'Brien-Ðokić", firstNames: "Siobhán Ŕóža", dateOfBirth: "1957-07-07" },
    { type: "company", name: "Dvořák & Ørsted Trading AG", uid: uid("10563497") },
  ],
};

const CREDITORS = [
  "Swisscom (Schweiz) AG",
  "Caisse-maladie Helsana SA",
  "Steueramt der Stadt Zürich",
  "Administration fiscale cantonale jurassienne",
  "CSS Kranken-Versicherung AG",
  "Groupe Mutuel Assurances GMA SA",
  "Amministrazione delle contribuzioni del Cantone Ticino",
  "Régie Duc-Sarrasin & Cie SA",
  "Sunrise GmbH",
  "Serafe AG",
  "Zahnarztpraxis Dr. med. dent. Šimić-Nowak",
  "Intrum AG",
];
const STATUSES = ["payment-order", "objection", "seizure", "realisation", "paid", "extinguished"] as const;

/** The 8 first digits of a UID with its check digit (mod 11, weights 5 4 3 2 7 6 5 4). */
function uid(first8: string): string {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (weights[i] ?? 0);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) throw new Error(`No UID has the digits ${first8}.`);
  const d = `${first8}${check}`;
  return `CHE-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
}

/** A small deterministic generator, so the samples are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Sample {
  readonly name: string;
  readonly language: Language;
  readonly entries: number;
  readonly extract: Extract;
  readonly office: OfficeInfo;
  readonly documentId: Uint8Array;
  readonly revision1: Uint8Array;
  readonly qrText: string;
  readonly pdf: Uint8Array;
  /** The printed debtor names (last and first names, or the company name). */
  readonly names: readonly string[];
}

export function sampleExtract(language: Language, entries: number, variant = 0): Extract {
  const office = SAMPLE_OFFICES[language];
  const debtors = SAMPLE_DEBTORS[language];
  const debtor = debtors[variant % debtors.length] ?? debtors[0];
  const random = lcg(entries * 31 + variant * 7 + language.charCodeAt(0));
  const list = Array.from({ length: entries }, (_, i) => {
    const day = Math.floor(random() * 1800);
    const date = new Date(Date.UTC(2021, 11, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const cents = Math.floor(random() * (i % 7 === 6 ? 12_000_000 : 450_000)) + 2_000;
    return {
      caseNumber: `${date.slice(0, 4)}-${String(10_000 + Math.floor(random() * 89_999))}`,
      date,
      creditor: CREDITORS[Math.floor(random() * CREDITORS.length)] ?? "Intrum AG",
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
      status: STATUSES[Math.floor(random() * STATUSES.length)] ?? "paid",
    };
  });
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const losses =
    entries >= 3
      ? [
          {
            number: "ADB-2019-0412",
            date: "2019-05-20",
            creditor: "Steueramt der Stadt Zürich",
            amount: "1840.35",
          },
          { number: "ADB-2022-1177", date: "2022-09-13", creditor: "Intrum AG", amount: "312.00" },
        ].slice(0, entries >= 60 ? 2 : 1)
      : [];
  const address = {
    fr: { street: "Rue du 23-Juin", houseNumber: "4", postalCode: "2800", town: "Delémont", country: "CH" },
    de: { street: "Langstrasse", houseNumber: "212", postalCode: "8005", town: "Zürich", country: "CH" },
    it: { street: "Via Nassa", houseNumber: "29", postalCode: "6900", town: "Lugano", country: "CH" },
    en: { street: "Rue de Carouge", houseNumber: "53bis", postalCode: "1205", town: "Genève", country: "CH" },
  }[language];
  return validateExtract(
    {
      language,
      office: office.id,
      debtor: { ...debtor, address },
      entries: list,
      lossCertificates: losses,
    },
    { today: TODAY },
  );
}

/** Renders, seals (with a realistic 6-level proof) and stamps one sample. */
export async function makeSample(language: Language, entries: number, variant = 0): Promise<Sample> {
  const extract = sampleExtract(language, entries, variant);
  const office = SAMPLE_OFFICES[language];
  const seed = createHash("sha256").update(`sample:${language}:${entries}:${variant}`).digest();
  const documentId = new Uint8Array(seed.subarray(0, 10));
  const revision1 = await renderExtract({
    extract,
    office,
    documentId,
    issuedAt: SAMPLE_ISSUED_AT,
    verifierUrl: SAMPLE_VERIFIER_URL,
  });
  const body = encodeSealBody(
    sealBodyOf(extract, {
      registry: { chainId: 31337, address: new Uint8Array(20).fill(0x5c) },
      documentId,
      salt: new Uint8Array(seed.subarray(10, 26)),
      issuedAt: SAMPLE_ISSUED_AT,
      pdfDigest: sha256(revision1),
    }),
  );
  const proof = Array.from({ length: 6 }, (_, i) =>
    createHash("sha256").update(seed).update(String(i)).digest(),
  );
  const qrText = sealToQrText(
    encodeSealWithBody(
      body,
      new Uint8Array(seed.subarray(26, 30)),
      proof.map((p) => new Uint8Array(p)),
    ),
    SAMPLE_VERIFIER_URL,
  );
  const pdf = await stampSeal(revision1, qrText);
  const d = extract.debtor;
  return {
    name: `extract-${language}-${String(entries).padStart(2, "0")}`,
    language,
    entries,
    extract,
    office,
    documentId,
    revision1,
    qrText,
    pdf,
    names: d.type === "person" ? [d.lastName, d.firstNames] : [d.name],
  };
}

/** Every sample: each language with each entry count, the debtor varying with the count. */
export async function makeSamples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const language of LANGUAGES) {
    for (const [variant, entries] of SAMPLE_ENTRY_COUNTS.entries())
      out.push(await makeSample(language, entries, variant));
  }
  return out;
}

/** Writes every sample's PDF and page 1 as PNG (`pdftoppm`, 72 dpi) into `dir`. */
export async function writeSamples(
  dir: string,
  options: { png: boolean } = { png: true },
): Promise<Sample[]> {
  mkdirSync(dir, { recursive: true });
  const samples = await makeSamples();
  for (const s of samples) writeFileSync(join(dir, `${s.name}.pdf`), s.pdf);
  if (options.png) {
    // Two at a time: the machine has two cores.
    for (let i = 0; i < samples.length; i += 2) {
      await Promise.all(
        samples
          .slice(i, i + 2)
          .map((s) =>
            run("pdftoppm", [
              "-r",
              "72",
              "-png",
              "-f",
              "1",
              "-l",
              "1",
              "-singlefile",
              join(dir, `${s.name}.pdf`),
              join(dir, s.name),
            ]),
          ),
      );
    }
  }
  return samples;
}

if (import.meta.filename === process.argv[1]) {
  const dir = process.argv[2] ?? join("test-output", "samples");
  const samples = await writeSamples(dir);
  for (const s of samples)
    process.stdout.write(`${join(dir, s.name)}.pdf (${s.pdf.length} bytes) and .png\n`);
}
