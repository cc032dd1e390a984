/**
 * The tamper catalogue: real modifications of extracts issued by the whole service on a local
 * chain, each verified through POST /api/v1/verify. Every modified file keeps a genuine seal, so
 * the verdict is `modified` (never `valid`, never `invalid`) with the sealed key data shown.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { concatBytes, utf8 } from "../../src/core/bytes.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { decodeQrText, parseDocumentId } from "../../src/core/qr-text.ts";
import { findRevision1 } from "../../src/pdf/integrity.ts";
import { PdfDict, PdfRef, firstPage, readXrefChain } from "../../src/pdf/parse.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { readSealTexts } from "../../src/pdf/seal-text.ts";
import { COMPANY_EXTRACT, PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

interface Report {
  verdict: string;
  checks: { code: string; status: string; reason?: string }[];
  keyData: { debtor: Record<string, string>; summary: Record<string, unknown> } | null;
  document: { id: string } | null;
}

const dir = mkdtempSync(join(tmpdir(), "sceau-tamper-"));
let e2e: E2E;
let auth: Record<string, string>;
let issued: { pdf: Uint8Array; qrText: string; id: string; revision1: Uint8Array };
let other: { pdf: Uint8Array; qrText: string };

async function issue(body: unknown): Promise<{ pdf: Uint8Array; id: string }> {
  const res = await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const pdf = await fetch(`${e2e.service.url}/api/v1/extracts/${id}/pdf`, { headers: auth });
  return { pdf: new Uint8Array(await pdf.arrayBuffer()), id };
}

async function verify(pdf: Uint8Array): Promise<Report> {
  const res = await fetch(`${e2e.service.url}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/pdf" },
    body: Buffer.from(pdf),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

function integrity(report: Report): { status: string; reason?: string } | undefined {
  return report.checks.find((c) => c.code === "PDF_INTEGRITY");
}

/** The verdict is `modified`: the seal is genuine (every other check valid), the file is not the one issued. */
function expectModified(report: Report, reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES"): void {
  expect(report.verdict).toBe("modified");
  expect(integrity(report)).toMatchObject({ status: "invalid", reason });
  for (const c of report.checks.filter((c) => c.code !== "PDF_INTEGRITY"))
    expect(c.status, c.code).toBe("valid");
  expect(report.keyData?.debtor).toBeDefined();
}

