/**
 * The messages between the PDF rasteriser (`raster.ts`) and its worker thread
 * (`raster-worker.ts`), apart from both so that neither imports the other.
 *
 * `{ open: bytes, maxDecodedBytes }` answers `{ pages }`; `{ render: [index, dpi, maxPixels] }`
 * answers `{ image }` (RGBA, transferred); `{ release: true }` frees the document and answers
 * nothing; a failure answers `{ error: code, message }`, the message always our own (a library's
 * text never reaches a client).
 * @module
 */
import type { RgbaImage } from "../core/image.ts";

export type RasterRequest =
  | { readonly open: Uint8Array; readonly maxDecodedBytes: number }
  | { readonly render: readonly [index: number, dpi: number, maxPixels: number] }
  | { readonly release: true };

export type RasterAnswer =
  | { readonly pages: number }
  | { readonly image: RgbaImage }
  | { readonly error: string; readonly message: string };
