/**
 * Finding QR codes in photos and scans. sharp (libvips) reads the header, honours the EXIF
 * orientation and decodes one channel; zxing-wasm searches; further attempts (half size,
 * sharpening, another binariser, smoothing, inversion, jsQR in a worker) run only while the
 * request's time budget lasts. Every attempt reports every QR code it sees; the scan stops at the first text the
 * caller accepts (a seal).
 *
 * Limits come first: the pixel count is read from the header and checked before any pixel is
 * decoded, so a small file declaring a huge image (a decompression bomb) costs nothing.
 * @module
 */
import sharp, { type Metadata, type Sharp } from "sharp";
import { invariant, SceauError } from "../core/errors.ts";
import type { Deadline } from "./deadline.ts";
import { allocGray, decodeGrayQrCodes, type GrayImage, type ZxingAttempt } from "./decode.ts";
import type { JsQrRunner } from "./jsqr.ts";

type ImageFormat = "jpeg" | "png" | "webp";

export interface ImageInfo {
  readonly format: ImageFormat;
  /** Upright size (after the EXIF orientation). */
  readonly width: number;
  readonly height: number;
}

/** Pixels or an encoded file, as the scanner's input. */
export type ImageSource =
  | { readonly kind: "encoded"; readonly bytes: Uint8Array }
  | {
      readonly kind: "rgba";
      readonly data: Uint8ClampedArray;
      readonly width: number;
      readonly height: number;
    };

const FORMATS: ReadonlySet<string> = new Set(["jpeg", "png", "webp"]);

/**
 * Reads an image's header only.
 * @throws {SceauError} `IMAGE_UNREADABLE`; `HEIC_UNSUPPORTED`; `UNSUPPORTED_MEDIA_TYPE` for other
 * formats; `IMAGE_TOO_LARGE` above `maxPixels`
 */
export async function inspectImage(bytes: Uint8Array, maxPixels: number): Promise<ImageInfo> {
  let meta: Metadata;
  try {
    // No pixel limit here: metadata() reads the header, and the limit is checked below with
    // its own error code.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new SceauError("IMAGE_UNREADABLE", "The image could not be read.", { cause });
  }
  if (meta.format === "heif") {
    throw new SceauError("HEIC_UNSUPPORTED", "HEIC images are not accepted: send the photo as JPEG.");
  }
  if (!FORMATS.has(meta.format)) {
    throw new SceauError("UNSUPPORTED_MEDIA_TYPE", `${meta.format} images are not accepted.`);
  }
  const { width, height } = meta;
  if (!width || !height) throw new SceauError("IMAGE_UNREADABLE", "The image has no size.");
  if (width * height > maxPixels) {
    throw new SceauError(
      "IMAGE_TOO_LARGE",
      `The image has ${width} × ${height} pixels; at most ${maxPixels.toLocaleString("en-US")} are accepted.`,
      { details: { width, height, maxPixels } },
    );
  }
  const turned = (meta.orientation ?? 1) >= 5;
  return {
    format: meta.format as ImageFormat,
    width: turned ? height : width,
    height: turned ? width : height,
  };
}

export interface ScanOptions {
  readonly deadline: Deadline;
  /** True for the text being looked for (a seal); the scan stops at the first. */
  readonly accept: (text: string) => boolean;
  /** Upper bound on the pixels decoded (the caller has checked the header against it). */
  readonly maxPixels: number;
  /** jsQR, the last attempt; omitted, it is not tried. */
  readonly jsqr?: JsQrRunner | undefined;
}

export interface ScanResult {
  /** Every distinct QR text seen, in the order found. */
  readonly texts: readonly string[];
  /** The first accepted text, or null. */
  readonly found: string | null;
  /** Names of the attempts that ran, in order; the last one found the text when `found`. */
  readonly attempts: readonly string[];
  /** False when the time budget ended the scan before every attempt ran. */
  readonly exhausted: boolean;
}

/** One way of looking at the image; most derive a grey image from the shared base one. */
interface Attempt {
  readonly name: string;
  /** The QR texts found; null when the attempt does not apply to this image. */
  readonly run: (ctx: ScanContext) => Promise<string[] | null>;
}

