import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { concatBytes, equalBytes, utf8 } from "../../src/core/bytes.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { sha256 } from "../../src/core/hash.ts";
import { checkPdfIntegrity, findRevision1, revisionEnds } from "../../src/pdf/integrity.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { lastStartXref, stampSeal } from "../../src/pdf/stamp.ts";
import { findQrByRendering } from "../../src/verifier/pdf-qr.ts";
import { PERSON_EXTRACT } from "../fixtures/extracts.ts";
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

describe("revision 1", () => {
  test("is deterministic: the same extract and seal data give the same bytes", async () => {
    expect(equalBytes(await renderExtract(input), rev1)).toBe(true);
  });

  test("changes when any input changes", async () => {
    const other = await renderExtract({ ...input, documentId: new Uint8Array(10).fill(8) });
    expect(equalBytes(other, rev1)).toBe(false);
  });
});

describe("stamp v1 (incremental update)", () => {
  test("keeps revision 1 as a byte-exact prefix and adds one revision", () => {
    expect(equalBytes(stamped.subarray(0, rev1.length), rev1)).toBe(true);
    expect(revisionEnds(stamped).filter((e) => e >= rev1.length - 1).length).toBeGreaterThanOrEqual(2);
    const tail = Buffer.from(stamped.subarray(rev1.length)).toString("latin1");
    expect(tail).toContain(`/Prev ${lastStartXref(rev1)}`);
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
    const file = join(dir, "names.pdf");
    writeFileSync(file, stamped);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    expect(text).toContain("Dvořák-Ørsted");
    expect(text).toContain("Łukasz Ðurić");
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

  test("flipping any single byte of revision 1 is detected", async () => {
    for (const at of [0, 100, Math.floor(rev1.length / 2), rev1.length - 8]) {
      const copy = stamped.slice();
      copy[at] = (copy[at] ?? 0) ^ 0x20;
      expect((await checkPdfIntegrity(copy, sha256(rev1), QR_TEXT)).status, `byte ${at}`).toBe("invalid");
    }
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
});
