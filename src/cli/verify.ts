/**
 * `sceau verify <file.pdf|photo.jpg> | --qr <text> [--json] [--lang fr|de|it|en]`: verifies a
 * document or scanned QR text against the configured trust list (the same environment variables
 * as the service; by default the local development chain on 127.0.0.1:8545), with the verifier
 * the service uses (`src/wiring/verifier.ts`): the same chain reads, policy and limits.
 *
 * Prints the verdict, the key data and every check (or the report as JSON with `--json`).
 * Exit status: 0 valid; 1 modified, revoked or invalid; 2 usage or unusable input (no QR code,
 * unsupported file, a limit exceeded); 3 unavailable (the chain could not be read).
 * @module
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadConfig, type Config } from "../config.ts";
import { isSceauError, isVerifyErrorCode } from "../core/errors.ts";
import { LANGUAGES, type Language } from "../core/extract.ts";
import { formatDateTime, VERIFY_ERROR_MESSAGES, warningMessage } from "../core/messages.ts";
import type { VerificationReport } from "../core/report.ts";
import { createVerifier } from "../wiring/verifier.ts";
import { parseCommandArgs } from "./args.ts";

const USAGE = `Usage: sceau verify <file.pdf|photo.jpg|image.png|image.webp> [--json] [--lang fr|de|it|en]
       sceau verify --qr <scanned text> [--json] [--lang fr|de|it|en]

Verifies a sealed extract against this verifier's trust list (configured by the SCEAU_*
environment variables, as for the service).
Exit status: 0 valid; 1 modified, revoked or invalid; 2 usage or unusable input; 3 unavailable.`;

export const command = {
  summary: "verify a PDF, a photo or scanned QR text",
  run,
};

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      qr: { type: "string" },
      json: { type: "boolean", default: false },
      lang: { type: "string", default: "en" },
    },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const lang = values.lang as Language;
  if (
    !(LANGUAGES as readonly string[]).includes(lang) ||
    (values.qr === undefined) === (positionals.length !== 1)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const { verifier, close } = createVerifier(config);
  try {
    let report: VerificationReport;
    if (values.qr !== undefined) {
      report = await verifier.verifyText(values.qr, { lang });
    } else {
      const path = positionals[0] ?? "";
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch (e) {
        process.stderr.write(`Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
      report = await verifier.verifyFile(bytes, null, { lang, fileName: basename(path) });
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
    if (report.verdict === "valid") return 0;
    return report.verdict === "unavailable" ? 3 : 1;
  } catch (e) {
    if (isSceauError(e)) {
      const message = isVerifyErrorCode(e.code) ? VERIFY_ERROR_MESSAGES[lang][e.code] : e.message;
      if (values.json)
        process.stdout.write(
          `${JSON.stringify({ error: { code: e.code, message, detail: e.message } }, null, 2)}\n`,
        );
      else process.stderr.write(`${e.code}: ${message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await close();
  }
}

const MARK: Record<string, string> = { valid: "ok", invalid: "FAIL", error: "ERROR", skipped: "-" };

/** The report for a person: verdict, key data, anchor, then every check. */
function render(r: VerificationReport): string {
  const lines = [`Verdict: ${r.verdict.toUpperCase()}  ${r.summary}`];
  for (const w of r.warnings) lines.push(`Warning: ${warningMessage(r.lang, w, r.warningParams)}`);
  lines.push("");
  if (r.document) {
    lines.push(
      `Document   ${r.document.id}, office ${r.document.office}, issued ${formatDateTime(r.document.issuedAt, r.lang)} (${r.document.ageDays} days ago)`,
    );
  }
  if (r.issuer)
    lines.push(`Issuer     ${r.issuer.name} (registry ${r.issuer.registry} on chain ${r.issuer.chainId})`);
  const k = r.keyData;
  if (k) {
    const d = k.debtor;
    lines.push(
      d.type === "person"
        ? `Debtor     ${d.lastName}, ${d.firstNames}, born ${d.dateOfBirth}`
        : `Debtor     ${d.name} (${d.uid})`,
      `           ${k.postalCode} ${k.town}, ${k.country}`,
      `Coverage   ${k.coverage.from} to ${k.coverage.to}`,
      `Summary    ${k.summary.entries} proceedings, ${k.summary.openEntries} open (CHF ${k.summary.openAmount}); ${k.summary.lossCertificates} loss certificates (CHF ${k.summary.lossAmount})`,
    );
  }
  if (r.anchor) {
    lines.push(
      `Anchor     root ${r.anchor.root}`,
      `           ${formatDateTime(r.anchor.anchoredAt, r.lang)}${r.anchor.blockNumber === null ? "" : `, block ${r.anchor.blockNumber}`}, account ${r.anchor.account}`,
    );
  }
  if (r.revocation) {
    lines.push(
      `Revoked    ${r.revocation.scope}, ${formatDateTime(r.revocation.revokedAt, r.lang)}, ${r.revocation.reason}`,
    );
  }
  if (r.decoding) {
    lines.push(
      `QR code    read from the ${r.decoding.via === "stamp" ? "PDF stamp" : "pixels"} in ${r.decoding.ms} ms`,
    );
  }
  lines.push("", "Checks");
  for (const c of r.checks) {
    lines.push(`  ${(MARK[c.status] ?? c.status).padEnd(6)} ${c.code.padEnd(18)} ${c.message}`);
  }
  return `${lines.join("\n")}\n`;
}
