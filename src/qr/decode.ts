/**
 * Finding and decoding QR codes in pixels with zxing-wasm (zxing-cpp, Apache-2.0).
 *
 * zxing-wasm decodes first: it is about 15 times faster than jsQR here and decodes more. Its WASM
 * binary is handed over from the installed package, because by default it fetches it from a CDN,
 * which an offline machine cannot reach.
 *
 * Grey images are passed to it as a binary PGM file (its image loader reads PNM): zxing then
 * reads the luminance as is, instead of converting RGBA to grey in a JavaScript loop.
 *
 * Decoding runs in worker threads (`zxing-worker.ts`), one per core at most, so that a slow
 * decode of one upload never holds the event loop, and with it every other request.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ReaderOptions } from "zxing-wasm/reader";
import type { RgbaImage } from "../core/image.ts";
import type { ZxingAnswer, ZxingJob, ZxingRequest } from "./zxing-worker.ts";

/** One byte of luminance per pixel, rows top to bottom. */
export interface GrayImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Decoding threads, started when first needed and kept (a start costs about 100 ms). */
class ZxingPool {
  private readonly size = Math.max(1, availableParallelism());
  private readonly idle: Worker[] = [];
  private started = 0;
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;

  async read(job: ZxingRequest): Promise<string[]> {
    const worker = await this.acquire();
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const id = this.nextId++;
        const done = (): void => {
          worker.off("message", onMessage);
          worker.off("error", onGone);
          worker.off("exit", onGone);
        };
        const onMessage = (a: ZxingAnswer): void => {
          if (a.id !== id) return;
          done();
          if ("error" in a) reject(new Error("zxing could not read the image."));
          else resolve(a.texts);
        };
        const onGone = (): void => {
          done();
          reject(new Error("The QR decoding thread stopped."));
        };
        worker.on("message", onMessage);
        worker.on("error", onGone);
        worker.on("exit", onGone);
        worker.postMessage({ ...job, id } satisfies ZxingJob);
      });
    } finally {
      this.release(worker);
    }
  }

  /** Starts one thread ahead of the first request. */
  warm(): Promise<void> {
    return this.acquire().then((w) => {
      this.release(w);
    });
  }

  private async acquire(): Promise<Worker> {
    for (;;) {
      const w = this.idle.pop();
      if (w && w.threadId >= 0) return w;
      if (this.started < this.size) {
        this.started++;
        const worker = new Worker(new URL("./zxing-worker.ts", import.meta.url));
        worker.unref();
        worker.once("exit", () => {
          this.started--;
          const i = this.idle.indexOf(worker);
          if (i >= 0) this.idle.splice(i, 1);
          this.waiting.shift()?.();
        });
        return worker;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(worker: Worker): void {
    if (worker.threadId >= 0) this.idle.push(worker);
    this.waiting.shift()?.();
  }
}

const pool = new ZxingPool();
let ready: Promise<unknown> | undefined;

/** Starts the first decoding thread (about 100 ms); later calls return at once. */
export function initQrDecoder(): Promise<unknown> {
  ready ??= pool.warm();
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
  return pool.read({
    rgba: { data: image.data, width: image.width, height: image.height },
    options: { ...BASE, tryInvert: false, ...attempt },
  });
}

/** Texts of every QR code found in the grey image. */
export async function decodeGrayQrCodes(image: GrayImage, attempt: ZxingAttempt = {}): Promise<string[]> {
  return pool.read({ pgm: pgmOf(image), options: { ...BASE, tryInvert: false, ...attempt } });
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
