/**
 * The sample extracts (scripts/samples.ts: four languages with 0, 3 and 60 proceedings, written
 * with page 1 as PNG to test-output/samples/ for people to look at) and a 200-entry extract,
 * checked with the tools a recipient uses: qpdf, poppler (pdftotext, pdftoppm) and MuPDF.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { sha256 } from "../../src/core/hash.ts";
import { checkPdfIntegrity } from "../../src/pdf/integrity.ts";
import { LABELS } from "../../src/core/labels.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import type { RgbaImage } from "../../src/core/image.ts";
import { decodeQrCodes } from "../../src/qr/decode.ts";
import {
  SAMPLE_ISSUED_AT,
  SAMPLE_OFFICES,
  SAMPLE_VERIFIER_URL,
  makeSample,
  sampleExtract,
  writeSamples,
  type Sample,
} from "../../scripts/samples.ts";

const out = join("test-output", "samples");
const tmp = mkdtempSync(join(tmpdir(), "sceau-samples-"));
let samples: Sample[];
let long: { pdf: Uint8Array; file: string };

function fileOf(name: string): string {
  return join(out, `${name}.pdf`);
}

function pdftotext(file: string, page?: number): string {
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", [...range, file, "-"], { encoding: "utf8" });
}

function pages(file: string): number {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

beforeAll(async () => {
  samples = await writeSamples(out);
  // 200 proceedings: the largest extract the issue asks to flow over pages.
  const extract = sampleExtract("de", 200, 1);
  const rev1 = await renderExtract({
    extract,
    office: SAMPLE_OFFICES.de,
    documentId: new Uint8Array(10).fill(200),
    issuedAt: SAMPLE_ISSUED_AT,
    verifierUrl: SAMPLE_VERIFIER_URL,
  });
  const file = join(out, "extract-de-200.pdf");
  long = { pdf: await stampSeal(rev1, `${SAMPLE_VERIFIER_URL}/v#AAAA`), file };
  writeFileSync(file, long.pdf);
});

describe("sample extracts", () => {
  test("cover the four languages with 0, 3 and 60 proceedings, each with page 1 as PNG", () => {
    expect(samples.map((s) => s.name)).toEqual(
      ["fr", "de", "it", "en"].flatMap((l) =>
        [0, 3, 60].map((n) => `extract-${l}-${String(n).padStart(2, "0")}`),
      ),
    );
    for (const s of samples) expect(existsSync(join(out, `${s.name}.png`)), s.name).toBe(true);
  });

  test("every generated PDF passes qpdf --check", () => {
    for (const file of [...samples.map((s) => fileOf(s.name)), long.file]) {
      const output = execFileSync("qpdf", ["--check", file], { encoding: "utf8" });
      expect(output, file).toContain("No syntax or stream encoding errors");
    }
  });

  test("pdftotext returns every debtor name of the set intact", () => {
    const names = samples.flatMap((s) => s.names);
    expect(names).toEqual(
      expect.arrayContaining(["Müller-Lüdenscheidt", "Çelik", "Nuñez", "Dvořák", "Ðurić", "Ørsted"]),
    );
    for (const s of samples) {
      const text = pdftotext(fileOf(s.name));
      for (const name of s.names) expect(text, s.name).toContain(name);
    }
  });

  test("each is the file its seal describes: the byte-exact check accepts it", async () => {
    for (const s of samples) {
      expect(await checkPdfIntegrity(s.pdf, sha256(s.revision1), s.qrText), s.name).toEqual({
        status: "valid",
        revision1Length: s.revision1.length,
      });
    }
  });

  test("print the official title, the statement, Swiss dates and amounts in their language", () => {
    for (const s of samples) {
      const L = LABELS[s.language];
      const text = pdftotext(fileOf(s.name)).replace(/\s+/g, " ");
      expect(text, s.name).toContain(L.title);
      expect(text).toContain(L.cantonName(s.office.canton).toUpperCase());
      expect(text).toContain(L.verifyAt);
      expect(text).toContain(SAMPLE_VERIFIER_URL);
      expect(text).toContain("22.11.2026");
      if (s.entries === 0) expect(text).toContain(L.statementNone);
      else {
        expect(text).toMatch(/CHF \d{1,3}('\d{3})*\.\d\d/);
        for (const e of s.extract.entries.slice(0, 3)) expect(text).toContain(e.caseNumber);
      }
    }
  });

  test("short extracts fit one page; long ones flow over pages numbered n/total, the table header repeated", () => {
    for (const s of samples) {
      const file = fileOf(s.name);
      const total = pages(file);
      if (s.entries <= 3) expect(total, s.name).toBe(1);
      else expect(total, s.name).toBeGreaterThanOrEqual(2);
      const L = LABELS[s.language];
      for (let p = 1; p <= total; p++) {
        const text = pdftotext(file, p);
        expect(text, `${s.name} page ${p}`).toContain(L.page(p, total));
        if (p > 1 && p < total) {
          expect(text).toContain(`${L.entries} (${s.entries}) ${L.continued}`);
          expect(text).toContain(L.columns.caseNumber);
        }
      }
    }
  });

  test("200 proceedings flow over every page with the header, every case listed once, the seal block on page 1", () => {
    const total = pages(long.file);
    expect(total).toBeGreaterThanOrEqual(6);
    const L = LABELS.de;
    const all = pdftotext(long.file);
    const extract = sampleExtract("de", 200, 1);
    for (const e of extract.entries) expect(all).toContain(e.caseNumber);
    for (let p = 2; p <= total; p++) {
      const text = pdftotext(long.file, p);
      expect(text, `page ${p}`).toContain(L.page(p, total));
      if (p < total) expect(text).toContain(L.columns.creditor);
      expect(text).not.toContain(L.sealTitle);
    }
    expect(pdftotext(long.file, 1)).toContain(L.sealTitle);
    const raw = Buffer.from(long.pdf).toString("latin1");
    expect(raw.match(/\/SceauStampBox/g)).toHaveLength(2); // page 1 in revision 1 and again in revision 2
  });
});

/** Page 1 as gray pixels from poppler or MuPDF, at 150 dpi. */
function renderGray(
  file: string,
  engine: "poppler" | "mupdf",
): { width: number; height: number; gray: Uint8Array } {
  const base = join(tmp, `${engine}-${Math.random().toString(36).slice(2)}`);
  if (engine === "poppler") {
    execFileSync("pdftoppm", ["-r", "150", "-gray", "-f", "1", "-l", "1", "-singlefile", file, base]);
  } else {
    execFileSync("mutool", ["draw", "-q", "-r", "150", "-c", "gray", "-o", `${base}.pgm`, file, "1"], {
      stdio: ["ignore", "ignore", "ignore"],
    });
  }
  return parsePgm(readFileSync(`${base}.pgm`));
}

