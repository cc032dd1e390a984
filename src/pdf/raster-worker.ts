/**
 * pdf.js in a worker thread: parsing and drawing an uploaded PDF can take seconds, and a hostile
 * file longer. Here it neither blocks the service's event loop nor outlives the request's time
 * budget: the main thread terminates this worker at the deadline (`openPdfRasterWithin`). What
 * pdf.js decodes is counted (`decode-budget.ts`): opening the file and drawing one page may each
 * decode at most `maxDecodedBytes`.
 *
 * The messages it takes and answers are `raster-protocol.ts`.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { isSceauError } from "../core/errors.ts";
import { contentTooLarge, installDecodeBudget, scanFlateStreams } from "./decode-budget.ts";
import type { RasterAnswer, RasterRequest } from "./raster-protocol.ts";
import { openPdfRaster, type PdfRaster } from "./raster.ts";

const budget = installDecodeBudget();
let raster: PdfRaster | null = null;
let maxDecodedBytes = Number.POSITIVE_INFINITY;

parentPort?.on("message", (request: RasterRequest) => {
  if ("release" in request) {
    void raster?.close();
    raster = null;
    return;
  }
  void answer(request).then((a) => {
    const transfer = "image" in a ? [a.image.data.buffer as ArrayBuffer] : [];
    parentPort?.postMessage(a, transfer);
  });
});

/** Runs `f` with the decode budget counting; refuses its result when the budget ran out. */
async function counted<T>(f: () => Promise<T>): Promise<T> {
  budget.begin(maxDecodedBytes);
  let result: T;
  try {
    result = await f();
  } catch (e) {
    if (budget.end()) throw contentTooLarge(maxDecodedBytes);
    throw e;
  }
  if (budget.end()) throw contentTooLarge(maxDecodedBytes);
  return result;
}

async function answer(request: Exclude<RasterRequest, { release: true }>): Promise<RasterAnswer> {
  try {
    if ("open" in request) {
      // A kept-warm thread serves one document at a time.
      await raster?.close();
      raster = null;
      maxDecodedBytes = request.maxDecodedBytes;
      await scanFlateStreams(request.open, maxDecodedBytes);
      raster = await counted(() => openPdfRaster(request.open));
      return { pages: raster.pages };
    }
    const open = raster;
    if (!open) return { error: "PDF_UNREADABLE", message: "No PDF is open." };
    const [index, dpi, maxPixels] = request.render;
    const image = await counted(() => open.render(index, dpi, maxPixels));
    // The canvas's pixels live in native memory that cannot be transferred: one copy that can.
    return { image: { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height } };
  } catch (e) {
    return isSceauError(e)
      ? { error: e.code, message: e.message }
      : { error: "PDF_UNREADABLE", message: "The PDF could not be rendered." };
  }
}
