import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, test } from "vitest";
import { base32Encode } from "../../src/core/base32.ts";
import { concatBytes, equalBytes, utf8 } from "../../src/core/bytes.ts";
import { SceauError } from "../../src/core/errors.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { sha256 } from "../../src/core/hash.ts";
import { checkPdfIntegrity, findRevision1, revisionEnds } from "../../src/pdf/integrity.ts";
import {
  PdfString,
  firstPage,
  readObject,
  readXrefChain,
  type PdfDict,
  type PdfRef,
} from "../../src/pdf/parse.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { SEAL_KEY, lastStartXref, stampSeal, stampSealSync } from "../../src/pdf/stamp.ts";
import { findQrByRendering } from "../helpers/pdf-qr.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TEST_OFFICE } from "../helpers/office.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-pdf-"));
const QR_TEXT = `http://127.0.0.1:8080/v#${"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".repeat(18)}`;
const input = {
  extract: validateExtract(PERSON_EXTRACT, { today: "2026-11-22" }),
  office: TEST_OFFICE,
  documentId: new Uint8Array(10).fill(7),
  issuedAt: 1_795_348_800,
  verifierUrl: "http://127.0.0.1:8080",
};
let rev1: Uint8Array;
let stamped: Uint8Array;

beforeAll(async () => {
  rev1 = await renderExtract(input);
  stamped = await stampSeal(rev1, QR_TEXT);
});

