/**
 * pdf.js in a worker thread: parsing and drawing an uploaded PDF can take seconds, and a hostile
 * file longer. Here it neither blocks the service's event loop nor outlives the request's time
 * budget: the main thread terminates this worker at the deadline (`openPdfRasterWithin`).
 *
 * Protocol: `{ open: bytes }` answers `{ pages }`; `{ render: [index, dpi, maxPixels] }` answers
 * `{ image }` (RGBA, transferred); `{ release: true }` frees the document and answers nothing; a
 * failure answers `{ error: code, message }`.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { isSceauError } from "../core/errors.ts";
import { openPdfRaster, type PdfRaster } from "./raster.ts";

export type RasterRequest =
  | { readonly open: Uint8Array }
  | { readonly render: readonly [index: number, dpi: number, maxPixels: number] }
  | { readonly release: true };

export type RasterAnswer =
  | { readonly pages: number }
  | { readonly image: { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number } }
  | { readonly error: string; readonly message: string };

let raster: PdfRaster | null = null;

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

async function answer(request: Exclude<RasterRequest, { release: true }>): Promise<RasterAnswer> {
  try {
    if ("open" in request) {
      // A kept-warm thread serves one document at a time.
      await raster?.close();
      raster = null;
      raster = await openPdfRaster(request.open);
      return { pages: raster.pages };
    }
    if (!raster) return { error: "PDF_UNREADABLE", message: "No PDF is open." };
    const [index, dpi, maxPixels] = request.render;
    const image = await raster.render(index, dpi, maxPixels);
    // The canvas's pixels live in native memory that cannot be transferred: one copy that can.
    return { image: { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height } };
  } catch (e) {
    return {
      error: isSceauError(e) ? e.code : "PDF_UNREADABLE",
      message: e instanceof Error ? e.message : "The PDF could not be rendered.",
    };
  }
}
