/**
 * The degraded-photo corpus: photos a phone could take of printed Sceau extracts, built from PDFs
 * issued through the real pipeline (local in-process chain, `startService`, HTTP API), so every QR
 * code is a real seal. `bench/verify.ts` measures decoders on it.
 *
 *   sh scripts/run.sh node scripts/corpus.ts [--out bench-output/corpus] [--per-category 20] [--force]
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
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mkdtempSync } from "node:fs";
import sharp from "sharp";

export const CORPUS_VERSION = 1;
/** Smallest QR module, in frame pixels, that the camera model produces. */
const MIN_MODULE_PX = 2.5;
const SEED = 20261122;

export const CATEGORIES = [
  "rotation",
  "perspective",
  "blur",
  "motion-blur",
  "jpeg",
  "noise",
  "low-contrast",
  "shadow",
  "uneven-light",
  "small-in-12mp",
  "print-150dpi",
  "print-300dpi",
  "combined",
] as const;
export type Category = (typeof CATEGORIES)[number];

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

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast and good enough for choosing parameters. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

// ---------------------------------------------------------------------------------------------
// Issuing real PDFs

/** The service the corpus was issued by, running again on a fresh local chain. */
export interface CorpusService {
  /** Base URL of the running service. */
  readonly url: string;
  /** JSON-RPC URL of its chain. */
  readonly rpcUrl: string;
  /** Address of the registry the seals name. */
  readonly registry: string;
  /** The issued PDFs, in the order of the manifest's `pdfs`. */
  readonly pdfs: readonly { readonly bytes: Uint8Array; readonly qrText: string }[];
  close(): Promise<void>;
}

/** Extracts issued per corpus: one full batch of the default size (64), the densest QR code. */
const BATCH = 64;
/** PDFs the images are made from, spread over the batch (different proofs). */
const PDF_COUNT = 12;

/**
 * Starts an in-process Hardhat JSON-RPC chain and the whole service (`startService`), and issues
 * the corpus batch through the HTTP API. Issuing is deterministic (seeded ids and salts, a fixed
 * clock, one batch filled in order), so on every fresh chain the same seals are issued and
 * anchored again: the benchmark can verify the corpus images end to end.
 */
