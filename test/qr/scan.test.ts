/**
 * The robust image path on a small seeded set of degraded photos (made in the test, a second or
 * two), the limits decided before decoding, the time budget, and jsQR's hard deadline.
 */
import { afterAll, describe, expect, test } from "vitest";
import sharp from "sharp";
import { SceauError } from "../../src/core/errors.ts";
import { Deadline } from "../../src/qr/deadline.ts";
import { inspectImage, scanImage } from "../../src/qr/image.ts";
import { JsQrRunner } from "../../src/qr/jsqr.ts";
import { QrLocator } from "../../src/documents/locator.ts";
import { pngBomb, qrPhoto, type PhotoOptions } from "../helpers/photos.ts";

// A real seal's QR text (a 64-extract batch: QR version 16, the densest the service prints).
const SEAL =
  "https://verify.sceau.example/v#AHU7IAK7XWZDCVTYV7WLGZ7QGLMT6ZBPMQMAVI6WDIAOHDM3PXWDV55H2NF73YT2ZTDOO3XFV5X4M2F5NLUFQGAEMRSW23YBCBCHM36FTHB2C2ZNYOMHE43UMVSA7RMBOVVWC432EDBZA5LSNHCIOD4CNZBUQBBSHAYDACKEMVWMHKLNN5XHID6LMIH5KYQDAKFK2FAB2CDAGDRPPS65DTHFOCY7INYD5BGMR7XIN7Y2NVSZDRCUJEOIH3Q4PQGTAZAGUJDIMCEC64YCIT2FVBMTUJ7CH6L53Q3DPGLLUK57TX4Q6YO53ZDO4DRXG3YPKIIPOWQ7EBCRXANH6ANGLEJQRF7JU56M4NFQ42LLEFPRL6UUFZXZMUHNSPLKWI3X4DY4NSMZTX2RMYTSBGL7GBFWO3AKWOK3EARMNE3PGJXQYN5RKDO2QVSG7ZIFUPBFTE2RHFOSVL2ZEVISPFRVRX5PH44OUYBGXWMJMRBKRNR72HQPB6PUIHNIZXKGH734TMFK4PBQ3OJG6G5SCLEITFZ535X57JJDKCFYC4A57QMPOG2EITWUDU57B74Q";
const isSeal = (t: string): boolean => t === SEAL;

const jsqr = new JsQrRunner();
afterAll(() => jsqr.close());

async function scan(bytes: Buffer, budgetMs = 5000) {
  return scanImage(
    { kind: "encoded", bytes },
    { deadline: new Deadline(budgetMs), accept: isSeal, maxPixels: 50_000_000, jsqr },
  );
}

describe("the robust image path", () => {
  const degraded: [string, PhotoOptions][] = [
    ["turned 33° and JPEG quality 30", { rotate: 33, quality: 30 }],
    ["sheared (perspective) and turned", { shear: 0.25, rotate: -8 }],
    ["noisy (σ 40 grey levels)", { noise: 40, seed: 3 }],
    ["dim and low-contrast (a quarter of the range)", { contrast: 0.25, noise: 6, seed: 4 }],
    ["WebP, turned 12°", { format: "webp", rotate: 12 }],
    ["PNG", { format: "png", rotate: 190 }],
  ];
  test.each(degraded)("decodes a photo %s", async (_name, options) => {
    const r = await scan(await qrPhoto(SEAL, options));
    expect(r.found).toBe(SEAL);
  });

  test("applies the EXIF orientation: the upright size is reported and the code read", async () => {
    const photo = await qrPhoto(SEAL, { orientation: 6, side: 800 });
    const stored = await sharp(photo).metadata();
    expect(stored.orientation).toBe(6);
    const info = await inspectImage(photo, 50_000_000);
    expect(info).toEqual({ format: "jpeg", width: stored.height, height: stored.width });
    expect((await scan(photo)).found).toBe(SEAL);
  });

  test("a mirrored photo (EXIF orientation 2, as a front camera stores it) is flipped back and read", async () => {
    const photo = await qrPhoto(SEAL, { orientation: 2, rotate: 9 });
    expect((await sharp(photo).metadata()).orientation).toBe(2);
    expect((await scan(photo)).found).toBe(SEAL);
  });

  test("a blurred photo the first look misses is read by a later attempt (sharpening)", async () => {
    const r = await scan(await qrPhoto(SEAL, { blur: 2.2, qrFraction: 0.4, side: 800 }));
    expect(r.found).toBe(SEAL);
    expect(r.attempts[0]).toBe("full");
    expect(r.attempts.length).toBeGreaterThan(1);
    expect(r.attempts.at(-1)).toMatch(/^sharpened/);
  });

  test("a light-on-dark (inverted) code is read by the inversion attempt", async () => {
    const r = await scan(await qrPhoto(SEAL, { invert: true }));
    expect(r.found).toBe(SEAL);
    expect(r.attempts.at(-1)).toBe("inverted");
  });

  test("several codes in one image: all are seen, the one accepted wins", async () => {
    const r = await scan(await qrPhoto(SEAL, { also: "https://example.com/menu" }));
    expect(r.found).toBe(SEAL);
    expect(r.texts).toEqual(expect.arrayContaining(["https://example.com/menu", SEAL]));
  });

  test("a photo without any code tries every attempt, then reports none", async () => {
    const blank = await sharp({ create: { width: 700, height: 500, channels: 3, background: "#ddd" } })
      .jpeg()
      .toBuffer();
    const r = await scan(blank);
    expect(r).toMatchObject({ found: null, texts: [], exhausted: true });
    expect(r.attempts.at(-1)).toBe("jsqr");
  });
});

