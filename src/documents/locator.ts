/**
 * The verifier's document reader (`DocumentReader`, `src/verifier/ports.ts`) over the PDF and QR
 * adapters. Finding the seal's QR text in an uploaded document, within limits and a time budget:
 *
 * - PDF: first the stamp's `/SceauSeal` (no rendering: our own PDFs take a millisecond); else the
 *   pages are counted, then rendered at 150 dpi and searched; then, for scans and photos turned
 *   into PDFs, rendered at 300 dpi and searched with the robust image scan.
 * - Image (JPEG, PNG, WebP): the header is checked against the pixel limit, then the robust
 *   image scan (`src/qr/image.ts`).
 *
 * The first text that `accept` takes (a seal) wins. When none does, the first QR text seen is
 * returned (the verifier then reports it as not a seal); with none at all, `QR_NOT_FOUND`, or
 * `TIME_BUDGET_EXCEEDED` when the budget ended the search early.
 *
 * The byte-exact check of a PDF is `src/pdf/integrity.ts`'s.
 * @module
 */
import { availableParallelism } from "node:os";
import { SceauError } from "../core/errors.ts";
import { checkPdfIntegrity } from "../pdf/integrity.ts";
import { openPdfRasterWithin, type PdfRaster } from "../pdf/raster.ts";
import { readSealTexts } from "../pdf/seal-text.ts";
import { Deadline } from "../qr/deadline.ts";
import { decodeQrCodes } from "../qr/decode.ts";
import { inspectImage, scanImage, type ScanResult } from "../qr/image.ts";
import type { JsQrRunner } from "../qr/jsqr.ts";
import type { DocumentReader, Located, PdfIntegrity } from "../verifier/ports.ts";
import { PixelQueue } from "./pixel-queue.ts";

export interface LocatorLimits {
  /** Pages a PDF may have when it has to be rendered. */
  readonly maxPdfPages: number;
  /** Pixels an image may have, and most pixels a page is rendered with. */
  readonly maxPixels: number;
  /** Time to find the QR code in one file, counted from when its decoding starts. */
  readonly timeBudgetMs: number;
  /**
   * Files decoded from pixels at once (default: the number of cores). Each holds up to a few
   * hundred megabytes of pixels; others wait their turn, and their budget starts when it comes.
   */
  readonly concurrency?: number;
  /** Files that may wait for their turn (default: no limit). */
  readonly queueMax?: number;
  /** Longest wait for a turn, in milliseconds (default, or 0: no limit). */
  readonly queueWaitMs?: number;
  /** Files from one client decoded or waiting at once (default: no limit). */
  readonly jobsPerAddress?: number;
}

/** The client of a file when none is named (the command line). */
const LOCAL_CLIENT = "local";

/**
 * Page rasters stay below this whatever the limit for uploaded images: a page is drawn by us,
 * and 16 megapixels is an A4 page at about 400 dpi.
 */
const MAX_PAGE_PIXELS = 16_000_000;

/**
 * What opening a PDF, and drawing one of its pages, may decode (streams, images), per pixel of
 * the image limit: 200 MB at the default 50 megapixels, where a colour page scanned at 300 dpi
 * takes a few tens of megabytes.
 */
const DECODED_BYTES_PER_PIXEL = 4;

export class QrLocator implements DocumentReader {
  private readonly limits: LocatorLimits;
  private readonly jsqr: JsQrRunner | undefined;
  private readonly slots: PixelQueue;

  constructor(limits: LocatorLimits, jsqr?: JsQrRunner) {
    this.limits = limits;
    this.jsqr = jsqr;
    this.slots = new PixelQueue({
      slots: limits.concurrency ?? availableParallelism(),
      maxQueued: limits.queueMax ?? Number.POSITIVE_INFINITY,
      maxWaitMs: limits.queueWaitMs ?? 0,
      perClient: limits.jobsPerAddress ?? Number.POSITIVE_INFINITY,
      retryAfterSeconds: Math.max(1, Math.ceil(limits.timeBudgetMs / 1000)),
    });
  }

  async inPdf(pdf: Uint8Array, accept: (text: string) => boolean, client = LOCAL_CLIENT): Promise<Located> {
    const stamped = readSealTexts(pdf);
    const fromStamp = stamped.find(accept);
    if (fromStamp !== undefined) return { text: fromStamp, via: "stamp", stamped: true, attempts: ["stamp"] };
    const found = await this.slots.run(client, () => this.rendered(pdf, stamped, accept));
    return { ...found, stamped: stamped.length > 0 };
  }

