/**
 * Rendering uploaded PDFs off the event loop, within a hard time limit, a pixel cap, a budget of
 * decoded bytes and a heap limit (src/pdf/raster.ts), as the verifier does for PDFs without a
 * Sceau stamp.
 */
import { deflateSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { openPdfRasterWithin } from "../../src/pdf/raster.ts";
import {
  flateBombContentPdf,
  flateBombImagePdf,
  imagePagePdf,
  missingPagePdf,
  zlibZeros,
} from "../helpers/hostile.ts";

async function blankPdf(pages: number, size: [number, number] = [595, 842]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage(size);
  return doc.save();
}

describe("rendering PDFs in a worker thread", () => {
  test("counts the pages before drawing, then draws one page at a time on white", async () => {
    const raster = await openPdfRasterWithin(await blankPdf(3), 20_000);
    try {
      expect(raster.pages).toBe(3);
      const page = await raster.render(1, 150, 50_000_000);
      expect([page.width, page.height]).toEqual([1239, 1754]);
      expect(page.data.length).toBe(1239 * 1754 * 4);
      expect([...page.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    } finally {
      await raster.close();
    }
  });

  test("a page declaring 5 × 5 metres is drawn within the pixel cap", async () => {
    const raster = await openPdfRasterWithin(await blankPdf(1, [14_400, 14_400]), 20_000);
    try {
      const page = await raster.render(0, 300, 4_000_000);
      expect(page.width * page.height).toBeLessThanOrEqual(4_000_000);
      expect(page.width).toBeGreaterThan(1900);
    } finally {
      await raster.close();
    }
  });

  test("error: once its time limit has passed the thread is stopped: TIME_BUDGET_EXCEEDED", async () => {
    const raster = await openPdfRasterWithin(await blankPdf(2), 300);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(raster.render(0, 150, 50_000_000)).rejects.toMatchObject({ code: "TIME_BUDGET_EXCEEDED" });
    await raster.close();
    // The next document gets a fresh thread and renders.
    const next = await openPdfRasterWithin(await blankPdf(1), 20_000);
    expect((await next.render(0, 72, 1_000_000)).width).toBe(595);
    await next.close();
  });

  test("error: bytes that are no PDF are PDF_UNREADABLE", async () => {
    await expect(
      openPdfRasterWithin(new TextEncoder().encode("%PDF-1.7 nothing"), 20_000),
    ).rejects.toMatchObject({
      code: "PDF_UNREADABLE",
    });
  });
});

describe("what a PDF may decode (flate bombs)", () => {
  const MAX_DECODED = 200_000_000;
  const open = (pdf: Buffer, timeoutMs = 20_000) =>
    openPdfRasterWithin(new Uint8Array(pdf), timeoutMs, { maxDecodedBytes: MAX_DECODED });
  const rendered = async (pdf: Buffer, timeoutMs?: number): Promise<number> => {
    const raster = await open(pdf, timeoutMs);
    try {
      return (await raster.render(0, 300, 16_000_000)).width;
    } finally {
      await raster.close();
    }
  };

  test("an image of 4 GiB of zeros in a 4 MB file is refused before pdf.js sees it: PDF_CONTENT_TOO_LARGE", async () => {
    const pdf = flateBombImagePdf(4000);
    expect(pdf.length).toBeLessThan(5_000_000);
    await expect(rendered(pdf)).rejects.toMatchObject({ code: "PDF_CONTENT_TOO_LARGE" });
  });

  test("a page content stream of 4 GiB is refused: PDF_CONTENT_TOO_LARGE", async () => {
    await expect(rendered(flateBombContentPdf(4000))).rejects.toMatchObject({
      code: "PDF_CONTENT_TOO_LARGE",
    });
  });

  test("a bomb behind another filter (ASCIIHex, then flate) is stopped while pdf.js decodes it", async () => {
    const hex = Buffer.from(zlibZeros(400).toString("hex"), "latin1");
    const pdf = imagePagePdf(hex, 20_000, 20_000, "/DeviceGray", "[/ASCIIHexDecode /FlateDecode]");
    await expect(rendered(pdf)).rejects.toMatchObject({ code: "PDF_CONTENT_TOO_LARGE" });
  });

  test("a colour page scanned at 300 dpi, as JPEG or flate, decodes within the budget and renders", async () => {
    const [w, h] = [2480, 3508];
    const raw = Buffer.alloc(w * h * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
    const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    expect(await rendered(imagePagePdf(jpeg, w, h, "/DeviceRGB", "/DCTDecode"))).toBe(2479);
    expect(await rendered(imagePagePdf(deflateSync(raw), w, h, "/DeviceRGB", "/FlateDecode"))).toBe(2479);
  });

  test("a page of millions of drawing operators stops the thread at its heap limit: PDF_CONTENT_TOO_LARGE, and the process lives on", async () => {
    const content = deflateSync(Buffer.from("1 2 m 3 4 l\n".repeat(5_000_000), "latin1"));
    const pdf = imagePagePdf(Buffer.alloc(0), 1, 1, "/DeviceGray", "/FlateDecode", content);
    await expect(rendered(pdf, 60_000)).rejects.toMatchObject({ code: "PDF_CONTENT_TOO_LARGE" });
    expect(await rendered(Buffer.from(await blankPdf(1)))).toBe(2479);
  }, 90_000);

  test("pdf.js's own error text never leaves the thread: our message by code", async () => {
    const raster = await open(missingPagePdf());
    try {
      await raster.render(0, 72, 1_000_000);
      await expect(raster.render(1, 72, 1_000_000)).rejects.toMatchObject({
        code: "PDF_UNREADABLE",
        message: "The PDF could not be rendered.",
      });
    } finally {
      await raster.close();
    }
  });
});
