/**
 * The forger's workbench for the catalogue's end-to-end tests (`forged-*.test.ts`): the whole
 * service on a local chain, genuine extracts issued through its API, ways to verify a file, a QR
 * text or a photo through POST /api/v1/verify, and the forger's own tools (a re-rendered revision
 * 1, a seal body with altered data, an incremental update, the chain with other accounts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { HDNodeWallet, type Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { RegistryClient, addressBytes } from "../../src/chain/registry.ts";
import { concatBytes, utf8 } from "../../src/core/bytes.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { decodeQrText, parseDocumentId } from "../../src/core/qr-text.ts";
import { encodeSealBody, type SealBody } from "../../src/core/seal.ts";
import { findRevision1 } from "../../src/pdf/integrity.ts";
import { readDict, readXrefChain, type PdfRef } from "../../src/pdf/parse.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { COMPANY_EXTRACT, PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

export type Json = Record<string, any>;
type Answer = { status: number; report: Json };

const MNEMONIC = "test test test test test test test test test test test junk";
/** Hardhat's funded development account `i` (none but #0–#2 hold a role on the registry). */
export const account = (i: number): HDNodeWallet =>
  HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);

export const demo = { authorization: `Bearer ${TOKENS.demo}` };
export const other = { authorization: `Bearer ${TOKENS.other}` };

export interface Issued {
  readonly id: string;
  readonly pdf: Uint8Array;
  readonly qr: string;
  readonly revision1: Uint8Array;
}

/** A person with three proceedings (two open, CHF 3,334.50). */
export const withProceedingsInput = (): Json => ({ ...clone(PERSON_EXTRACT), reference: "CAT-A" });
/** A company without proceedings. */
export const cleanCompanyInput = (): Json => ({
  ...clone(COMPANY_EXTRACT),
  reference: "CAT-CLEAN",
  entries: [],
  lossCertificates: [],
});
/** Another person, Regula Andermatt. */
export function otherPersonInput(): Json {
  const person = clone(PERSON_EXTRACT) as Json;
  person.reference = "CAT-OTHER";
  person.debtor.lastName = "Andermatt";
  person.debtor.firstNames = "Regula";
  person.debtor.dateOfBirth = "1990-01-02";
  return person;
}

export interface Catalogue {
  readonly e2e: E2E;
  /** The service's base URL. */
  readonly base: string;
  /** Issues `body` through the office API and waits for its anchoring. */
  issue(body: Json): Promise<Issued>;
  verify(body: Uint8Array | Buffer | string, type: string): Promise<Answer>;
  verifyPdf(pdf: Uint8Array): Promise<Answer>;
  verifyQr(qr: string): Promise<Answer>;
  /** A phone's photo of the QR code: rotated, noisy, compressed. */
  verifyPhoto(qr: string): Promise<Answer>;
  /** The file as the multipart field `file`, named and typed as the page's file chooser sends it. */
  verifyUpload(bytes: Uint8Array, name: string, type: string): Promise<Answer>;
  /**
   * The forger renders revision 1 again with the first amount changed to CHF 34.50 and re-applies
   * the genuine stamp.
   */
  alteredAmount(from: Issued): Promise<Uint8Array>;
  /** The chain, as any account sees it; destroy the provider when done. */
  chain(): {
    provider: ReturnType<typeof createProvider>;
    registry: (signer: Wallet | HDNodeWallet) => RegistryClient;
  };
  close(): Promise<void>;
}