function parsePgm(bytes: Buffer): { width: number; height: number; gray: Uint8Array } {
  const header: string[] = [];
  let at = 0;
  while (header.length < 4) {
    while (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09) at++;
    if (bytes[at] === 0x23) {
      while (bytes[at] !== 0x0a) at++;
      continue;
    }
    let token = "";
    while (at < bytes.length && ![0x20, 0x0a, 0x0d, 0x09].includes(bytes[at] ?? 0))
      token += String.fromCharCode(bytes[at++] ?? 0);
    header.push(token);
  }
  if (header[0] !== "P5" || header[3] !== "255") throw new Error(`not an 8-bit PGM: ${header.join(" ")}`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, gray: new Uint8Array(bytes.subarray(at + 1, at + 1 + width * height)) };
}

function toRgba(img: { width: number; height: number; gray: Uint8Array }): RgbaImage {
  const data = new Uint8ClampedArray(img.width * img.height * 4);
  img.gray.forEach((v, i) => {
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  });
  return { data, width: img.width, height: img.height };
}

function darkShare(gray: Uint8Array): number {
  let dark = 0;
  for (const v of gray) if (v < 128) dark++;
  return dark / gray.length;
}

describe("poppler and MuPDF render page 1 alike", () => {
  test.each(["extract-fr-03", "extract-de-60"])(
    "%s: same size, both QR codes decode, dark coverage within 3 percent",
    async (name) => {
      const sample = samples.find((s) => s.name === name) ?? (await makeSample("fr", 3));
      const file = fileOf(name);
      const poppler = renderGray(file, "poppler");
      const mupdf = renderGray(file, "mupdf");
      expect(Math.abs(poppler.width - mupdf.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(poppler.height - mupdf.height)).toBeLessThanOrEqual(1);
      expect(await decodeQrCodes(toRgba(poppler))).toEqual([sample.qrText]);
      expect(await decodeQrCodes(toRgba(mupdf))).toEqual([sample.qrText]);
      const a = darkShare(poppler.gray);
      const b = darkShare(mupdf.gray);
      expect(a).toBeGreaterThan(0.03);
      expect(Math.abs(a - b) / a).toBeLessThan(0.03);
    },
  );
});
