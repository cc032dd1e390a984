/**
 * Rendering uploaded PDFs off the event loop, within a hard time limit and a pixel cap
 * (src/pdf/raster.ts), as the verifier does for PDFs without a Sceau stamp.
 */
import { describe, expect, test } from "vitest";
import { PDFDocument } from "pdf-lib";
import { openPdfRasterWithin } from "../../src/pdf/raster.ts";

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
