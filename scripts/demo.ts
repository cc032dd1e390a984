/**
 * Demo against a running service (`npm start` in another terminal): issues a sample extract with
 * the demo office token, downloads the sealed PDF, verifies it, then verifies a copy with one byte
 * changed. Exits 0 when the genuine PDF is `valid` and the changed one is not.
 *
 *   npm run demo -- [--url http://127.0.0.1:8080] [--token <demo token>] [--out .data/demo]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:8080" },
    token: { type: "string" },
    "data-dir": { type: "string", default: ".data" },
    out: { type: "string" },
  },
});
const base = values.url.replace(/\/+$/, "");
const dataDir = values["data-dir"];
const token =
  values.token ??
  (JSON.parse(readFileSync(join(dataDir, "demo-office.json"), "utf8")) as { token: string }).token;
const out = values.out ?? join(dataDir, "demo");
mkdirSync(out, { recursive: true });

const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const extract = {
  language: "fr",
  office: "demo",
  debtor: {
    type: "person",
    lastName: "Exemple-Müller",
    firstNames: "Anne Ørsted",
    dateOfBirth: "1984-06-30",
    address: {
      street: "Rue du Marché",
      houseNumber: "3",
      postalCode: "2800",
      town: "Delémont",
      country: "CH",
    },
  },
  entries: [
    {
      caseNumber: `${year - 1}-00381`,
      date: `${year - 1}-03-14`,
      creditor: "Swisscom (Schweiz) AG",
      amount: "412.35",
      status: "objection",
    },
    {
      caseNumber: `${year - 2}-01204`,
      date: `${year - 2}-09-02`,
      creditor: "Caisse-maladie Exemple SA",
      amount: "1280.00",
      status: "paid",
    },
  ],
  lossCertificates: [],
};

async function verify(
  pdf: Uint8Array,
): Promise<{ verdict: string; checks: { code: string; status: string }[] }> {
  const res = await fetch(`${base}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/pdf" },
    body: Buffer.from(pdf),
  });
  return (await res.json()) as { verdict: string; checks: { code: string; status: string }[] };
}

const issued = await fetch(`${base}/api/v1/extracts?wait=true`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: JSON.stringify(extract),
});
const status = (await issued.json()) as {
  id?: string;
  state?: string;
  batch?: { txHash: string };
  error?: unknown;
};
if (!issued.ok || !status.id) {
  process.stderr.write(`Issuing failed (HTTP ${issued.status}): ${JSON.stringify(status)}\n`);
  process.exit(1);
}
process.stdout.write(
  `Issued extract ${status.id}: ${status.state ?? "?"} (tx ${status.batch?.txHash ?? "-"})\n`,
);

const pdfRes = await fetch(`${base}/api/v1/extracts/${status.id}/pdf`, {
  headers: { authorization: `Bearer ${token}` },
});
const pdf = new Uint8Array(await pdfRes.arrayBuffer());
const file = join(out, `extract-${status.id}.pdf`);
writeFileSync(file, pdf);
process.stdout.write(`Sealed PDF: ${file} (${pdf.length} bytes)\n`);

const genuine = await verify(pdf);
process.stdout.write(`Verify the PDF:          ${genuine.verdict}\n`);
for (const c of genuine.checks) process.stdout.write(`  ${c.status.padEnd(8)} ${c.code}\n`);

const tampered = pdf.slice();
const at = Math.floor(tampered.length / 4);
tampered[at] = (tampered[at] ?? 0) ^ 0x01;
const changed = await verify(tampered);
process.stdout.write(`Verify a changed copy:   ${changed.verdict}\n`);
process.exit(genuine.verdict === "valid" && changed.verdict !== "valid" ? 0 : 1);
