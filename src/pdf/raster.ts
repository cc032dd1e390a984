/**
 * Rasterising PDF pages with pdf.js (Apache-2.0) on @napi-rs/canvas (MIT), to find a QR code
 * that exists only as pixels or drawing operators (printed and scanned, or re-drawn files).
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import { SceauError } from "../core/errors.ts";
import type { RgbaImage } from "../qr/decode.ts";

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve("pdfjs-dist/package.json"));
const asset = (folder: string): string => `${pathToFileURL(join(pdfjsRoot, folder)).href}/`;

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

interface CanvasLike {
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

export interface RasterOptions {
  /** Resolution in dots per inch. */
  readonly dpi: number;
  /** Pages to render, from the first; more pages are ignored. */
  readonly maxPages: number;
  /** Largest page raster allowed, in pixels. */
  readonly maxPixels: number;
}

/**
 * Renders the first pages of a PDF to RGBA, one page at a time, calling `visit` for each until it
 * returns true.
 * @throws {SceauError} `PDF_UNREADABLE` when pdf.js cannot open the file
 */
export async function forEachPageRaster(
  pdf: Uint8Array,
  options: RasterOptions,
  visit: (image: RgbaImage, pageIndex: number) => Promise<boolean>,
): Promise<{ pages: number }> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    data: pdf.slice(),
    standardFontDataUrl: asset("standard_fonts"),
    cMapUrl: asset("cmaps"),
    wasmUrl: asset("wasm"),
    enableXfa: false,
    verbosity: 0,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (cause) {
      throw new SceauError("PDF_UNREADABLE", "The PDF could not be opened.", { cause });
    }
    const count = Math.min(doc.numPages, options.maxPages);
    for (let i = 1; i <= count; i++) {
      const page = await doc.getPage(i);
      let viewport = page.getViewport({ scale: options.dpi / 72 });
      const pixels = viewport.width * viewport.height;
      if (pixels > options.maxPixels)
        viewport = page.getViewport({ scale: (options.dpi / 72) * Math.sqrt(options.maxPixels / pixels) });
      const width = Math.floor(viewport.width);
      const height = Math.floor(viewport.height);
      const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: CanvasLike } };
      const { canvas } = factory.create(width, height);
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        viewport,
        background: "rgb(255,255,255)",
      }).promise;
      const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
      page.cleanup();
      if (await visit({ data, width, height }, i - 1)) return { pages: doc.numPages };
    }
    return { pages: doc.numPages };
  } finally {
    await task.destroy();
  }
}