/** The service on a local chain, in batches of at most four (`env` overrides its configuration). */
export async function startCatalogue(env: Record<string, string> = {}): Promise<Catalogue> {
  const e2e = await startE2E({
    SCEAU_OFFICES_FILE: writeOfficesFile(),
    SCEAU_BATCH_MAX: "4",
    SCEAU_BATCH_WAIT_MS: "300",
    ...env,
  });
  const base = e2e.service.url;
  const verify = async (body: Uint8Array | Buffer | string, type: string): Promise<Answer> => {
    const res = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": type },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
    return { status: res.status, report: (await res.json()) as Json };
  };
  return {
    e2e,
    base,
    async issue(body) {
      const res = await fetch(`${base}/api/v1/extracts?wait=true`, {
        method: "POST",
        headers: { ...demo, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const pdf = new Uint8Array(
        await (await fetch(`${base}/api/v1/extracts/${id}/pdf`, { headers: demo })).arrayBuffer(),
      );
      const { qr } = (await (await fetch(`${base}/api/v1/extracts/${id}/qr`, { headers: demo })).json()) as {
        qr: string;
      };
      const revision1 = findRevision1(pdf, decodeQrText(qr).seal.body.pdfDigest);
      if (!revision1) throw new Error("an issued PDF without its revision 1");
      return { id, pdf, qr, revision1 };
    },
    verify,
    verifyPdf: (pdf) => verify(pdf, "application/pdf"),
    verifyQr: (qr) => verify(JSON.stringify({ qr }), "application/json"),
    verifyPhoto: async (qr) =>
      verify(await qrPhoto(qr, { rotate: 9, noise: 6, quality: 70, seed: 11 }), "image/jpeg"),
    async verifyUpload(bytes, name, type) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
      const res = await fetch(`${base}/api/v1/verify`, { method: "POST", body: form });
      return { status: res.status, report: (await res.json()) as Json };
    },
    async alteredAmount(from) {
      const seal = decodeQrText(from.qr).seal.body;
      const altered = clone(PERSON_EXTRACT) as Json;
      altered.entries[0].amount = "34.50";
      const revision1 = await renderExtract({
        extract: validateExtract(altered, { today: "2026-12-31" }),
        office: {
          id: "demo",
          name: "Office des poursuites de démonstration",
          addressLines: [],
          canton: "JU",
          place: "",
        },
        documentId: parseDocumentId(from.id),
        issuedAt: seal.issuedAt,
        verifierUrl: e2e.service.config.publicUrl,
      });
      return stampSeal(revision1, from.qr);
    },
    chain() {
      const provider = createProvider(e2e.rpcUrl, 31337, { timeoutMs: 5000 });
      return {
        provider,
        registry: (signer) =>
          new RegistryClient(e2e.service.registryAddress, loadRegistryArtifact(), signer.connect(provider)),
      };
    },
    close: () => e2e.close(),
  };
}

export const check = (report: Json, code: string): Json | undefined =>
  (report.checks as Json[]).find((c) => c.code === code);

/** Modified because of PDF_INTEGRITY (`reason`) alone: every other check is valid. */
export function expectModified(
  report: Json,
  reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES" | "UNOFFICIAL_QR_TEXT",
): void {
  expect(report.verdict).toBe("modified");
  expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason });
  for (const c of (report.checks as Json[]).filter((c) => c.code !== "PDF_INTEGRITY")) {
    expect(c.status, c.code as string).toBe("valid");
  }
}

/** A seal body as a forger makes it: the genuine layout, the trusted registry, altered data. */
export function forgedBody(from: Issued, salt: number, registry?: string): Uint8Array {
  const genuine = decodeQrText(from.qr).seal.body;
  const body: SealBody = {
    ...genuine,
    salt: new Uint8Array(16).fill(salt),
    summary: { entries: 0, openEntries: 0, openAmountCents: 0, lossCertificates: 0, lossAmountCents: 0 },
    ...(registry ? { registry: { chainId: 31337, address: addressBytes(registry) } } : {}),
  };
  return encodeSealBody(body);
}

const dir = mkdtempSync(join(tmpdir(), "sceau-catalogue-"));

export function writeTemp(pdf: Uint8Array): string {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The text a PDF reader shows (poppler's pdftotext). */
export function pdftotext(pdf: Uint8Array): string {
  return execFileSync("pdftotext", [writeTemp(pdf), "-"], { encoding: "utf8" });
}

/**
 * Appends an incremental update that rewrites the catalog with `extra` entries and adds
 * `objects` (numbered from the old /Size), as a PDF editor would.
 */
export function appendCatalogUpdate(
  pdf: Uint8Array,
  make: (size: number) => { extra: string; objects: readonly string[]; size: number },
): Uint8Array {
  const sections = readXrefChain(pdf);
  const latest = sections[0];
  if (!latest) throw new Error("no xref");
  const trailer = latest.trailer.value;
  const size = trailer.get("Size") as number;
  const rootRef = trailer.get("Root") as PdfRef;
  const catalog = readDict(pdf, sections, rootRef);
  const pages = catalog.get("Pages") as PdfRef;
  const { extra, objects, size: newSize } = make(size);
  const parts: { num: number; text: string }[] = [
    { num: rootRef.num, text: `<< /Type /Catalog /Pages ${pages.num} ${pages.gen} R ${extra} >>` },
    ...objects.map((text, i) => ({ num: size + i, text })),
  ];
  let at = pdf.length;
  let body = "";
  const offsets: { num: number; at: number }[] = [];
  for (const p of parts) {
    const obj = `${p.num} 0 obj\n${p.text}\nendobj\n`;
    offsets.push({ num: p.num, at });
    body += obj;
    at += Buffer.byteLength(obj, "latin1");
  }
  const xref =
    `xref\n${offsets.map((o) => `${o.num} 1\n${String(o.at).padStart(10, "0")} 00000 n\r\n`).join("")}` +
    `trailer\n<< /Size ${newSize} /Root ${rootRef.num} ${rootRef.gen} R /Prev ${latest.at} >>\n` +
    `startxref\n${at}\n%%EOF\n`;
  return concatBytes(pdf, utf8(body), utf8(xref));
}
