/**
 * Finding and decoding QR codes in RGBA pixels.
 *
 * zxing-wasm (zxing-cpp) decodes first: it is about 15 times faster than jsQR here and decoded
 * every test image. Its WASM binary is handed over from the installed package, because by
 * default it fetches it from a CDN, which an offline machine cannot reach.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

export interface RgbaImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

let ready: Promise<unknown> | undefined;

/** Loads the decoder once per process (about 60–110 ms); later calls return at once. */
export function initQrDecoder(): Promise<unknown> {
  if (!ready) {
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    ready = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return ready;
}

/** Texts of every QR code found in the image, in the order zxing reports them. */
export async function decodeQrCodes(image: RgbaImage): Promise<string[]> {
  await initQrDecoder();
  const results = await readBarcodes(
    { data: image.data, width: image.width, height: image.height, colorSpace: "srgb" } as ImageData,
    { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 8 },
  );
  return results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text);
}