  async inImage(
    bytes: Uint8Array,
    accept: (text: string) => boolean,
    client = LOCAL_CLIENT,
  ): Promise<Located> {
    await inspectImage(bytes, this.limits.maxPixels);
    return this.slots.run(client, async () => {
      const deadline = new Deadline(this.limits.timeBudgetMs);
      const scan = await scanImage(
        { kind: "encoded", bytes },
        { deadline, accept, maxPixels: this.limits.maxPixels, jsqr: this.jsqr },
      );
      return conclude(
        scan.found,
        [...scan.texts],
        scan.attempts,
        !scan.exhausted && scan.found === null,
        deadline,
      );
    });
  }

  pdfIntegrity(
    pdf: Uint8Array,
    digest: Uint8Array,
    qrText: string,
    officialText: string,
  ): Promise<PdfIntegrity> {
    return checkPdfIntegrity(pdf, digest, qrText, officialText);
  }

  private async rendered(
    pdf: Uint8Array,
    stamped: string[],
    accept: (text: string) => boolean,
  ): Promise<Located> {
    const deadline = new Deadline(this.limits.timeBudgetMs);
    // Parsing and drawing run in a thread that is terminated when the budget runs out, and that
    // may decode only so much per page.
    const raster = await openPdfRasterWithin(pdf, this.limits.timeBudgetMs, {
      maxDecodedBytes: DECODED_BYTES_PER_PIXEL * this.limits.maxPixels,
    });
    try {
      if (raster.pages > this.limits.maxPdfPages) {
        throw new SceauError(
          "PDF_TOO_MANY_PAGES",
          `The PDF has ${raster.pages} pages and no Sceau stamp; at most ${this.limits.maxPdfPages} pages are searched for a QR code.`,
          { details: { pages: raster.pages, maxPages: this.limits.maxPdfPages } },
        );
      }
      return await this.searchPages(raster, deadline, accept, stamped);
    } finally {
      await raster.close();
    }
  }

  private async searchPages(
    raster: PdfRaster,
    deadline: Deadline,
    accept: (text: string) => boolean,
    seen: string[],
  ): Promise<Located> {
    const texts = [...seen];
    const attempts: string[] = [];
    const maxPixels = Math.min(this.limits.maxPixels, MAX_PAGE_PIXELS);
    // Pass 1: every page at 150 dpi, one quick look each (a re-drawn or cleanly scanned PDF).
    for (let i = 0; i < raster.pages; i++) {
      if (attempts.length > 0 && deadline.expired()) return conclude(null, texts, attempts, true, deadline);
      attempts.push(`page-${i + 1}-150dpi`);
      const found = await decodeQrCodes(await raster.render(i, 150, maxPixels));
      for (const t of found) if (!texts.includes(t)) texts.push(t);
      const hit = found.find(accept);
      if (hit !== undefined) return { text: hit, via: "pixels", attempts };
    }
    // Pass 2: every page at 300 dpi with the robust scan (a photo or a poor scan in a PDF).
    for (let i = 0; i < raster.pages; i++) {
      if (deadline.expired()) return conclude(null, texts, attempts, true, deadline);
      const image = await raster.render(i, 300, maxPixels);
      const scan: ScanResult = await scanImage(
        { kind: "rgba", ...image },
        { deadline, accept, maxPixels, jsqr: this.jsqr },
      );
      attempts.push(...scan.attempts.map((a) => `page-${i + 1}-300dpi-${a}`));
      for (const t of scan.texts) if (!texts.includes(t)) texts.push(t);
      if (scan.found !== null) return { text: scan.found, via: "pixels", attempts };
      if (!scan.exhausted) return conclude(null, texts, attempts, true, deadline);
    }
    return conclude(null, texts, attempts, false, deadline);
  }
}

function conclude(
  found: string | null,
  texts: string[],
  attempts: readonly string[],
  cut: boolean,
  deadline: Deadline,
): Located {
  if (found !== null) return { text: found, via: "pixels", attempts: [...attempts] };
  // No seal, but some QR code: the verifier reports it as not a seal.
  const [first] = texts;
  if (first !== undefined) return { text: first, via: "pixels", attempts: [...attempts] };
  if (cut) {
    throw new SceauError(
      "TIME_BUDGET_EXCEEDED",
      `No QR code was found within the ${deadline.budgetMs} ms allowed per request (${attempts.length} attempts).`,
      { details: { budgetMs: deadline.budgetMs, attempts: [...attempts] } },
    );
  }
  throw new SceauError("QR_NOT_FOUND", "No QR code was found.", { details: { attempts: [...attempts] } });
}