interface ScanContext {
  readonly options: ScanOptions;
  /** The upright grey image at working size, decoded once and shared by the attempts. */
  base(): Promise<GrayImage>;
}

/** Images from this size on are first looked at half size. */
const LARGE_PIXELS = 8_000_000;
/** Largest image the attempts work on (about 16 megapixels). */
const MAX_WORKING_PIXELS = 16_000_000;
/** jsQR's input side: it is slow, and gets only what is left of the budget. */
const JSQR_SIDE = 1600;

/** EXIF orientations that mirror the image (2, 4, 5, 7): a mirrored QR code is not a QR code. */
const MIRRORED = new Set([2, 4, 5, 7]);

/**
 * The decoding pipeline. The EXIF orientation is honoured where it matters: a mirrored photo is
 * flipped back; a turned one (3, 6, 8, as phones write) is decoded as stored, because QR codes are
 * found in any rotation and turning 12 megapixels costs as much as decoding them (40–65 ms).
 */
function input(source: ImageSource, maxPixels: number, orientation = 1): Sharp {
  if (source.kind === "encoded") {
    // failOn none: a truncated upload may still show the whole QR code.
    return sharp(source.bytes, {
      limitInputPixels: maxPixels,
      failOn: "none",
      autoOrient: MIRRORED.has(orientation),
      // Phones embed colour profiles (Display P3); converting colours costs 50 ms on 12
      // megapixels and changes nothing for black on white.
      ignoreIcc: true,
    });
  }
  return sharp(source.data, {
    raw: { width: source.width, height: source.height, channels: 4 },
    limitInputPixels: maxPixels,
  });
}

/**
 * One channel of the decoded image: green, where a colour image has it. For black ink on paper it
 * is as good as luminance, and it skips a colour conversion that costs as much as the JPEG
 * decoding itself (40 ms on a 12-megapixel photo).
 */
async function toChannel(pipeline: Sharp, channels: number): Promise<GrayImage> {
  const { data, info } = await pipeline
    .extractChannel(channels >= 3 ? 1 : 0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  invariant(info.channels === 1, `sharp gave ${info.channels} channels, not 1`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

async function toGray(pipeline: Sharp): Promise<GrayImage> {
  const { data, info } = await pipeline.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  invariant(info.channels === 1, `sharp gave ${info.channels} channels, not 1`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

function fromGray(g: GrayImage): Sharp {
  return sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } });
}

const fit = (side: number) => ({
  width: side,
  height: side,
  fit: "inside" as const,
  withoutEnlargement: true,
});

/** Half the size, each pixel the mean of a 2 × 2 block: noise averages out, modules stay sharp. */
function halve(g: GrayImage): GrayImage {
  const w = g.width >> 1;
  const h = g.height >> 1;
  const image = allocGray(w, h);
  const out = image.data;
  const src = g.data;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * g.width;
    const r1 = r0 + g.width;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      out[y * w + x] =
        ((src[r0 + i] as number) +
          (src[r0 + i + 1] as number) +
          (src[r1 + i] as number) +
          (src[r1 + i + 1] as number) +
          2) >>
        2;
    }
  }
  return image;
}

/**
 * Unsharp masking: `g + amount × (g − blur(g))`. It restores the edges that blur and motion
 * smear, which is what most failed photos need; libvips' own sharpen works in colour and is
 * ten times slower on a grey image.
 */
