/**
 * The invoice's QR-bill, read back as a bank's app reads it: the PDF rasterised at 300 dpi
 * (pdftoppm), the Swiss QR Code decoded with zxing-wasm, and its SPC payload checked field by
 * field against the Swiss Implementation Guidelines for the QR-bill (version 2.x).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isQRReferenceValid } from "swissqrbill/utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import type { OfficeCreditor } from "../../src/counter/ports.ts";
import { billText, qrBillPayment } from "../../src/payment/invoice.ts";
import { isQrReference, mod10Recursive, qrReferenceOf } from "../../src/payment/reference.ts";

const office: OfficeCreditor = {
  qrIban: "CH4431999123000889012",
  creditor: {
    name: "Office des poursuites du Jura",
    street: "Rue de l'Exemple",
    houseNumber: "1",
    postalCode: "2800",
    town: "Delémont",
    country: "CH",
  },
  referencePrefix: "",
};
const payment = qrBillPayment(new Map([["ju", office]]));
const request = {
  orderId: "ord-2026-000042",
  office: "ju",
  amountCents: 1700,
  language: "fr" as const,
  debtor: {
    name: "Élise Müller",
    address: {
      street: "Chemin des Lilas",
      houseNumber: "12a",
      postalCode: "2900",
      town: "Porrentruy",
      country: "CH",
    },
  },
};

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sceau-qrbill-"));
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  await prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTemp(pdf: Uint8Array): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The texts of the QR codes on the PDF's pages, rasterised at 300 dpi. */
async function qrTexts(pdf: Uint8Array): Promise<string[]> {
  const file = writeTemp(pdf);
  execFileSync("pdftoppm", ["-r", "300", "-gray", "-png", file, `${file}-page`]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${file.slice(dir.length + 1)}-page`));
  const texts: string[] = [];
  for (const page of pages) {
    const results = await readBarcodes(new Uint8Array(readFileSync(join(dir, page))), {
      formats: ["QRCode"],
    });
    texts.push(...results.filter((r) => r.isValid).map((r) => r.text));
  }
  return texts;
}

describe("the QR reference", () => {
  test("has 27 digits whose last is the recursive modulo-10 check digit", () => {
    // The Swiss Payment Standards' example reference.
    expect(mod10Recursive("21000000000313947143000901")).toBe(7);
    expect(isQrReference("210000000003139471430009017")).toBe(true);
    expect(isQrReference("210000000003139471430009018")).toBe(false);
    for (const id of ["a", "ord-1", "ord-2", "é ü 東京"]) {
      const ref = qrReferenceOf(id, "");
      expect(ref).toMatch(/^\d{27}$/);
      expect(isQrReference(ref)).toBe(true);
      expect(isQRReferenceValid(ref), "swissqrbill agrees").toBe(true);
    }
  });

  test("is the same for the same order, different for another, and keeps the bank's prefix", () => {
    expect(qrReferenceOf("ord-1", "")).toBe(qrReferenceOf("ord-1", ""));
    expect(qrReferenceOf("ord-1", "")).not.toBe(qrReferenceOf("ord-2", ""));
    const withPrefix = qrReferenceOf("ord-1", "123456");
    expect(withPrefix.startsWith("123456")).toBe(true);
    expect(isQRReferenceValid(withPrefix)).toBe(true);
  });
});

describe("the invoice", () => {
  test("carries a Swiss QR Code with the office's QR-IBAN, CHF 17.00, the order's reference and both addresses", async () => {
    const invoice = await payment.invoice(request);
    expect(Buffer.from(invoice.pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const texts = await qrTexts(invoice.pdf);
    expect(texts).toHaveLength(1);
    const lines = (texts[0] ?? "").split(/\r?\n/);
    expect(lines.slice(0, 3)).toEqual(["SPC", "0200", "1"]);
    expect(lines[3]).toBe("CH4431999123000889012");
    expect(lines.slice(4, 11)).toEqual([
      "S",
      "Office des poursuites du Jura",
      "Rue de l'Exemple",
      "1",
      "2800",
      "Delémont",
      "CH",
    ]);
    expect(
      lines.slice(11, 18).every((l) => l === ""),
      "no ultimate creditor",
    ).toBe(true);
    expect(lines[18]).toBe("17.00");
    expect(lines[19]).toBe("CHF");
    expect(lines.slice(20, 27)).toEqual([
      "S",
      "Élise Müller",
      "Chemin des Lilas",
      "12a",
      "2900",
      "Porrentruy",
      "CH",
    ]);
    expect(lines[27]).toBe("QRR");
    expect(lines[28]).toBe(invoice.reference);
    expect(isQrReference(lines[28] ?? "")).toBe(true);
    expect(lines[29]).toContain("ord-2026-000042");
    expect(lines[30]).toBe("EPD");
  });

  test("is in the citizen's language and keeps a configured fee", async () => {
    const invoice = await payment.invoice({ ...request, language: "de", amountCents: 2350 });
    const lines = ((await qrTexts(invoice.pdf))[0] ?? "").split(/\r?\n/);
    expect(lines[18]).toBe("23.50");
    expect(lines[29]).toContain("Bestellung");
  });

  test("refuses an office without a creditor, a non-positive amount and a debtor the QR-bill cannot carry", async () => {
    await expect(payment.invoice({ ...request, office: "nowhere" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(payment.invoice({ ...request, amountCents: 0 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(
      payment.invoice({
        ...request,
        debtor: { ...request.debtor, address: { ...request.debtor.address, country: "C" } },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  test("writes a debtor in the bill's characters, without accents it lacks, or leaves the debtor out", async () => {
    expect(billText("Łukasz Wałęsa")).toBe("Łukasz Wałęsa");
    expect(billText("Nguyễn Văn")).toBe("Nguyen Van");
    expect(billText("Дмитрий")).toBeNull();
    const cyrillic = await payment.invoice({
      ...request,
      debtor: { ...request.debtor, name: "Дмитрий Иванов" },
    });
    const lines = ((await qrTexts(cyrillic.pdf))[0] ?? "").split(/\r?\n/);
    expect(
      lines.slice(20, 27).every((l) => l === ""),
      "no debtor in the payload",
    ).toBe(true);
    expect(lines[28]).toBe(cyrillic.reference);
    const text = execFileSync("pdftotext", [writeTemp(cyrillic.pdf), "-"], { encoding: "utf8" });
    expect(text, "the letter part names the debtor in their own letters").toContain("Дмитрий Иванов");
  });

  test("refuses to be built on an account that is not a QR-IBAN", async () => {
    const plain = qrBillPayment(new Map([["ju", { ...office, qrIban: "CH9300762011623852957" }]]));
    await expect(plain.invoice(request)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