export async function startCorpusService(seed = SEED): Promise<CorpusService> {
  const { network } = await import("hardhat");
  const { Wallet } = await import("ethers");
  const { loadRegistryArtifact } = await import("../src/chain/artifact.ts");
  const { createProvider } = await import("../src/chain/provider.ts");
  const { deployRegistry } = await import("../src/chain/registry.ts");
  const { DEV_KEYS, loadConfig } = await import("../src/config.ts");
  const { startService } = await import("../src/main.ts");
  const { readSealTexts } = await import("../src/verifier/pdf-seal.ts");
  const { PERSON_EXTRACT, COMPANY_EXTRACT } = await import("../test/fixtures/extracts.ts");

  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const provider = createProvider(rpcUrl, 31337, { timeoutMs: 5000 });
  const { address: registry } = await deployRegistry(
    loadRegistryArtifact(),
    new Wallet(DEV_KEYS.admin, provider),
    new Wallet(DEV_KEYS.admin).address,
  );
  provider.destroy();
  const config = loadConfig({
    SCEAU_PORT: "0",
    SCEAU_PUBLIC_URL: "https://verify.sceau.example",
    SCEAU_DATA_DIR: mkdtempSync(join(tmpdir(), "sceau-corpus-")),
    SCEAU_RPC_URL: rpcUrl,
    SCEAU_REGISTRY_ADDRESS: registry,
    SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
    SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    SCEAU_ADMIN_KEY: DEV_KEYS.admin,
    SCEAU_BATCH_MAX: String(BATCH),
    SCEAU_BATCH_WAIT_MS: "3600000",
    SCEAU_LOG_LEVEL: "warn",
    // The latency benchmark sends hundreds of verifications from one address: no rate limit.
    SCEAU_RATE_VERIFY_PER_MINUTE: "0",
  });
  const rand = prng(seed);
  // The clock is fixed for issuing only; the extracts are then some days old when verified.
  const issuedAt = Date.UTC(2026, 10, 2, 9, 30);
  let clock = issuedAt;
  const service = await startService(config, {
    now: () => clock,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256)),
  });
  try {
    const headers = {
      authorization: `Bearer ${service.demoToken ?? ""}`,
      "content-type": "application/json",
    };
    const languages = ["fr", "de", "it", "en"];
    const ids: string[] = [];
    // Sequential submissions: the batch (and so every proof) is the same on every run.
    for (let i = 0; i < BATCH; i++) {
      const template = i % 3 === 2 ? COMPANY_EXTRACT : PERSON_EXTRACT;
      const extract = { ...template, reference: `corpus-${i}`, language: languages[i % 4] };
      const last = i === BATCH - 1;
      const res = await fetch(`${service.url}/api/v1/extracts${last ? "?wait=true" : ""}`, {
        method: "POST",
        headers,
        body: JSON.stringify(extract),
      });
      const body = (await res.json()) as { id?: string };
      if (!body.id) throw new Error(`issuing failed: HTTP ${res.status} ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
    clock = Date.now();
    const pdfs: { bytes: Uint8Array; qrText: string }[] = [];
    for (let k = 0; k < PDF_COUNT; k++) {
      const id = ids[Math.floor((k * BATCH) / PDF_COUNT)] ?? "";
      const res = await fetch(`${service.url}/api/v1/extracts/${id}/pdf`, { headers });
      if (!res.ok) throw new Error(`PDF ${id}: HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const [qrText] = readSealTexts(bytes);
      if (!qrText) throw new Error(`no /SceauSeal in extract ${id}`);
      pdfs.push({ bytes, qrText });
    }
    return {
      url: service.url,
      rpcUrl,
      registry,
      pdfs,
      close: async () => {
        await service.close();
        await server.close();
      },
    };
  } catch (e) {
    await service.close();
    await server.close();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Printing (poppler) and photographing (a pinhole camera)

interface Rgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Page 1 rendered by poppler as RGB; `aa: false` gives a printer's hard module edges. */
function printPage(pdfPath: string, dpi: number, aa: boolean): Rgb {
  const args = ["-r", String(dpi), "-f", "1", "-l", "1", "-singlefile"];
  if (!aa) args.push("-aa", "no", "-aaVector", "no");
  const r = spawnSync("pdftoppm", [...args, pdfPath], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr.toString()}`);
  return parsePpm(r.stdout);
}

function parsePpm(buf: Buffer): Rgb {
  // P6 <w> <h> <max>\n<rgb...>; poppler writes no comments.
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (buf[pos] === 0x20 || buf[pos] === 0x0a || buf[pos] === 0x0d || buf[pos] === 0x09) pos++;
    let t = "";
    while (pos < buf.length && ![0x20, 0x0a, 0x0d, 0x09].includes(buf[pos] ?? 0))
      t += String.fromCharCode(buf[pos++] ?? 0);
    tokens.push(t);
  }
  pos++;
  if (tokens[0] !== "P6" || tokens[3] !== "255") throw new Error("unexpected PPM");
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  return { data: buf.subarray(pos, pos + width * height * 3), width, height };
}

type Vec2 = readonly [number, number];

/** The 3×3 homography (row-major, h33 = 1) mapping the four `from` points onto the four `to` points. */
export function homography(from: readonly Vec2[], to: readonly Vec2[]): number[] {
  // The 8×9 augmented system, row-major in one array: a[r * 9 + c].
  const a = new Float64Array(8 * 9);
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Vec2;
    const [u, v] = to[i] as Vec2;
    a.set([x, y, 1, 0, 0, 0, -u * x, -u * y, u], 18 * i);
    a.set([0, 0, 0, x, y, 1, -v * x, -v * y, v], 18 * i + 9);
  }
  const at = (r: number, c: number): number => a[r * 9 + c] as number;
  // Gauss-Jordan elimination with partial pivoting.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(at(r, c)) > Math.abs(at(p, c))) p = r;
    for (let k = 0; k < 9; k++) {
      const t = at(c, k);
      a[c * 9 + k] = at(p, k);
      a[p * 9 + k] = t;
    }
    const pivot = at(c, c);
    for (let k = c; k < 9; k++) a[c * 9 + k] = at(c, k) / pivot;
    for (let r = 0; r < 8; r++) {
      const f = at(r, c);
      if (r === c || f === 0) continue;
      for (let k = c; k < 9; k++) a[r * 9 + k] = at(r, k) - f * at(c, k);
    }
  }
  return [...Array.from({ length: 8 }, (_, r) => at(r, 8)), 1];
}

function applyH(h: readonly number[], x: number, y: number): Vec2 {
  const [h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0, h8 = 1] = h;
  const w = h6 * x + h7 * y + h8;
  return [(h0 * x + h1 * y + h2) / w, (h3 * x + h4 * y + h5) / w];
}

interface Shot {
  readonly frameW: number;
  readonly frameH: number;
  /** Fraction of the frame's area the page covers (before tilt). */
  readonly pageFraction: number;
  /** In-plane rotation, degrees. */
  readonly rotation: number;
  /** Tilt of the page plane towards the camera, degrees, and the direction of its axis. */
  readonly tilt: number;
  readonly tiltAxis: number;
  /** Page centre offset from the frame centre, as fractions of the free room. */
  readonly offsetX: number;
  readonly offsetY: number;
}

interface Layout {
  /** Scale from the printed page to the resampled page, its size, and its corners in the frame. */
  readonly s: number;
  readonly pw: number;
  readonly ph: number;
  readonly placed: Vec2[];
  /** Smallest side of one QR module in the frame, in pixels. */
  readonly modulePx: number;
}

/** Where the page lands in the frame for a given apparent page width (pinhole camera). */
function layout(
  page: Rgb,
  shot: Shot,
  qrBox: { cx: number; cy: number; size: number; modules: number },
  targetPageW: number,
): Layout {
  const { frameW: W, frameH: H } = shot;
  const s = Math.min(1, (targetPageW * 1.15) / page.width);
  const pw = Math.round(page.width * s);
  const ph = Math.round(page.height * s);
  // Page points in 3D (page pixels, centred), rotated in plane, tilted, then projected.
  const f = 0.8 * Math.max(W, H);
  const scale = targetPageW / pw;
  const rot = (shot.rotation * Math.PI) / 180;
  const tilt = (shot.tilt * Math.PI) / 180;
  const axis = (shot.tiltAxis * Math.PI) / 180;
  const [ax, ay] = [Math.cos(axis), Math.sin(axis)];
  const project = (u: number, v: number): Vec2 => {
    let x = (u - pw / 2) * scale;
    let y = (v - ph / 2) * scale;
    [x, y] = [x * Math.cos(rot) - y * Math.sin(rot), x * Math.sin(rot) + y * Math.cos(rot)];
    // Tilt about the axis (ax, ay) in the page plane (Rodrigues' formula, z starts at 0).
    const d = x * ax + y * ay;
    const [px, py] = [x - d * ax, y - d * ay];
    const cx = d * ax + px * Math.cos(tilt);
    const cy = d * ay + py * Math.cos(tilt);
    const cz = (ax * py - ay * px) * Math.sin(tilt);
    const Z = f + cz;
    return [(f * cx) / Z, (f * cy) / Z];
  };
  const corners: Vec2[] = [project(0, 0), project(pw, 0), project(pw, ph), project(0, ph)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Centred, then shifted into the free room.
  const roomX = Math.max(0, W - (maxX - minX)) / 2;
  const roomY = Math.max(0, H - (maxY - minY)) / 2;
  let dx = W / 2 - (minX + maxX) / 2 + shot.offsetX * roomX;
  let dy = H / 2 - (minY + maxY) / 2 + shot.offsetY * roomY;
  // Keep the whole QR code (with its quiet zone) inside the frame, with a small margin.
  const qrHalf = (qrBox.size / 2) * s;
  const q = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([sx = 0, sy = 0]) => project(qrBox.cx * s + sx * qrHalf, qrBox.cy * s + sy * qrHalf));
  const margin = 0.03 * Math.min(W, H);
  const qx = q.map((c) => c[0] + dx);
  const qy = q.map((c) => c[1] + dy);
  if (Math.min(...qx) < margin) dx += margin - Math.min(...qx);
  if (Math.max(...qx) > W - margin) dx -= Math.max(...qx) - (W - margin);
  if (Math.min(...qy) < margin) dy += margin - Math.min(...qy);
  if (Math.max(...qy) > H - margin) dy -= Math.max(...qy) - (H - margin);
  const side = Math.min(
    ...q.map((c, i) => {
      const d = q[(i + 1) % 4] as Vec2;
      return Math.hypot(d[0] - c[0], d[1] - c[1]);
    }),
  );
  return {
    s,
    pw,
    ph,
    placed: corners.map(([x, y]) => [x + dx, y + dy] as Vec2),
    modulePx: side / qrBox.modules,
  };
}

/**
 * Projects the page into the frame over a background; returns the frame and where the QR centre
 * and one module landed.
 */
async function photograph(
  page: Rgb,
  shot: Shot,
  qrBox: { cx: number; cy: number; size: number; modules: number },
  rand: () => number,
): Promise<{ frame: Rgb; qrCentre: Vec2; modulePx: number }> {
  const { frameW: W, frameH: H } = shot;
  // A photo in which the QR modules are under MIN_MODULE_PX pixels is not one a person would
  // send: they would step closer (the page may then leave the frame; the QR code may not).
  let targetPageW = Math.sqrt((shot.pageFraction * W * H * page.width) / page.height);
  let g = layout(page, shot, qrBox, targetPageW);
  for (let i = 0; i < 4 && g.modulePx < MIN_MODULE_PX; i++) {
    targetPageW *= (MIN_MODULE_PX / g.modulePx) * 1.02;
    g = layout(page, shot, qrBox, targetPageW);
  }
  const { s, pw, ph, placed } = g;
  // Resample the page with an area filter close to its size in the frame: the warp below is
  // then near 1:1 and does not alias.
  const resized = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } })
    .resize(pw, ph, { kernel: "lanczos3" })
    .raw()
    .toBuffer();
  const toPage = homography(placed, [
    [0, 0],
    [pw, 0],
    [pw, ph],
    [0, ph],
  ]);
  const toFrame = homography(
    [
      [0, 0],
      [pw, 0],
      [pw, ph],
      [0, ph],
    ],
    placed,
  );

  const frame = await background(W, H, rand);
  const out = frame.data;
  const bx0 = Math.max(0, Math.floor(Math.min(...placed.map((p) => p[0]))));
  const bx1 = Math.min(W - 1, Math.ceil(Math.max(...placed.map((p) => p[0]))));
  const by0 = Math.max(0, Math.floor(Math.min(...placed.map((p) => p[1]))));
  const by1 = Math.min(H - 1, Math.ceil(Math.max(...placed.map((p) => p[1]))));
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = toPage as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Paper is a little warmer and darker than pure white.
  const paper = [0.96, 0.95, 0.92];
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      const w = h6 * x + h7 * y + h8;
      const u = (h0 * x + h1 * y + h2) / w;
      const v = (h3 * x + h4 * y + h5) / w;
      if (u < 0 || v < 0 || u >= pw - 1 || v >= ph - 1) continue;
      const iu = u | 0;
      const iv = v | 0;
      const fu = u - iu;
      const fv = v - iv;
      const i00 = (iv * pw + iu) * 3;
      const i10 = i00 + 3;
      const i01 = i00 + pw * 3;
      const i11 = i01 + 3;
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = (resized[i00 + c] as number) * (1 - fu) + (resized[i10 + c] as number) * fu;
        const bottom = (resized[i01 + c] as number) * (1 - fu) + (resized[i11 + c] as number) * fu;
        out[o + c] = (top * (1 - fv) + bottom * fv) * (paper[c] as number);
      }
    }
  }
  // Where the QR landed, in frame pixels.
  const qc = applyH(toFrame, qrBox.cx * s, qrBox.cy * s);
  return { frame, qrCentre: qc, modulePx: g.modulePx };
}

/** A desk: a smooth random colour field with a little texture. */
async function background(
  W: number,
  H: number,
  rand: () => number,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  const base = [60 + rand() * 140, 50 + rand() * 110, 40 + rand() * 90];
  const gw = 8;
  const gh = 6;
  const grid = new Uint8Array(gw * gh * 3);
  for (let i = 0; i < gw * gh; i++) {
    const k = 0.75 + rand() * 0.5;
    for (let c = 0; c < 3; c++) grid[i * 3 + c] = Math.min(255, (base[c] as number) * k);
  }
  const data = await sharp(grid, { raw: { width: gw, height: gh, channels: 3 } })
    .resize(W, H, { kernel: "cubic", fit: "fill" })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: W, height: H };
}

// ---------------------------------------------------------------------------------------------
// Light, optics and sensor

interface Light {
  /** Overall exposure factor (dim stairwell < 0.5). */
  readonly exposure: number;
  /** Vignette / uneven light: brightness falls by this fraction towards the far edge. */
  readonly falloff: number;
  readonly lightX: number;
  readonly lightY: number;
  /** A shadow edge through (shadowX, shadowY) at an angle, darkening one side by `shadow`. */
  readonly shadow: number;
  readonly shadowX: number;
  readonly shadowY: number;
  readonly shadowAngle: number;
  readonly shadowSoftness: number;
}

function applyLight(img: Rgb, light: Light): void {
  const { width: W, height: H, data } = img;
  const diag = Math.hypot(W, H);
  const nx = Math.cos((light.shadowAngle * Math.PI) / 180);
  const ny = Math.sin((light.shadowAngle * Math.PI) / 180);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const r = Math.hypot(x - light.lightX * W, y - light.lightY * H) / diag;
      let k = light.exposure * (1 - light.falloff * Math.min(1, r * 1.4));
      if (light.shadow > 0) {
        const d = ((x - light.shadowX) * nx + (y - light.shadowY) * ny) / Math.max(1, light.shadowSoftness);
        // Smooth step from lit (d < -1) to shadowed (d > 1).
        const t = d <= -1 ? 0 : d >= 1 ? 1 : 0.5 + 0.75 * d - 0.25 * d * d * d;
        k *= 1 - light.shadow * t;
      }
      const o = (y * W + x) * 3;
      data[o] = (data[o] as number) * k;
      data[o + 1] = (data[o + 1] as number) * k;
      data[o + 2] = (data[o + 2] as number) * k;
    }
  }
}

function addNoise(img: Rgb, sigma: number, rand: () => number): void {
  if (sigma <= 0) return;
  // Gaussian samples from a seeded table: drawing 50 million of them one by one is too slow.
  const g = gaussian(rand);
  const table = Float32Array.from({ length: 1 << 16 }, () => g() * sigma);
  const { data } = img;
  let state = Math.floor(rand() * 2 ** 32) >>> 0;
  const next = (): number => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) & 0xffff;
  };
  for (let i = 0; i < data.length; i += 3) {
    // Mostly luminance noise with a little chroma, as on a phone sensor after processing.
    const l = table[next()] as number;
    for (let c = 0; c < 3; c++) {
      const v = (data[i + c] as number) + l + (table[next()] as number) * 0.3;
      data[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

function motionKernel(length: number, angleDeg: number): { width: number; height: number; kernel: number[] } {
  const size = Math.max(3, Math.ceil(length) | 1);
  const kernel = new Array<number>(size * size).fill(0);
  const c = (size - 1) / 2;
  const dx = Math.cos((angleDeg * Math.PI) / 180);
  const dy = Math.sin((angleDeg * Math.PI) / 180);
  const steps = size * 4;
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps - 0.5) * length;
    const x = Math.round(c + t * dx);
    const y = Math.round(c + t * dy);
    if (x >= 0 && y >= 0 && x < size && y < size) kernel[y * size + x] = (kernel[y * size + x] ?? 0) + 1;
  }
  return { width: size, height: size, kernel };
}

// ---------------------------------------------------------------------------------------------
// Parameters per category

interface Plan {
  readonly category: Category;
  readonly pdf: number;
  readonly dpi: number;
  readonly aa: boolean;
  readonly shot: Shot;
  readonly light: Light;
  /** Gaussian blur sigma and motion blur length, in QR modules (scaled to pixels later). */
  readonly blurModules: number;
  readonly motionModules: number;
  readonly motionAngle: number;
  /** Contrast factor around `contrastMid` (1 = unchanged). */
  readonly contrast: number;
  readonly contrastMid: number;
  readonly noise: number;
  readonly format: "jpeg" | "webp" | "png";
  readonly quality: number;
  readonly orientation: number;
}

function plan(category: Category, index: number, pdfCount: number, rand: () => number): Plan {
  const between = (a: number, b: number): number => a + (b - a) * rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const frames: [number, number][] = [
    [4000, 3000],
    [3264, 2448],
    [2592, 1944],
    [1600, 1200],
  ];
  let [frameW, frameH] = pick(frames);
  if (rand() < 0.6) [frameW, frameH] = [frameH, frameW]; // portrait, as documents are shot
  // Baseline: what any handheld phone photo has.
  let shot: Shot = {
    frameW,
    frameH,
    pageFraction: between(0.45, 0.8),
    rotation: pick([0, 90, 180, 270]) + between(-12, 12),
    tilt: between(0, 10),
    tiltAxis: between(0, 360),
    offsetX: between(-0.8, 0.8),
    offsetY: between(-0.8, 0.8),
  };
  let light: Light = {
    exposure: between(0.85, 1.05),
    falloff: between(0, 0.25),
    lightX: between(0, 1),
    lightY: between(0, 1),
    shadow: 0,
    shadowX: 0,
    shadowY: 0,
    shadowAngle: 0,
    shadowSoftness: 1,
  };
  let dpi = rand() < 0.5 ? 150 : 300;
  let aa = true;
  let blurModules = between(0.05, 0.15);
  let motionModules = 0;
  let contrast = 1;
  let noise = between(2, 5);
  let quality = Math.round(between(70, 92));
  let format: Plan["format"] = rand() < 0.1 ? "webp" : rand() < 0.06 ? "png" : "jpeg";
  switch (category) {
    case "rotation":
      shot = { ...shot, rotation: between(0, 360) };
      break;
    case "perspective":
      shot = { ...shot, tilt: between(15, 30), pageFraction: between(0.35, 0.6) };
      break;
    case "blur":
      blurModules = between(0.25, 0.45);
      break;
    case "motion-blur":
      motionModules = between(0.6, 1.4);
      break;
    case "jpeg":
      format = "jpeg";
      quality = Math.round(between(30, 50));
      break;
    case "noise":
      noise = between(12, 28);
      break;
    case "low-contrast":
      contrast = between(0.2, 0.4);
      break;
    case "shadow":
      light = {
        ...light,
        shadow: between(0.45, 0.75),
        shadowAngle: between(0, 360),
        shadowSoftness: between(2, 40),
      };
      break;
    case "uneven-light":
      light = {
        ...light,
        exposure: between(0.3, 0.6),
        falloff: between(0.4, 0.7),
      };
      noise = between(6, 12);
      break;
    case "small-in-12mp":
      shot = {
        ...shot,
        frameW: rand() < 0.5 ? 3000 : 4000,
        frameH: 0,
        pageFraction: between(0.15, 0.35),
      };
      shot = { ...shot, frameH: shot.frameW === 3000 ? 4000 : 3000 };
      break;
    case "print-150dpi":
      dpi = 150;
      aa = false;
      break;
    case "print-300dpi":
      dpi = 300;
      aa = false;
      break;
    case "combined":
      shot = { ...shot, tilt: between(8, 20), rotation: between(0, 360) };
      light = {
        ...light,
        exposure: between(0.5, 0.9),
        falloff: between(0.2, 0.5),
        shadow: rand() < 0.5 ? between(0.3, 0.5) : 0,
        shadowAngle: between(0, 360),
        shadowSoftness: between(5, 40),
      };
      blurModules = between(0.12, 0.25);
      noise = between(6, 12);
      contrast = between(0.5, 0.8);
      quality = Math.round(between(40, 70));
      format = "jpeg";
      break;
  }
  return {
    category,
    pdf: index % pdfCount,
    dpi,
    aa,
    shot,
    light,
    blurModules,
    motionModules,
    motionAngle: between(0, 180),
    contrast,
    contrastMid: between(100, 160),
    noise,
    format,
    quality,
    orientation: format === "jpeg" && rand() < 0.3 ? pick([3, 6, 8]) : 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Building

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
  const { qrMatrix, QUIET_ZONE_MODULES } = await import("../src/qr/encode.ts");
  const modulesOf = pdfs.map((p) => qrMatrix(p.qrText, "M").size + 2 * QUIET_ZONE_MODULES);
  const images: CorpusImage[] = [];
  const rand = prng(SEED ^ 0x9e3779b9);
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
