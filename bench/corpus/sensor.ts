/**
 * Light, optics and sensor: uneven illumination and shadow edges, motion blur kernels, and
 * phone-like sensor noise, applied to a photographed frame.
 * @module
 */
import type { Rgb } from "./camera.ts";

export interface Light {
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

export function applyLight(img: Rgb, light: Light): void {
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

export function addNoise(img: Rgb, sigma: number, rand: () => number): void {
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

export function motionKernel(
  length: number,
  angleDeg: number,
): { width: number; height: number; kernel: number[] } {
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
