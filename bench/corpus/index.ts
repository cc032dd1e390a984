/**
 * The degraded-photo corpus: photos a phone could take of printed Sceau extracts, built from PDFs
 * issued through the real pipeline (local in-process chain, `startService`, HTTP API), so every QR
 * code is a real seal. `bench/verify.ts` measures decoders on it.
 *
 *   sh scripts/run.sh node bench/corpus/index.ts [--out bench-output/corpus] [--per-category 20] [--force]
 *
 * Deterministic: one seed drives the issued documents (ids, salts, issue time, batch) and every
 * degradation parameter, so two runs give the same images. Nothing here is committed; the images
 * are written to bench-output/corpus/ with a manifest.json describing each one.
 *
 * How an image is made (a pinhole-camera model, then the sensor):
 * 1. the PDF is "printed": rendered by poppler (`pdftoppm`, not our renderer) at 150 or 300 dpi,
 *    without anti-aliasing for the print categories;
 * 2. the page is "photographed": rotated in its plane, tilted up to 30° towards the camera and
 *    projected into a frame of 2 to 12 megapixels over a desk-like background;
 * 3. light: uneven illumination, a shadow edge across the QR code, dim light, low contrast;
 * 4. optics and sensor: Gaussian or motion blur, Gaussian noise, JPEG at quality 30–90 (some
 *    WebP and PNG), sometimes with an EXIF orientation tag as phones write it.
 *
 * The steps live in their own modules: issuing (`issue.ts`), printing and the camera
 * (`camera.ts`), light and sensor (`sensor.ts`) and the parameters per category (`plan.ts`);
 * this one builds the images and the manifest.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { mulberry32 } from "../../test/helpers/prng.ts";
import { photograph, printPage, type Rgb } from "./camera.ts";
import { startCorpusService, SEED } from "./issue.ts";
import { CATEGORIES, plan, type Category, type Plan } from "./plan.ts";
import { addNoise, applyLight, motionKernel } from "./sensor.ts";

const CORPUS_VERSION = 1;

export interface CorpusImage {
  readonly file: string;
  readonly category: Category;
  readonly format: "jpeg" | "webp" | "png";
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** Pixels per QR module in the frame, before blur (a measure of how small the code is). */
  readonly modulePx: number;
  /** The QR text a decoder must return. */
  readonly expected: string;
  readonly params: Record<string, number | string | boolean>;
}

export interface CorpusManifest {
  readonly version: number;
  readonly seed: number;
  readonly images: readonly CorpusImage[];
  /** Issued PDFs the images were made from (file names in pdfs/). */
  readonly pdfs: readonly { file: string; qrText: string }[];
}

/** `/SceauStampBox [x y w h]` of page 1, in PDF points. */
function stampBox(pdf: Uint8Array): { x: number; y: number; size: number } {
  const text = Buffer.from(pdf).toString("latin1");
  const m = /\/SceauStampBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  if (!m) throw new Error("no stamp box");
  return { x: Number(m[1]), y: Number(m[2]), size: Number(m[3]) };
}