function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  const file = join(dir, `check-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const r = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

function expectSceauError(f: () => unknown, code: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SceauError);
  expect((caught as SceauError).code).toBe(code);
}

function pdftotext(bytes: Uint8Array): string {
  const file = join(dir, `text-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

describe("revision 1", () => {
  test("is deterministic: the same extract and seal data give the same bytes", async () => {
    expect(equalBytes(await renderExtract(input), rev1)).toBe(true);
  });

  test("changes when any input changes", async () => {
    const other = await renderExtract({ ...input, documentId: new Uint8Array(10).fill(8) });
    expect(equalBytes(other, rev1)).toBe(false);
  });

  test("holds fixed metadata: title, language, producer, dates of the issue time, file id", () => {
    const text = Buffer.from(rev1).toString("latin1");
    expect(text).toContain("/Lang (fr-CH)");
    expect(text).toContain("/Producer (Sceau)");
    expect(text).toContain("/CreationDate (D:20261122120000Z) /ModDate (D:20261122120000Z)");
    expect(text).toMatch(/\/ID \[<[0-9A-F]{32}> <[0-9A-F]{32}>\]/);
  });

  test("is read by pdf-lib as well (another independent parser)", async () => {
    const doc = await PDFDocument.load(stamped, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Extrait du registre des poursuites A4DQ-OBYH-A4DQ-OBYH");
  });

  test("prints any Latin (and Greek, Cyrillic) name so that pdftotext returns it intact", async () => {
    const letters = Array.from(
      "aàáâãäåāăąæçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĸĺļľŀłñńņňŉŋòóôõöøōŏőœŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżžßðþǎǐǒǔșțẞ",
    );
    const upper = letters.map((l) => l.toUpperCase()).filter((l) => l.length === 1);
    const alphabet = fc.constantFrom(...letters, ...upper, "-", "'");
    await fc.assert(
      fc.asyncProperty(
        fc.array(alphabet, { minLength: 2, maxLength: 24 }).map((a) => a.join("").normalize("NFC")),
        fc.constantFrom("Παπαδόπουλος", "Иванов-Щукин", "Ørsted"),
        async (lastName, firstNames) => {
          const extract = clone(PERSON_EXTRACT) as unknown as {
            debtor: { lastName: string; firstNames: string };
          };
          extract.debtor.lastName = `X${lastName}`;
          extract.debtor.firstNames = firstNames;
          const e = validateExtract(extract, { today: "2026-11-22" });
          const pdf = await renderExtract({ ...input, extract: e });
          const text = pdftotext(pdf);
          expect(text).toContain(e.debtor.type === "person" ? e.debtor.lastName : "");
          expect(text).toContain(firstNames);
        },
      ),
      { numRuns: 12 },
    );
  });

  /** `parts` occur in `text` in this order. */
  const inOrder = (text: string, ...parts: string[]): void => {
    let at = -1;
    for (const p of parts) {
      const next = text.indexOf(p, at + 1);
      expect(next, `"${p}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
  };

  test("pdftotext reads each label before its value, and table rows cell by cell (layout v1)", async () => {
    const text = pdftotext(await stampSeal(await renderExtract({ ...input, layout: 1 }), QR_TEXT));
    inOrder(
      text,
      "Nom",
      "Dvořák-Ørsted",
      "Prénoms",
      "Łukasz Ðurić",
      "Date de naissance",
      "14.03.1985",
      "Adresse",
    );
    inOrder(
      text,
      "2024-10001",
      "01.02.2024",
      "Swisscom (Schweiz) AG",
      "CHF 1'234.50",
      "Commandement de payer",
      "2025-00042",
    );
  });

  test("layout v2: labels before values, each row's cells in order but the right-aligned amount, which may come later", () => {
    const text = pdftotext(stamped);
    inOrder(
      text,
      "Nom",
      "Dvořák-Ørsted",
      "Prénoms",
      "Łukasz Ðurić",
      "Date de naissance",
      "14.03.1985",
      "Adresse",
    );
    inOrder(text, "2024-10001", "01.02.2024", "Swisscom (Schweiz) AG", "Commandement de payer", "2025-00042");
    expect(text).toContain("CHF 1'234.50");
  });
});

describe("stamp v1 (incremental update)", () => {
  test("keeps revision 1 as a byte-exact prefix and adds one revision", () => {
    expect(equalBytes(stamped.subarray(0, rev1.length), rev1)).toBe(true);
    expect(revisionEnds(stamped).filter((e) => e >= rev1.length - 1).length).toBeGreaterThanOrEqual(2);
    const tail = Buffer.from(stamped.subarray(rev1.length)).toString("latin1");
    expect(tail).toContain(`/Prev ${lastStartXref(rev1)}`);
  });

  test("rewrites only page 1, adding one stream that carries the QR text under /SceauSeal", () => {
    const sections = readXrefChain(stamped);
    expect(sections).toHaveLength(2);
    const added = [...(sections[0]?.offsets.keys() ?? [])];
    const before = firstPage(rev1, readXrefChain(rev1));
    const after = firstPage(stamped, sections);
    expect(after.ref.num).toBe(before.ref.num);
    expect(added).toHaveLength(2);
    const contents = (after.value.value as PdfDict).get("Contents");
    expect(Array.isArray(contents)).toBe(true);
    const streamRef = (contents as PdfRef[]).at(-1) as PdfRef;
    expect(added.sort((a, b) => a - b)).toEqual([before.ref.num, streamRef.num].sort((a, b) => a - b));
    const stream = readObject(stamped, sections, streamRef).value.value as PdfDict;
    const seal = stream.get(SEAL_KEY);
    expect(seal).toBeInstanceOf(PdfString);
    expect(Buffer.from((seal as PdfString).bytes).toString("utf8")).toBe(QR_TEXT);
    // Everything else in page 1's dictionary is unchanged.
    const keys = (d: PdfDict): string[] => [...d.entries.keys()].sort();
    expect(keys(after.value.value as PdfDict)).toEqual(keys(before.value.value as PdfDict));
  });

  test("is deterministic for the same revision 1 and QR text", async () => {
    expect(equalBytes(await stampSeal(rev1, QR_TEXT), stamped)).toBe(true);
  });

  test("passes qpdf --check", () => {
    const r = qpdfCheck(stamped);
    expect(r.output).toContain("No syntax or stream encoding errors");
    expect(r.ok).toBe(true);
  });

  test("renders a QR code that decodes to the stamped text", async () => {
    const texts = await findQrByRendering(stamped, { dpi: 150, maxPages: 1, maxPixels: 50_000_000 });
    expect(texts).toEqual([QR_TEXT]);
  });

  test("pdftotext returns the debtor's names intact", () => {
    const text = pdftotext(stamped);
    expect(text).toContain("Dvořák-Ørsted");
    expect(text).toContain("Łukasz Ðurić");
  });

  test("refuses what is not a Sceau revision 1", () => {
    expectSceauError(() => stampSealSync(utf8("not a pdf at all"), QR_TEXT), "PDF_UNREADABLE");
    const noBox = Buffer.from(
      Buffer.from(rev1).toString("latin1").replace("/SceauStampBox", "/SceauStampBax"),
      "latin1",
    );
    expectSceauError(() => stampSealSync(new Uint8Array(noBox), QR_TEXT), "PDF_UNREADABLE");
    expectSceauError(() => stampSealSync(rev1.subarray(0, rev1.length - 30), QR_TEXT), "PDF_UNREADABLE");
  });
});

describe("byte-exact integrity check", () => {
  test("accepts the file as issued", async () => {
    expect(await checkPdfIntegrity(stamped, sha256(rev1), QR_TEXT)).toEqual({
      status: "valid",
      revision1Length: rev1.length,
    });
  });

  test("finds revision 1 by its digest", () => {
    expect(findRevision1(stamped, sha256(rev1))?.length).toBe(rev1.length);
  });

  test("any QR text stamps and verifies, and any single changed byte is detected", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 360 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 1, max: 255 }),
        async (seal, where, xor) => {
          const text = `https://verify.example.ch/v#${base32Encode(seal)}`;
          const file = await stampSeal(rev1, text);
          expect((await checkPdfIntegrity(file, sha256(rev1), text)).status).toBe("valid");
          const copy = file.slice();
          const at = Math.floor(where * copy.length);
          copy[at] = (copy[at] ?? 0) ^ xor;
          expect((await checkPdfIntegrity(copy, sha256(rev1), text)).status).toBe("invalid");
        },
      ),
      { numRuns: 25 },
    );
  });

  test("flipping a byte of the stamp is detected", async () => {
    const copy = stamped.slice();
    const at = rev1.length + 200;
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    expect(await checkPdfIntegrity(copy, sha256(rev1), QR_TEXT)).toEqual({
      status: "invalid",
      reason: "EXTRA_CHANGES",
    });
  });

  test("a further incremental update after the stamp is detected", async () => {
    const extra = concatBytes(
      stamped,
      utf8("1 0 obj\n<< >>\nendobj\nxref\n1 1\n0000000000 00000 n\r\ntrailer\n<< >>\n%%EOF\n"),
    );
    expect(await checkPdfIntegrity(extra, sha256(rev1), QR_TEXT)).toEqual({
      status: "invalid",
      reason: "EXTRA_CHANGES",
    });
  });

  test("the stamp of another QR text on the same revision 1 is detected", async () => {
    expect(await checkPdfIntegrity(stamped, sha256(rev1), `${QR_TEXT}A`)).toEqual({
      status: "invalid",
      reason: "EXTRA_CHANGES",
    });
  });

  test("a wrong digest finds no revision 1", async () => {
    expect(await checkPdfIntegrity(stamped, new Uint8Array(32), QR_TEXT)).toEqual({
      status: "invalid",
      reason: "REVISION_NOT_FOUND",
    });
  });

  test("a file full of %%EOF markers costs one pass and finds nothing", () => {
    const hostile = utf8("%%EOF\n".repeat(500_000));
    const started = performance.now();
    expect(findRevision1(hostile, sha256(rev1))).toBeNull();
    expect(revisionEnds(hostile).length).toBeLessThanOrEqual(2 * 256);
    // Generous bound: an unbounded search would hash 3 MB half a million times.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
