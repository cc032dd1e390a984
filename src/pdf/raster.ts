/**
 * Rasterising PDF pages with pdf.js (Apache-2.0) on @napi-rs/canvas (MIT), to find a QR code
 * that exists only as pixels or drawing operators (printed and scanned, or re-drawn files).
 *
 * The file is attacker-controlled: pages are counted before anything is drawn, and a page's
 * raster never exceeds the pixel limit whatever size the page declares.
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import { ERROR_CODES, SceauError, type ErrorCode } from "../core/errors.ts";
import type { RgbaImage } from "../core/image.ts";
import { hardLimits, watchHeap } from "../workers/heap-watch.ts";
import type { RasterAnswer, RasterRequest } from "./raster-protocol.ts";

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve("pdfjs-dist/package.json"));
const asset = (folder: string): string => `${pathToFileURL(join(pdfjsRoot, folder)).href}/`;

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;

/** Imports pdf.js once per process (about 100 ms); later calls return at once. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

interface CanvasLike {
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

/** An opened PDF whose pages can be rendered one at a time. */
export interface PdfRaster {
  readonly pages: number;
  /**
   * Renders page `index` (from 0) on white at `dpi`, scaled down so that the raster has at
   * most `maxPixels` pixels.
   */
  render(index: number, dpi: number, maxPixels: number): Promise<RgbaImage>;
  close(): Promise<void>;
}

/**
 * Opens `pdf` for rendering. Only the document structure is parsed; nothing is drawn yet.
 * @throws {SceauError} `PDF_UNREADABLE` when pdf.js cannot open the file
 */
export async function openPdfRaster(pdf: Uint8Array): Promise<PdfRaster> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js may transfer the bytes it is given: its own copy (see openPdfRasterWithin).
    data: new Uint8Array(pdf),
    standardFontDataUrl: asset("standard_fonts"),
    cMapUrl: asset("cmaps"),
    wasmUrl: asset("wasm"),
    enableXfa: false,
    verbosity: 0,
  });
  let doc: PdfJsModule.PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (cause) {
    await task.destroy();
    throw new SceauError("PDF_UNREADABLE", "The PDF could not be opened.", { cause });
  }
  return {
    pages: doc.numPages,
    async render(index, dpi, maxPixels) {
      const page = await doc.getPage(index + 1);
      try {
        let viewport = page.getViewport({ scale: dpi / 72 });
        const pixels = viewport.width * viewport.height;
        if (pixels > maxPixels)
          viewport = page.getViewport({ scale: (dpi / 72) * Math.sqrt(maxPixels / pixels) });
        const width = Math.max(1, Math.floor(viewport.width));
        const height = Math.max(1, Math.floor(viewport.height));
        const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: CanvasLike } };
        const { canvas } = factory.create(width, height);
        await page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          viewport,
          background: "rgb(255,255,255)",
        }).promise;
        return { data: canvas.getContext("2d").getImageData(0, 0, width, height).data, width, height };
      } finally {
        page.cleanup();
      }
    },
    close: () => task.destroy(),
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
  const raster = await openPdfRaster(pdf);
  try {
    const count = Math.min(raster.pages, options.maxPages);
    for (let i = 0; i < count; i++) {
      if (await visit(await raster.render(i, options.dpi, options.maxPixels), i)) break;
    }
    return { pages: raster.pages };
  } finally {
    await raster.close();
  }
}

/** Idle renderer threads kept warm (pdf.js loaded): starting one costs about 150 ms. */
const idle: Worker[] = [];
const MAX_IDLE = 2;

/**
 * The JavaScript heap a renderer thread may use, in MB (`src/workers/heap-watch.ts`). pdf.js needs
 * some 30 to 60 MB for the files it is meant for; a file whose drawing needs more (millions of
 * drawing operators) stops the thread with `PDF_CONTENT_TOO_LARGE`, never the service. Decoded
 * data and pixels live outside this heap: the decode budget bounds them.
 */
const RASTER_HEAP_MB = 256;