async function unsharp(g: GrayImage, sigma: number, amount: number): Promise<GrayImage> {
  const blurred = await toGray(fromGray(g).blur(sigma));
  const image = allocGray(g.width, g.height);
  const out = image.data;
  const src = g.data;
  const b = blurred.data;
  for (let i = 0; i < out.length; i++) {
    const v = (src[i] as number) + amount * ((src[i] as number) - (b[i] as number));
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return image;
}

const zxing = (
  name: string,
  derive: ((g: GrayImage) => Promise<GrayImage>) | null,
  attempt: ZxingAttempt = {},
): Attempt => ({
  name,
  run: async (ctx) => {
    const base = await ctx.base();
    return decodeGrayQrCodes(derive ? await derive(base) : base, attempt);
  },
});

/** The image at half size (2 × 2 pixels averaged), when `applies` to the base image. */
const half = (applies: (g: GrayImage) => boolean): Attempt => ({
  name: "half",
  run: async (ctx) => {
    const base = await ctx.base();
    return applies(base) ? decodeGrayQrCodes(halve(base)) : null;
  },
});

/**
 * The attempts, in order: the cheapest that most often succeed first, measured on the
 * degraded-photo corpus (bench/verify.ts, docs/benchmarks.md, "Verification benchmark").
 */
const ATTEMPTS: readonly Attempt[] = [
  // A large photo (a phone's 12 megapixels) at half size first: it shows most QR codes large
  // enough, at a third of the cost of every pixel.
  half((g) => g.width * g.height >= LARGE_PIXELS),
  // Every pixel (up to 16 megapixels); zxing also looks at its own third-size copy.
  zxing("full", null),
  // Smaller images at half size after: noise averaged over 2 × 2 pixels.
  half((g) => g.width * g.height < LARGE_PIXELS && Math.min(g.width, g.height) >= 1000),
  // Blur and motion blur: edges restored at two strengths.
  zxing("sharpened", (g) => unsharp(g, 1.5, 2)),
  zxing("sharpened-strong", (g) => unsharp(g, 3, 2)),
  // Shadows and uneven light defeat a local threshold less than a global one, and the other way.
  zxing("global-threshold", null, { binarizer: "GlobalHistogram" }),
  // Noise and print dots: smooth first, or close small gaps.
  zxing("smoothed", (g) => toGray(fromGray(g).blur(1))),
  zxing("denoised", null, { tryDenoise: true, tryDownscale: false }),
  zxing("inverted", null, { tryInvert: true, tryDownscale: false }),
  {
    name: "jsqr",
    run: async (ctx) => {
      const jsqr = ctx.options.jsqr;
      if (!jsqr) return null;
      const small = await toGray(fromGray(await ctx.base()).resize(fit(JSQR_SIDE)));
      const outcome = await jsqr.decode(small, 1, ctx.options.deadline.remaining());
      return outcome.status === "found" ? [outcome.text] : [];
    },
  },
];

/** Scans an image for QR codes; see the module comment. */
export async function scanImage(source: ImageSource, options: ScanOptions): Promise<ScanResult> {
  let width = source.kind === "encoded" ? 0 : source.width;
  let height = source.kind === "encoded" ? 0 : source.height;
  let channels = 4;
  let orientation = 1;
  if (source.kind === "encoded") {
    try {
      ({
        width = 0,
        height = 0,
        channels = 3,
        orientation = 1,
      } = await input(source, options.maxPixels).metadata());
    } catch (cause) {
      throw new SceauError("IMAGE_UNREADABLE", "The image could not be read.", { cause });
    }
  }
  let pipeline = input(source, options.maxPixels, orientation);
  const pixels = width * height;
  let base: Promise<GrayImage> | undefined;
  const ctx: ScanContext = {
    options,
    base: () => {
      if (!base) {
        if (pixels > MAX_WORKING_PIXELS) {
          const k = Math.sqrt(MAX_WORKING_PIXELS / pixels);
          pipeline = pipeline.resize(fit(Math.floor(Math.max(width, height) * k)));
        }
        base = toChannel(pipeline, channels);
      }
      return base;
    },
  };
  const texts: string[] = [];
  const ran: string[] = [];
  for (const attempt of ATTEMPTS) {
    // The first attempt always runs: a budget too small for one look is a configuration error.
    if (ran.length > 0 && options.deadline.expired())
      return { texts, found: null, attempts: ran, exhausted: false };
    let found: string[] | null;
    try {
      found = await attempt.run(ctx);
    } catch (cause) {
      throw new SceauError("IMAGE_UNREADABLE", "The image could not be decoded.", { cause });
    }
    if (found === null) continue;
    ran.push(attempt.name);
    for (const t of found) if (!texts.includes(t)) texts.push(t);
    const accepted = found.find((t) => options.accept(t));
    if (accepted !== undefined) return { texts, found: accepted, attempts: ran, exhausted: false };
  }
  return { texts, found: null, attempts: ran, exhausted: true };
}
