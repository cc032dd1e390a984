/**
 * The corpus's categories, and the degradation parameters of one image of a category drawn from
 * the seeded generator: a baseline any handheld phone photo has, then the category's own
 * degradation pushed further.
 * @module
 */
import type { Shot } from "./camera.ts";
import type { Light } from "./sensor.ts";

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

export interface Plan {
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

export function plan(category: Category, index: number, pdfCount: number, rand: () => number): Plan {
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
