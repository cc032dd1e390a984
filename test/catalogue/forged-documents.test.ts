/**
 * The catalogue's forged documents (test/catalogue/catalogue.ts), end to end: genuine extracts
 * issued through the service's API, then altered as an attacker would (text re-rendered, a QR
 * pasted or replayed, an incremental update, a polyglot photo, the stamp's address changed) and
 * verified through POST /api/v1/verify. Each test is named by its catalogue case and asserts the
 * expected verdict.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import sharp from "sharp";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { extractPhoto } from "../helpers/extract-photo.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { jpegPdfPolyglot, motionPhoto, pngPdfPolyglot } from "../helpers/polyglot.ts";
import { caseTitle } from "./catalogue.ts";
import {
  appendCatalogUpdate,
  check,
  cleanCompanyInput,
  expectModified,
  otherPersonInput,
  pdftotext,
  startCatalogue,
  withProceedingsInput,
  writeTemp,
  type Catalogue,
  type Issued,
} from "./forgery.ts";

let w: Catalogue;
/** A person with proceedings, a company without, another person. */
let withProceedings: Issued;
let clean: Issued;
let otherPerson: Issued;

beforeAll(async () => {
  w = await startCatalogue();
  [withProceedings, clean, otherPerson] = await Promise.all([
    w.issue(withProceedingsInput()),
    w.issue(cleanCompanyInput()),
    w.issue(otherPersonInput()),
  ]);
});
afterAll(async () => {
  await w.close();
});