export interface RasterLimits {
  /** Bytes that opening the file, and drawing each page, may decode (default: no limit). */
  readonly maxDecodedBytes?: number;
}

/**
 * {@link openPdfRaster} in a worker thread with a hard time limit: parsing and drawing happen off
 * the event loop, and when `timeoutMs` has passed the thread is terminated and every pending or
 * later call fails with `TIME_BUDGET_EXCEEDED`.
 * @throws {SceauError} `PDF_UNREADABLE`, `PDF_CONTENT_TOO_LARGE`, `TIME_BUDGET_EXCEEDED`
 */
export async function openPdfRasterWithin(
  pdf: Uint8Array,
  timeoutMs: number,
  limits: RasterLimits = {},
): Promise<PdfRaster> {
  const worker =
    idle.pop() ??
    new Worker(new URL("./raster-worker.ts", import.meta.url), {
      resourceLimits: hardLimits(RASTER_HEAP_MB),
    });
  worker.ref();
  let failure: SceauError | null = null;
  let pending: { resolve: (a: RasterAnswer) => void; reject: (e: SceauError) => void } | null = null;
  const stop = (e: SceauError): void => {
    failure ??= e;
    pending?.reject(failure);
    pending = null;
    void worker.terminate();
  };
  const timer = setTimeout(() => {
    stop(new SceauError("TIME_BUDGET_EXCEEDED", `Rendering the PDF took more than ${timeoutMs} ms.`));
  }, timeoutMs);
  const tooLarge = (): SceauError =>
    new SceauError("PDF_CONTENT_TOO_LARGE", "Drawing the PDF needs more memory than is allowed.");
  const unwatch = watchHeap(worker, RASTER_HEAP_MB, () => {
    stop(tooLarge());
  });
  const onMessage = (a: RasterAnswer): void => {
    pending?.resolve(a);
    pending = null;
  };
  const onGone = (e?: unknown): void => {
    const outOfMemory = (e as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
    stop(outOfMemory ? tooLarge() : new SceauError("PDF_UNREADABLE", "The PDF renderer stopped."));
  };
  worker.on("message", onMessage);
  worker.on("error", onGone);
  worker.on("exit", onGone);
  const call = async (request: RasterRequest, transfer: ArrayBuffer[] = []): Promise<RasterAnswer> => {
    if (failure) throw failure;
    const a = await new Promise<RasterAnswer>((resolve, reject) => {
      pending = { resolve, reject };
      worker.postMessage(request, transfer);
    });
    if ("error" in a) {
      const code = (ERROR_CODES as readonly string[]).includes(a.error)
        ? (a.error as ErrorCode)
        : "PDF_UNREADABLE";
      throw new SceauError(code, a.message);
    }
    return a;
  };
  const close = async (): Promise<void> => {
    clearTimeout(timer);
    unwatch();
    worker.off("message", onMessage);
    worker.off("error", onGone);
    worker.off("exit", onGone);
    if (!failure && idle.length < MAX_IDLE) {
      worker.postMessage({ release: true } satisfies RasterRequest);
      worker.unref();
      idle.push(worker);
    } else {
      await worker.terminate();
    }
  };
  try {
    // A copy of the caller's bytes is moved to the thread. Not `pdf.slice()`: on a Node Buffer
    // (what readFileSync gives the command line) that is a view, and moving its memory would
    // detach the caller's bytes, which the byte-exact check reads afterwards.
    const copy = new Uint8Array(pdf);
    const opened = await call(
      { open: copy, maxDecodedBytes: limits.maxDecodedBytes ?? Number.POSITIVE_INFINITY },
      [copy.buffer],
    );
    if (!("pages" in opened))
      throw new SceauError("PDF_UNREADABLE", "Unexpected answer from the PDF renderer.");
    return {
      pages: opened.pages,
      async render(index, dpi, maxPixels) {
        const a = await call({ render: [index, dpi, maxPixels] });
        if (!("image" in a))
          throw new SceauError("PDF_UNREADABLE", "Unexpected answer from the PDF renderer.");
        return a.image;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
