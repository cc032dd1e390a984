/**
 * Photo-like pictures of an issued extract, for the browser tests: page 1 rendered with pdf.js,
 * the part around the seal cut out, turned a little, softened and compressed as a phone would;
 * and the same picture as a YUV4MPEG2 (Y4M) video for Chromium's fake camera.
 */
import sharp, { type Sharp } from "sharp";
import { forEachPageRaster } from "../../src/pdf/raster.ts";

const PAGE_HEIGHT_PT = 841.89;

/** The QR square of page 1 (`/SceauStampBox`, points from the bottom left). */
function stampBox(pdf: Uint8Array): { x: number; y: number; side: number } {
  const text = Buffer.from(pdf).toString("latin1");
  const m = /\/SceauStampBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  if (!m) throw new Error("The PDF names no /SceauStampBox.");
  return { x: Number(m[1]), y: Number(m[2]), side: Number(m[3]) };
}

async function renderPage(pdf: Uint8Array, dpi: number): Promise<Sharp> {
  const pages: Sharp[] = [];
  await forEachPageRaster(new Uint8Array(pdf), { dpi, maxPages: 1, maxPixels: 50_000_000 }, (image) => {
    pages.push(
      sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
        raw: { width: image.width, height: image.height, channels: 4 },
      }),
    );
    return Promise.resolve(true);
  });
  const [page] = pages;
  if (!page) throw new Error("The PDF has no page.");
  return page;
}

export interface PhotoOptions {
  /** Output size in pixels. */
  readonly width: number;
  readonly height: number;
  /** Width of the cut-out around the QR code, in QR sides. */
  readonly span?: number;
  readonly rotate?: number;
  readonly blur?: number;
  readonly quality?: number;
}

/**
 * The seal block of page 1 as a phone photo (JPEG): the QR code in the middle with the caption
 * and text around it, on slightly warm paper, turned by `rotate` degrees.
 */
export async function extractPhoto(pdf: Uint8Array, o: PhotoOptions): Promise<Buffer> {
  const dpi = 200;
  const s = dpi / 72;
  const box = stampBox(pdf);
  const page = await renderPage(pdf, dpi);
  const { width: pw, height: ph } = await page.metadata();
  const cx = (box.x + box.side / 2) * s;
  const cy = (PAGE_HEIGHT_PT - box.y - box.side / 2) * s;
  const cropW = Math.round(box.side * s * (o.span ?? 2.6));
  const cropH = Math.round((cropW * o.height) / o.width);
  // The page ends near the QR code: paper is added around it when the cut-out reaches the edge.
  const margin = Math.max(cropW, cropH);
  const padded = await page
    .removeAlpha()
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: "#ffffff" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round(cx - cropW / 2 + margin);
  const top = Math.round(cy - cropH / 2 + margin);
  let img = sharp(padded.data, { raw: padded.info }).extract({
    left: Math.max(0, Math.min(left, pw + 2 * margin - cropW)),
    top: Math.max(0, Math.min(top, ph + 2 * margin - cropH)),
    width: cropW,
    height: cropH,
  });
  const turned = await img
    .rotate(o.rotate ?? 0, { background: "#d9d2c3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  img = sharp(turned.data, { raw: turned.info })
    .resize(o.width, o.height, { fit: "cover" })
    // Warm, slightly dim paper, as under indoor light.
    .linear([0.93, 0.9, 0.84], [6, 6, 4]);
  if (o.blur) img = img.blur(o.blur);
  return img.jpeg({ quality: o.quality ?? 82 }).toBuffer();
}

/**
 * A Y4M video (4:2:0, `frames` identical frames) of an image, for Chromium's
 * `--use-file-for-fake-video-capture`. Width and height must be even.
 */
export async function toY4m(image: Buffer, width: number, height: number, frames: number): Promise<Buffer> {
  const { data } = await sharp(image)
    .resize(width, height, { fit: "cover" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const frame = Buffer.alloc(ySize + 2 * cSize);
  // BT.601, studio range, as Chromium expects from I420.
  for (let i = 0, p = 0; i < ySize; i++, p += 3) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    frame[i] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 3;
        r += data[p] ?? 0;
        g += data[p + 1] ?? 0;
        b += data[p + 2] ?? 0;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = y * (width / 2) + x;
      frame[ySize + c] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      frame[ySize + cSize + c] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, "latin1")];
  for (let f = 0; f < frames; f++) parts.push(Buffer.from("FRAME\n", "latin1"), frame);
  return Buffer.concat(parts);
}
