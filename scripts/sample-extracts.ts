/**
 * Writes sample extracts as JSON Lines for bulk issuance, with a share of deliberately bad lines
 * (each kind of mistake in turn), and lists the bad lines with the field paths they must be
 * reported at.
 *
 *   node scripts/sample-extracts.ts --count 10000 --bad 100 --out extracts.jsonl [--office demo]
 *     [--entries 5]
 *
 * Deterministic: the same arguments give the same file (references `S-<n>`, so issuing it again
 * returns the extracts issued the first time).
 * @module
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../test/helpers/prng.ts";

export interface BadLine {
  /** 1-based line number. */
  readonly line: number;
  readonly code: string;
  /** Field paths the report must name (empty for a line that is not JSON). */
  readonly paths: readonly string[];
}

const LAST = [
  "Müller",
  "Dubois",
  "Rossi",
  "Dvořák",
  "Meier",
  "Favre",
  "Bianchi",
  "Keller",
  "Ørsted",
  "Gerber",
];
const FIRST = ["Anna", "Luca", "Élodie", "Jürg", "Chiara", "Noah", "Zoé", "Marco", "Lea", "Łukasz"];
const TOWNS: [string, string][] = [
  ["2800", "Delémont"],
  ["8001", "Zürich"],
  ["1003", "Lausanne"],
  ["6900", "Lugano"],
  ["3011", "Bern"],
];
const CREDITORS = [
  "Swisscom (Schweiz) AG",
  "Helsana SA",
  "Steueramt Zürich",
  "Régie du Jura SA",
  "CSS Versicherung",
];
const STATUSES = ["payment-order", "objection", "seizure", "realisation", "paid", "extinguished"];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function extract(n: number, office: string, r: () => number, today: string, count?: number): Sample {
  const year = Number(today.slice(0, 4));
  const [postalCode, town] = pick(r, TOWNS);
  const entries = Array.from({ length: count ?? Math.floor(r() * 5) }, (_, i) => ({
    caseNumber: `${year - 1}-${String(n).padStart(5, "0")}${i}`,
    date: `${year - 1}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
    creditor: pick(r, CREDITORS),
    amount: `${1 + Math.floor(r() * 9000)}.${String(Math.floor(r() * 100)).padStart(2, "0")}`,
    status: pick(r, STATUSES),
  }));
  return {
    language: pick(r, ["fr", "de", "it", "en"]),
    office,
    reference: `S-${n}`,
    debtor: {
      type: "person",
      lastName: pick(r, LAST),
      firstNames: pick(r, FIRST),
      dateOfBirth: `19${50 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-2${Math.floor(r() * 8)}`,
      address: {
        street: "Rue du Marché",
        houseNumber: String(1 + Math.floor(r() * 99)),
        postalCode,
        town,
        country: "CH",
      },
    },
    entries,
    lossCertificates: [],
  };
}

/** The kinds of bad lines, in turn: what is wrong, and where the report must point. */
interface Sample {
  language: string;
  office: string;
  reference: string;
  coverage?: { from: string; to: string };
  entries: unknown[];
  lossCertificates: unknown[];
  debtor: {
    type: string;
    lastName?: string;
    firstNames: string;
    dateOfBirth: string;
    address: Record<string, string>;
  };
}

const MISTAKES: ((e: Sample) => { text: string; code: string; paths: string[] })[] = [
  (e) => ({ text: JSON.stringify(e).slice(0, -7), code: "BAD_REQUEST", paths: [] }),
  (e) => {
    e.debtor.dateOfBirth = "31.02.1985";
    return { text: JSON.stringify(e), code: "VALIDATION_FAILED", paths: ["debtor.dateOfBirth"] };
  },
  (e) => {
    e.entries = [{ caseNumber: "X-1", date: "2024-01-02", creditor: "A", amount: "-5", status: "paid" }];
    e.coverage = { from: "2023-01-01", to: "2024-12-31" };
    return { text: JSON.stringify(e), code: "VALIDATION_FAILED", paths: ["entries[0].amount"] };
  },
  (e) => {
    delete e.debtor.lastName;
    return { text: JSON.stringify(e), code: "VALIDATION_FAILED", paths: ["debtor.lastName"] };
  },
  (e) => {
    e.office = "nowhere";
    return { text: JSON.stringify(e), code: "VALIDATION_FAILED", paths: ["office"] };
  },
  (e) => {
    e.debtor.address.country = "Switzerland";
    e.language = "es";
    return {
      text: JSON.stringify(e),
      code: "VALIDATION_FAILED",
      paths: ["debtor.address.country", "language"],
    };
  },
];

/**
 * `count` lines, `bad` of them spread evenly and each wrong in one of several ways; each extract
 * has `entries` proceedings (default: 0 to 4 at random).
 */
export function sampleExtracts(options: {
  count: number;
  bad: number;
  office?: string;
  today?: string;
  seed?: number;
  entries?: number;
}): { text: string; bad: BadLine[] } {
  const r = mulberry32(options.seed ?? 1);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const every = options.bad > 0 ? options.count / options.bad : Infinity;
  const lines: string[] = [];
  const bad: BadLine[] = [];
  let k = 0;
  for (let i = 0; i < options.count; i++) {
    const e = extract(i + 1, options.office ?? "demo", r, today, options.entries);
    if (bad.length < options.bad && i >= Math.floor(bad.length * every + every / 2)) {
      const m = (MISTAKES[k++ % MISTAKES.length] as (typeof MISTAKES)[number])(e);
      bad.push({ line: i + 1, code: m.code, paths: m.paths });
      lines.push(m.text);
    } else {
      lines.push(JSON.stringify(e));
    }
  }
  return { text: `${lines.join("\n")}\n`, bad };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "1000" },
      bad: { type: "string", default: "0" },
      office: { type: "string", default: "demo" },
      out: { type: "string" },
      entries: { type: "string" },
    },
  });
  const { text, bad } = sampleExtracts({
    count: Number(values.count),
    bad: Number(values.bad),
    office: values.office,
    ...(values.entries === undefined ? {} : { entries: Number(values.entries) }),
  });
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  process.stderr.write(
    `${Number(values.count)} lines, ${bad.length} bad: ${bad.map((b) => b.line).join(", ")}\n`,
  );
}
