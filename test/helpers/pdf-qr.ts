/**
 * Finding the QR code of a PDF by rendering its pages and decoding the pixels: the plain form of
 * what `src/documents/locator.ts` does within limits and a time budget, for tests that need the QR
 * text as drawn (not as stored in the stamp).
 * @module
 */
import { forEachPageRaster, type RasterOptions } from "../../src/pdf/raster.ts";
import { decodeQrCodes } from "../../src/qr/decode.ts";

/** QR texts found on the first pages of `pdf`, stopping at the first page that has any. */
export async function findQrByRendering(pdf: Uint8Array, options: RasterOptions): Promise<string[]> {
  let found: string[] = [];
  await forEachPageRaster(pdf, options, async (image) => {
    found = await decodeQrCodes(image);
    return found.length > 0;
  });
  return found;
}
