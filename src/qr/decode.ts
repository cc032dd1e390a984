/**
 * Finding and decoding QR codes in pixels with zxing-wasm (zxing-cpp, Apache-2.0).
 *
 * zxing-wasm decodes first: it is about 15 times faster than jsQR here and decodes more. Its WASM
 * binary is handed over from the installed package, because by default it fetches it from a CDN,
 * which an offline machine cannot reach.
 *
 * Grey images are passed to it as a binary PGM file (its image loader reads PNM): zxing then
 * reads the luminance as is, instead of converting RGBA to grey in a JavaScript loop.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes, type ReaderOptions } from "zxing-wasm/reader";

export interface RgbaImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** One byte of luminance per pixel, rows top to bottom. */
export interface GrayImage {
  readonly data: Uint8Array;
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

/** Options of one decoding attempt. */
export interface ZxingAttempt {
  readonly binarizer?: "LocalAverage" | "GlobalHistogram" | "FixedThreshold";
  /** Also look at zxing's own 1/3-scale copy of the image (default true). */
  readonly tryDownscale?: boolean;
  /** Also try the inverted image (light modules on dark). */
  readonly tryInvert?: boolean;
  /** Also try after a morphological closing (zxing's experimental denoising). */
  readonly tryDenoise?: boolean;
}

const BASE: ReaderOptions = {
  formats: ["QRCode"],
  tryHarder: true,
  // QR finder patterns are found in any orientation; rotating only helps linear codes.
  tryRotate: false,
  maxNumberOfSymbols: 8,
};

/** Texts of every QR code found in the RGBA image, in the order zxing reports them. */
export async function decodeQrCodes(image: RgbaImage, attempt: ZxingAttempt = {}): Promise<string[]> {
  await initQrDecoder();
  const results = await readBarcodes(
    { data: image.data, width: image.width, height: image.height, colorSpace: "srgb" } as ImageData,
    { ...BASE, tryInvert: false, ...attempt },
  );
  return results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text);
}

/** Texts of every QR code found in the grey image. */
export async function decodeGrayQrCodes(image: GrayImage, attempt: ZxingAttempt = {}): Promise<string[]> {
  await initQrDecoder();
  const results = await readBarcodes(pgmOf(image), { ...BASE, tryInvert: false, ...attempt });
  return results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text);
}

/**
 * The image as a binary PGM file, built once per image: several attempts decode the same image,
 * and a 12-megapixel copy each time is garbage the collector then pauses for.
 */
const pgmFiles = new WeakMap<GrayImage, Uint8Array>();

function pgmHeader(width: number, height: number): Uint8Array {
  return new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
}

function pgmOf(image: GrayImage): Uint8Array {
  let pgm = pgmFiles.get(image);
  if (!pgm) {
    const header = pgmHeader(image.width, image.height);
    pgm = new Uint8Array(header.length + image.width * image.height);
    pgm.set(header, 0);
    pgm.set(image.data.subarray(0, image.width * image.height), header.length);
    pgmFiles.set(image, pgm);
  }
  return pgm;
}

/**
 * A blank grey image whose pixels are written in place of a PGM file's data, so that decoding it
 * copies nothing (for images made in JavaScript: half size, sharpened).
 */
export function allocGray(width: number, height: number): GrayImage {
  const header = pgmHeader(width, height);
  const pgm = new Uint8Array(header.length + width * height);
  pgm.set(header, 0);
  const image: GrayImage = { data: pgm.subarray(header.length), width, height };
  pgmFiles.set(image, pgm);
  return image;
}
