/**
 * Printing and photographing: page 1 rendered by poppler as a printer would, then projected
 * through a pinhole camera (rotated in its plane, tilted towards the camera) into a phone-sized
 * frame over a desk-like background, close enough that the QR modules stay visible.
 * @module
 */
import { spawnSync } from "node:child_process";
import sharp from "sharp";

/** Smallest QR module, in frame pixels, that the camera model produces. */
const MIN_MODULE_PX = 2.5;

export interface Rgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Page 1 rendered by poppler as RGB; `aa: false` gives a printer's hard module edges. */
export function printPage(pdfPath: string, dpi: number, aa: boolean): Rgb {
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

export type Vec2 = readonly [number, number];

/** The 3×3 homography (row-major, h33 = 1) mapping the four `from` points onto the four `to` points. */
function homography(from: readonly Vec2[], to: readonly Vec2[]): number[] {
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

export interface Shot {
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
export async function photograph(
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