describe("forged-document catalogue: documents", () => {
  test(caseTitle("F01"), async () => {
    const forged = await w.alteredAmount(withProceedings);
    expect(pdftotext(forged)).toContain("CHF 34.50");
    const { status, report } = await w.verifyPdf(forged);
    expect(status).toBe(200);
    expectModified(report, "REVISION_NOT_FOUND");
    // What the verifier shows is the sealed statement: 2 open proceedings, CHF 3,334.50.
    expect(report.keyData.summary).toMatchObject({ openEntries: 2, openAmount: "3334.50" });
  });

  test(caseTitle("F02"), async () => {
    const pasted = await stampSeal(withProceedings.revision1, clean.qr);
    const asPdf = await w.verifyPdf(pasted);
    expectModified(asPdf.report, "REVISION_NOT_FOUND");
    expect(asPdf.report.keyData.debtor).toMatchObject({ type: "company", name: "Müller & Söhne AG" });
    // A photo of the paper proves only the QR's own data: valid, but for the company, with no
    // proceedings, where the paper shows a person with three.
    const photo = await w.verifyPhoto(clean.qr);
    expect(photo.report.verdict).toBe("valid");
    expect(photo.report.keyData.debtor).toMatchObject({ type: "company", name: "Müller & Söhne AG" });
    expect(photo.report.keyData.summary.entries).toBe(0);
  });

  test(caseTitle("F08"), async () => {
    // Regula Andermatt's PDF carrying Łukasz Dvořák-Ørsted's genuine QR.
    const replayed = await stampSeal(otherPerson.revision1, withProceedings.qr);
    expect(pdftotext(replayed)).toContain("Andermatt");
    const asPdf = await w.verifyPdf(replayed);
    expectModified(asPdf.report, "REVISION_NOT_FOUND");
    expect(asPdf.report.keyData.debtor).toMatchObject({
      lastName: "Dvořák-Ørsted",
      dateOfBirth: "1985-03-14",
    });
    const photo = await w.verifyPhoto(withProceedings.qr);
    expect(photo.report.verdict).toBe("valid");
    expect(photo.report.keyData.debtor.lastName).not.toBe("Andermatt");
  });

  test(caseTitle("F09"), async () => {
    const withScript = appendCatalogUpdate(withProceedings.pdf, (size) => ({
      extra: "/OpenAction << /S /JavaScript /JS (app.alert\\('Valid'\\);) >>",
      objects: [],
      size,
    }));
    const withFile = appendCatalogUpdate(withProceedings.pdf, (size) => {
      const payload = "MZ this could be anything";
      return {
        extra: `/Names << /EmbeddedFiles << /Names [(statement.pdf.exe) ${size} 0 R] >> >>`,
        objects: [
          `<< /Type /Filespec /F (statement.pdf.exe) /EF << /F ${size + 1} 0 R >> >>`,
          `<< /Type /EmbeddedFile /Length ${payload.length} >>\nstream\n${payload}\nendstream`,
        ],
        size: size + 2,
      };
    });
    // Both are well-formed PDFs that really carry what they claim.
    const script = writeTemp(withScript);
    const attached = writeTemp(withFile);
    execFileSync("qpdf", ["--check", script]);
    expect(execFileSync("qpdf", ["--json=1", "--json-key=objects", script], { encoding: "utf8" })).toContain(
      "app.alert",
    );
    expect(execFileSync("qpdf", ["--list-attachments", attached], { encoding: "utf8" })).toContain(
      "statement.pdf.exe",
    );
    for (const pdf of [withScript, withFile]) {
      const { status, report } = await w.verifyPdf(pdf);
      expect(status).toBe(200);
      expectModified(report, "EXTRA_CHANGES");
    }
  });

  test(caseTitle("F12"), async () => {
    // A genuine photo of page 1 (its QR verifies as a photo), and the forged PDF of F01.
    const jpeg = await extractPhoto(withProceedings.pdf, { width: 1200, height: 900, rotate: 2 });
    const png = await sharp(jpeg).png().toBuffer();
    const forged = await w.alteredAmount(withProceedings);
    const polyglots = [
      { name: "JPEG", file: jpegPdfPolyglot(jpeg, forged), type: "image/jpeg", photoName: "photo.jpg" },
      { name: "PNG", file: pngPdfPolyglot(png, forged), type: "image/png", photoName: "photo.png" },
    ];
    for (const p of polyglots) {
      // Both things at once: an image decoder shows the genuine page, a PDF reader the forgery.
      expect((await sharp(p.file).metadata()).format, p.name).toBe(p.name.toLowerCase());
      expect(pdftotext(p.file), p.name).toContain("CHF 34.50");
      for (const { status, report } of [
        await w.verify(p.file, p.type),
        await w.verify(p.file, "application/pdf"),
        await w.verifyUpload(p.file, p.photoName, p.type),
        await w.verifyUpload(p.file, "extract.pdf", "application/pdf"),
      ]) {
        expect(status, p.name).toBe(200);
        expect(report.verdict, p.name).toBe("modified");
        expect(report.source, p.name).toBe("pdf");
        expect(check(report, "PDF_INTEGRITY"), p.name).toMatchObject({
          status: "invalid",
          reason: "REVISION_NOT_FOUND",
        });
      }
    }
    // The genuine picture alone is a valid photo; sent as a PDF, or with a PDF after it beyond
    // the first 1,024 bytes, it is not.
    expect((await w.verify(jpeg, "image/jpeg")).report.verdict).toBe("valid");
    for (const { report } of [
      await w.verifyUpload(jpeg, "extract.pdf", "application/pdf"),
      await w.verifyUpload(jpeg, "extract.pdf", "application/octet-stream"),
      await w.verify(Buffer.concat([jpeg, forged]), "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("modified");
      expect(report.source).toBe("image");
      expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason: "IMAGE_AS_PDF" });
    }
    // A phone's motion photo (the video after the picture) is still a photo.
    const motion = motionPhoto(jpeg);
    for (const { report } of [
      await w.verify(motion, "image/jpeg"),
      await w.verifyUpload(motion, "PXL_20261122_MP.jpg", "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("valid");
      expect(report.source).toBe("image");
      expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "IMAGE" });
    }
  });

  test(caseTitle("F13"), async () => {
    const { qr, revision1 } = withProceedings;
    const hash = qr.indexOf("#");
    const seal = qr.slice(hash + 1);
    const official = qr.slice(0, hash);
    const foreign = `https://other-host.example/v#${seal}`;
    // The genuine file is exactly revision 1 stamped with the official text.
    expect(Buffer.from(await stampSeal(revision1, qr)).equals(Buffer.from(withProceedings.pdf))).toBe(true);
    for (const text of [foreign, seal, ` ${qr} `]) {
      const { status, report } = await w.verifyPdf(await stampSeal(revision1, text));
      expect(status).toBe(200);
      expectModified(report, "UNOFFICIAL_QR_TEXT");
    }
    const restamped = await w.verifyPdf(await stampSeal(revision1, foreign));
    expect(restamped.report.warnings).toEqual(["unofficial-address"]);
    // The QR text and a photo of the re-stamped paper: the seal is genuine, the address is not.
    for (const { report } of [
      await w.verifyQr(foreign),
      await w.verify(await qrPhoto(foreign, { rotate: 9, noise: 6, quality: 70, seed: 11 }), "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("valid");
      expect(report.warnings).toEqual(["unofficial-address"]);
      expect(report.warningParams).toEqual({
        address: "https://other-host.example/v",
        officialAddress: official,
      });
    }
    expect((await w.verifyQr(qr)).report.warnings).toEqual([]);
  });
});