async function makeImage(
  p: Plan,
  pdfPath: string,
  modules: number,
  outFile: string,
  rand: () => number,
): Promise<Omit<CorpusImage, "file" | "expected" | "category">> {
  const pdf = readFileSync(pdfPath);
  const page = printPage(pdfPath, p.dpi, p.aa);
  const box = stampBox(pdf);
  const k = p.dpi / 72;
  // PDF y grows upwards; the raster's downwards. The page is A4 (842 points high).
  const pageHeightPt = page.height / k;
  const qrBox = {
    cx: (box.x + box.size / 2) * k,
    cy: (pageHeightPt - box.y - box.size / 2) * k,
    size: box.size * k,
    modules,
  };
  const { frame, qrCentre, modulePx } = await photograph(page, p.shot, qrBox, rand);
  const light =
    p.light.shadow > 0
      ? {
          ...p.light,
          // The shadow edge passes within ten modules of the QR centre: often across the code.
          shadowX: qrCentre[0] + (rand() - 0.5) * 20 * modulePx,
          shadowY: qrCentre[1] + (rand() - 0.5) * 20 * modulePx,
          shadowSoftness: p.light.shadowSoftness * modulePx * 0.5,
        }
      : p.light;
  applyLight(frame, light);
  let img = sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } });
  const sigma = p.blurModules * modulePx;
  if (sigma >= 0.3) img = img.blur(sigma);
  if (p.motionModules > 0) img = img.convolve(motionKernel(p.motionModules * modulePx, p.motionAngle));
  if (p.contrast !== 1) img = img.linear(p.contrast, p.contrastMid * (1 - p.contrast));
  const blurred = await img.raw().toBuffer();
  const sensor: Rgb = {
    data: new Uint8Array(blurred.buffer, blurred.byteOffset, blurred.length),
    width: frame.width,
    height: frame.height,
  };
  addNoise(sensor, p.noise, rand);
  let out = sharp(sensor.data, { raw: { width: sensor.width, height: sensor.height, channels: 3 } });
  if (p.orientation !== 1) {
    // A phone stores the sensor's pixels and an EXIF tag saying how to turn them upright:
    // undo the turn in the pixels and let the tag redo it.
    const undo = p.orientation === 6 ? 270 : p.orientation === 8 ? 90 : 180;
    out = sharp(await out.rotate(undo).raw().toBuffer({ resolveWithObject: false }), {
      raw: {
        width: p.orientation === 3 ? sensor.width : sensor.height,
        height: p.orientation === 3 ? sensor.height : sensor.width,
        channels: 3,
      },
    }).withMetadata({ orientation: p.orientation });
  }
  const encoded =
    p.format === "jpeg"
      ? await out
          .jpeg({ quality: p.quality, chromaSubsampling: "4:2:0" })
          .toBuffer({ resolveWithObject: true })
      : p.format === "webp"
        ? await out.webp({ quality: p.quality }).toBuffer({ resolveWithObject: true })
        : await out.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
  writeFileSync(outFile, encoded.data);
  return {
    format: p.format,
    width: encoded.info.width,
    height: encoded.info.height,
    bytes: encoded.data.length,
    modulePx: Math.round(modulePx * 100) / 100,
    params: {
      pdf: p.pdf,
      dpi: p.dpi,
      antialiased: p.aa,
      frame: `${p.shot.frameW}x${p.shot.frameH}`,
      pageFraction: round(p.shot.pageFraction),
      rotation: round(p.shot.rotation),
      tilt: round(p.shot.tilt),
      exposure: round(p.light.exposure),
      falloff: round(p.light.falloff),
      shadow: round(p.light.shadow),
      blurSigmaPx: round(sigma),
      motionPx: round(p.motionModules * modulePx),
      contrast: round(p.contrast),
      noise: round(p.noise),
      quality: p.quality,
      orientation: p.orientation,
      qrX: Math.round(qrCentre[0]),
      qrY: Math.round(qrCentre[1]),
    },
  };
}

const round = (v: number): number => Math.round(v * 100) / 100;

export interface CorpusOptions {
  readonly out?: string;
  readonly perCategory?: number;
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

/** Builds the corpus unless a complete one of this version is already in `out`. */
export async function ensureCorpus(options: CorpusOptions = {}): Promise<CorpusManifest> {
  const out = options.out ?? join("bench-output", "corpus");
  const perCategory = options.perCategory ?? 20;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const manifestPath = join(out, "manifest.json");
  if (!options.force && existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, "utf8")) as CorpusManifest;
    if (
      m.version === CORPUS_VERSION &&
      m.seed === SEED &&
      m.images.length === perCategory * CATEGORIES.length
    )
      return m;
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "pdfs"), { recursive: true });
  mkdirSync(join(out, "images"), { recursive: true });
  const started = Date.now();
  log(`Issuing PDFs on a local chain...`);
  const service = await startCorpusService();
  await service.close();
  const pdfs = service.pdfs.map((p, k) => {
    const file = `extract-${k}.pdf`;
    writeFileSync(join(out, "pdfs", file), p.bytes);
    return { file, qrText: p.qrText };
  });
  const { qrMatrix } = await import("../../src/qr/encode.ts");
  const { QUIET_ZONE_MODULES } = await import("../../src/core/image.ts");
  const modulesOf = pdfs.map((p) => qrMatrix(p.qrText, "M").size + 2 * QUIET_ZONE_MODULES);
  const images: CorpusImage[] = [];
  const rand = mulberry32(SEED ^ 0x9e3779b9);
  for (const category of CATEGORIES) {
    for (let i = 0; i < perCategory; i++) {
      const p = plan(category, images.length, pdfs.length, rand);
      const pdf = pdfs[p.pdf] as { file: string; qrText: string };
      const ext = p.format === "jpeg" ? "jpg" : p.format;
      const file = `${category}-${String(i).padStart(2, "0")}.${ext}`;
      const made = await makeImage(
        p,
        join(out, "pdfs", pdf.file),
        modulesOf[p.pdf] ?? 0,
        join(out, "images", file),
        rand,
      );
      images.push({ file, category, expected: pdf.qrText, ...made });
    }
    log(`  ${category}: ${perCategory} images (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  const manifest: CorpusManifest = { version: CORPUS_VERSION, seed: SEED, images, pdfs };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `Corpus: ${images.length} images in ${join(out, "images")} (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  return manifest;
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      "per-category": { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  await ensureCorpus({
    ...(values.out ? { out: values.out } : {}),
    ...(values["per-category"] ? { perCategory: Number(values["per-category"]) } : {}),
    force: values.force,
  });
}