function pdftotext(pdf: Uint8Array): string {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

/** What a forger with the open-source renderer does: render a different revision 1 for the same document. */
async function forgedRevision1(edit: (extract: Record<string, unknown>) => void): Promise<Uint8Array> {
  const body = clone(PERSON_EXTRACT) as unknown as Record<string, unknown>;
  edit(body);
  const seal = decodeQrText(issued.qrText).seal.body;
  return renderExtract({
    extract: validateExtract(body, { today: "2026-12-31" }),
    office: {
      id: "demo",
      name: "",
      addressLines: [],
      canton: "JU",
      place: "",
    },
    documentId: parseDocumentId(issued.id),
    issuedAt: seal.issuedAt,
    verifierUrl: e2e.service.config.publicUrl,
  });
}

beforeAll(async () => {
  e2e = await startE2E();
  auth = { authorization: `Bearer ${e2e.token}` };
  const a = await issue(PERSON_EXTRACT);
  const qrText = readSealTexts(a.pdf)[0];
  if (!qrText) throw new Error("the issued PDF has no stamped seal");
  const revision1 = findRevision1(a.pdf, decodeQrText(qrText).seal.body.pdfDigest);
  if (!revision1) throw new Error("the issued PDF has no revision 1");
  issued = { pdf: a.pdf, qrText, id: a.id, revision1 };
  const b = await issue(COMPANY_EXTRACT);
  other = { pdf: b.pdf, qrText: readSealTexts(b.pdf)[0] ?? "" };
});
afterAll(async () => {
  await e2e.close();
});

describe("tamper catalogue: real modifications of an issued PDF", () => {
  test("the untouched file is valid", async () => {
    const report = await verify(issued.pdf);
    expect(report.verdict).toBe("valid");
    expect(integrity(report)?.status).toBe("valid");
  });

  test("an amount changed in revision 1 (content stream edited in place with qpdf) is modified", async () => {
    const input = join(dir, "issued.pdf");
    const qdf = join(dir, "qdf.pdf");
    writeFileSync(input, issued.pdf);
    // qpdf's QDF mode writes the content streams uncompressed, as a hand editor would need them.
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", input, qdf]);
    const text = readFileSync(qdf).toString("latin1");
    const forged = replaceShownText(text, "CHF 1'234.50", "CHF 1'034.50");
    const edited = new Uint8Array(Buffer.from(forged, "latin1"));
    expect(pdftotext(edited)).toContain("CHF 1'034.50");
    expect(pdftotext(edited)).not.toContain("CHF 1'234.50");
    expectModified(await verify(edited), "REVISION_NOT_FOUND");
  });

  test("an entry removed (revision 1 rendered again without it, genuine stamp re-applied) is modified", async () => {
    const rev1 = await forgedRevision1((e) => {
      (e.entries as unknown[]).splice(2, 1);
    });
    const forged = await stampSeal(rev1, issued.qrText);
    expect(pdftotext(forged)).not.toContain("2026-00007");
    const report = await verify(forged);
    expectModified(report, "REVISION_NOT_FOUND");
    // The verifier shows the sealed summary, which still counts the removed entry.
    expect(report.keyData?.summary.entries).toBe(3);
  });

  test("an amount changed by rendering revision 1 again, genuine stamp re-applied, is modified", async () => {
    const rev1 = await forgedRevision1((e) => {
      const [first] = e.entries as { amount: string }[];
      if (first) first.amount = "34.50";
    });
    expectModified(await verify(await stampSeal(rev1, issued.qrText)), "REVISION_NOT_FOUND");
  });

  test("a further incremental update that paints over the statement is modified", async () => {
    const box = statementBox(issued.pdf);
    const painted = paintOverPage1(issued.pdf, `1 g ${box.x} ${box.y} ${box.width} ${box.height} re f`);
    expect(Buffer.from(painted.subarray(0, issued.pdf.length)).equals(Buffer.from(issued.pdf))).toBe(true);
    // The statement is really hidden: the painted page is lighter where it stood.
    expect(darkPixels(painted)).toBeLessThan(darkPixels(issued.pdf));
    expectModified(await verify(painted), "EXTRA_CHANGES");
  });

  test("the file re-saved by qpdf is modified", async () => {
    const input = join(dir, "resave-in.pdf");
    const output = join(dir, "resave-out.pdf");
    writeFileSync(input, issued.pdf);
    execFileSync("qpdf", [input, output]);
    expectModified(await verify(new Uint8Array(readFileSync(output))), "REVISION_NOT_FOUND");
  });

  test("the QR of another genuine extract stamped onto this one is modified, showing the other's data", async () => {
    const swapped = await stampSeal(issued.revision1, other.qrText);
    const report = await verify(swapped);
    expectModified(report, "REVISION_NOT_FOUND");
    expect(report.keyData?.debtor).toMatchObject({ type: "company", name: "Müller & Söhne AG" });
  });
});

/** Where page 1 shows the statement ("3 poursuites enregistrées ... biens"), in PDF points. */
function statementBox(pdf: Uint8Array): { x: number; y: number; width: number; height: number } {
  const file = join(dir, `bbox-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync("pdftotext", ["-bbox", "-f", "1", "-l", "1", file, "-"], { encoding: "utf8" });
  const words = [...html.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({
    top: Number(m[1]),
    bottom: Number(m[2]),
    text: m[3] ?? "",
  }));
  const first = words.find((w) => w.text === "enregistrées,");
  const last = words.find((w, i) => w.text === "biens" && i > words.indexOf(first ?? w));
  if (!first || !last) throw new Error("no statement on page 1");
  const pageHeight = 841.89;
  return {
    x: 50,
    y: Math.floor(pageHeight - last.bottom - 4),
    width: 500,
    height: Math.ceil(last.bottom - first.top + 8),
  };
}

function darkPixels(pdf: Uint8Array): number {
  const file = join(dir, `px-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const pgm = execFileSync("pdftoppm", ["-r", "36", "-gray", "-f", "1", "-l", "1", file]);
  let dark = 0;
  for (const v of pgm.subarray(pgm.length - Math.floor(pgm.length * 0.98))) if (v < 128) dark++;
  return dark;
}

/**
 * Replaces the glyph string showing `from` by the one showing `to` (same length), using the
 * ToUnicode maps of the uncompressed file to find the glyph codes.
 */
function replaceShownText(pdf: string, from: string, to: string): string {
  const maps = [...pdf.matchAll(/beginbfchar\n([\s\S]*?)endbfchar/g)].map((m) => {
    const map = new Map<string, string>();
    for (const line of (m[1] ?? "").split("\n")) {
      const pair = /^<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>$/.exec(line.trim());
      if (pair?.[1] && pair[2]) map.set(String.fromCharCode(parseInt(pair[2], 16)), pair[1]);
    }
    return map;
  });
  for (const map of maps) {
    const encode = (s: string): string | null => {
      let out = "";
      for (const ch of s) {
        const cid = map.get(ch);
        if (!cid) return null;
        out += cid;
      }
      return `<${out}>`;
    };
    const a = encode(from);
    const b = encode(to);
    if (a && b && pdf.includes(a)) return pdf.replace(a, b);
  }
  throw new Error(`"${from}" is not shown with a font that has every glyph of "${to}"`);
}

/** Appends an incremental update adding a content stream (`ops`) on top of page 1. */
function paintOverPage1(pdf: Uint8Array, ops: string): Uint8Array {
  const sections = readXrefChain(pdf);
  const latest = sections[0];
  if (!latest) throw new Error("no xref");
  const size = latest.trailer.value.get("Size") as number;
  const page = firstPage(pdf, sections);
  const dict = page.value.value;
  if (!(dict instanceof PdfDict)) throw new Error("page 1 is not a dictionary");
  const contents = dict.get("Contents");
  const refs = (Array.isArray(contents) ? contents : [contents]).filter(
    (r): r is PdfRef => r instanceof PdfRef,
  );
  const text = Buffer.from(pdf).toString("latin1");
  const pageText = text.slice(page.start, page.end);
  const contentsSpan = dict.entries.get("Contents");
  if (!contentsSpan) throw new Error("no /Contents");
  const newContents = `[${[...refs.map((r) => `${r.num} ${r.gen} R`), `${size} 0 R`].join(" ")}]`;
  const rewritten =
    pageText.slice(0, contentsSpan.start - page.start) +
    newContents +
    pageText.slice(contentsSpan.end - page.start);
  const pageObject = `${rewritten}\n`;
  const stream = `${size} 0 obj\n<< /Length ${ops.length} >>\nstream\n${ops}\nendstream\nendobj\n`;
  const pageAt = pdf.length;
  const streamAt = pageAt + pageObject.length;
  const xrefAt = streamAt + stream.length;
  const root = latest.trailer.value.get("Root") as PdfRef;
  const xref =
    `xref\n${page.ref.num} 1\n${String(pageAt).padStart(10, "0")} 00000 n\r\n` +
    `${size} 1\n${String(streamAt).padStart(10, "0")} 00000 n\r\n` +
    `trailer\n<< /Size ${size + 1} /Root ${root.num} ${root.gen} R /Prev ${latest.at} >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return concatBytes(pdf, utf8(pageObject), utf8(stream), utf8(xref));
}