describe("limits decided before decoding", () => {
  test("a PNG declaring 100,000 × 100,000 pixels is IMAGE_TOO_LARGE from its header", async () => {
    const error = await inspectImage(pngBomb(100_000, 100_000), 50_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SceauError);
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE", details: { width: 100_000, height: 100_000 } });
  });

  test("the pixel limit is the configured one: a 2 MP image passes at 2 MP and fails at 1 MP", async () => {
    const img = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    await expect(inspectImage(img, 2_000_000)).resolves.toMatchObject({ width: 2000, height: 1000 });
    await expect(inspectImage(img, 1_999_999)).rejects.toMatchObject({ code: "IMAGE_TOO_LARGE" });
  });

  test("bytes that are no image are IMAGE_UNREADABLE; GIF is not accepted", async () => {
    await expect(inspectImage(new TextEncoder().encode("not an image"), 1e7)).rejects.toMatchObject({
      code: "IMAGE_UNREADABLE",
    });
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } })
      .gif()
      .toBuffer();
    await expect(inspectImage(gif, 1e7)).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  test("the time budget: once spent, no further attempt starts and the answer is TIME_BUDGET_EXCEEDED", async () => {
    const blank = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#ccc" } })
      .jpeg()
      .toBuffer();
    const locator = (timeBudgetMs: number): QrLocator =>
      new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs }, jsqr);
    const cut = await locator(0)
      .inImage(blank, isSeal)
      .catch((e: unknown) => e);
    expect(cut).toMatchObject({ code: "TIME_BUDGET_EXCEEDED", details: { budgetMs: 0, attempts: ["full"] } });
    const all = await locator(60_000)
      .inImage(blank, isSeal)
      .catch((e: unknown) => e);
    expect(all).toMatchObject({ code: "QR_NOT_FOUND" });
  });
});

describe("jsQR runs with a hard deadline", () => {
  test("a job past its deadline is stopped (its worker killed) and the next job still runs", async () => {
    // Random noise keeps jsQR searching for seconds.
    let seed = 7;
    const noise = Uint8Array.from({ length: 2500 * 2500 }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    });
    const started = performance.now();
    const slow = await jsqr.decode({ data: noise, width: 2500, height: 2500 }, 1, 150);
    expect(slow).toEqual({ status: "timeout" });
    // Generous: the worker is terminated at the deadline, not when jsQR gives up.
    expect(performance.now() - started).toBeLessThan(3000);

    const photo = await sharp(await qrPhoto(SEAL, { side: 900 }))
      .toColourspace("b-w")
      .raw()
      .toBuffer({ resolveWithObject: true });
    const next = await jsqr.decode(
      { data: photo.data, width: photo.info.width, height: photo.info.height },
      1,
      20_000,
    );
    expect(next).toEqual({ status: "found", text: SEAL });
  });

  test("jobs queued behind a slow one time out without running when their deadline passes", async () => {
    const noise = new Uint8Array(1500 * 1500).map((_, i) => (i * 2654435761) >>> 24);
    const [a, b] = await Promise.all([
      jsqr.decode({ data: noise, width: 1500, height: 1500 }, 1, 200),
      jsqr.decode({ data: noise, width: 1500, height: 1500 }, 1, 100),
    ]);
    expect(b).toEqual({ status: "timeout" });
    expect(["timeout", "none"]).toContain(a.status);
  });
});
