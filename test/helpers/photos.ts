/**
 * Small degraded "photos" of a QR code, made in a few milliseconds for tests: the symbol on a
 * paper-coloured page, turned, sheared, blurred, dimmed, noised and compressed. Seeded, so the
 * same options always give the same bytes. (The benchmark's corpus, bench/corpus/, is the
 * realistic and much slower version.)
 */
import QRCode from "qrcode";
import sharp, { type OverlayOptions } from "sharp";
import { mulberry32 } from "./prng.ts";

export interface PhotoOptions {
  readonly seed?: number;
  /** Frame side in pixels. */
  readonly side?: number;
  /** QR symbol side (with its quiet zone) as a fraction of the frame side. */
  readonly qrFraction?: number;
  readonly rotate?: number;
  /** Horizontal shear (a crude stand-in for perspective). */
  readonly shear?: number;
  readonly blur?: number;
  /** Gaussian noise, standard deviation in grey levels. */
  readonly noise?: number;
  /** Contrast factor around mid grey (1 unchanged). */
  readonly contrast?: number;
  readonly format?: "jpeg" | "png" | "webp";
  readonly quality?: number;
  /** EXIF orientation written with pixels turned so that applying it shows the photo upright. */
  readonly orientation?: 1 | 2 | 3 | 6 | 8;
  /** Light modules on dark. */
  readonly invert?: boolean;
  /** A second QR code (another text) beside the first, found before it. */
  readonly also?: string;
}

async function symbol(text: string, side: number, invert: boolean): Promise<Buffer> {
  const png = await QRCode.toBuffer(text, {
    errorCorrectionLevel: "M",
    margin: 4,
    scale: 1,
    color: invert ? { dark: "#ffffffff", light: "#000000ff" } : { dark: "#000000ff", light: "#ffffffff" },
  });
  return sharp(png).resize(side, side, { kernel: "nearest" }).png().toBuffer();
}

export async function qrPhoto(text: string, o: PhotoOptions = {}): Promise<Buffer> {
  const side = o.side ?? 900;
  const qrSide = Math.round(side * (o.qrFraction ?? 0.45));
  const paper = { r: 236, g: 232, b: 222 };
  const layers: OverlayOptions[] = [
    {
      input: await symbol(text, qrSide, o.invert ?? false),
      left: side - qrSide - Math.round(side * 0.08),
      top: Math.round(side * 0.3),
    },
  ];
  if (o.also !== undefined) {
    const small = Math.round(qrSide * 0.7);
    layers.unshift({
      input: await symbol(o.also, small, false),
      left: Math.round(side * 0.04),
      top: Math.round(side * 0.05),
    });
  }
  let img = sharp({ create: { width: side, height: side, channels: 3, background: paper } }).composite(
    layers,
  );
  let buf = await img.png().toBuffer();
  img = sharp(buf);
  if (o.rotate) img = img.rotate(o.rotate, { background: { r: 90, g: 70, b: 50 } });
  if (o.shear) img = img.affine([1, o.shear, 0, 1], { background: { r: 90, g: 70, b: 50 } });
  if (o.blur) img = img.blur(o.blur);
  if (o.contrast !== undefined && o.contrast !== 1) img = img.linear(o.contrast, 128 * (1 - o.contrast));
  const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (o.noise) {
    const rand = mulberry32(o.seed ?? 1);
    for (let i = 0; i < data.length; i += 3) {
      // Box–Muller, one luminance sample per pixel.
      const n = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-9))) * Math.cos(2 * Math.PI * rand()) * o.noise;
      for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, (data[i + c] ?? 0) + n));
    }
  }
  let out = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
  const orientation = o.orientation ?? 1;
  if (orientation === 2) {
    // Stored mirrored (a front camera), the tag says to flip it back.
    buf = await out.flop().png().toBuffer();
    out = sharp(buf).withMetadata({ orientation });
  } else if (orientation !== 1) {
    const undo = orientation === 6 ? 270 : orientation === 8 ? 90 : 180;
    buf = await out.rotate(undo).png().toBuffer();
    out = sharp(buf).withMetadata({ orientation });
  }
  const format = o.format ?? "jpeg";
  if (format === "png") return out.png().toBuffer();
  if (format === "webp") return out.webp({ quality: o.quality ?? 80 }).toBuffer();
  return out.jpeg({ quality: o.quality ?? 85 }).toBuffer();
}

/** A PNG that declares `width` × `height` pixels in its header but holds almost nothing. */
export function pngBomb(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(typed));
    return Buffer.concat([head, typed, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    // A few bytes of deflate data: decoding would inflate rows of zeros for a long time.
    chunk("IDAT", Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
