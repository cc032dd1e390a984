/**
 * The camera flow in a real Chromium whose fake camera films a photo of an issued extract (a Y4M
 * video made here from the rendered page): the page opens the camera, the worker decodes the QR
 * code with zxing-wasm served from this origin, the seal is checked on the device, and the page
 * ends on `valid`. The camera screen is photographed (French and German, phone and desktop) while
 * the decoder's WebAssembly is held back, so the picture is taken before the scan succeeds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { extractPhoto, toY4m } from "../helpers/extract-photo.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import {
  DESKTOP,
  PHONE,
  expectAccessible,
  expectNoOverflow,
  launch,
  screenshot,
  setLanguage,
  watch,
  type Browser,
} from "./harness.ts";

let e2e: E2E;
let browser: Browser;
let dir: string;
const extract = clone(PERSON_EXTRACT) as any;
extract.reference = "BROWSER-CAMERA-1";
extract.debtor.lastName = "Kamerawald";

beforeAll(async () => {
  e2e = await startE2E();
  const auth = { Authorization: `Bearer ${e2e.token}` };
  const res = await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify(extract),
  });
  const { id } = (await res.json()) as { id: string };
  const pdf = new Uint8Array(
    await (await fetch(`${e2e.service.url}/api/v1/extracts/${id}/pdf`, { headers: auth })).arrayBuffer(),
  );
  const photo = await extractPhoto(pdf, { width: 640, height: 480, rotate: -4, span: 2.2, blur: 0.4 });
  dir = mkdtempSync(join(tmpdir(), "sceau-camera-"));
  const video = join(dir, "extract.y4m");
  writeFileSync(video, await toY4m(photo, 640, 480, 5));
  browser = await launch({ fakeCamera: video, locale: "fr-CH" });
});

afterAll(async () => {
  await browser.close();
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("camera", () => {
  it("scans the QR code of a filmed extract in a worker and ends on `valid`", async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    // Hold the decoder back until the camera screen has been photographed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await browser.context.route(/zxing_reader-[0-9a-f]+\.wasm$/, async (route: Route) => {
      await held;
      await route.continue();
    });

    await page.goto(`${e2e.service.url}/`);
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    // With the keyboard alone: Tab reaches the scan button, Enter opens the camera.
    await page.waitForSelector("#scan");
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.id)) !== "scan"; i++) {
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("scan");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const v = document.querySelector("video");
      return v !== null && v.readyState >= 2 && v.videoWidth > 0;
    });
    await page.waitForSelector(".guide");
    await expectAccessible(page, "camera");
    for (const lang of ["fr", "de", "it", "en"]) {
      await setLanguage(page, lang);
      await expectNoOverflow(page, `camera (${lang})`);
      if (lang === "fr" || lang === "de") {
        await screenshot(page, "verify-camera", lang);
        await page.setViewportSize(DESKTOP);
        await screenshot(page, "verify-camera", lang);
        await page.setViewportSize(PHONE);
      }
    }
    // The language switch kept the same camera stream playing.
    expect(await page.evaluate(() => document.querySelector("video")?.srcObject !== null)).toBe(true);

    release();
    await page.waitForSelector("[data-verdict]", { timeout: 30_000 });
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).toBe("valid");
    expect(await page.textContent("#facts")).toContain("Kamerawald");
    // The camera is released once the code is read.
    expect(await page.evaluate(() => document.querySelector("video")?.srcObject ?? null)).toBeNull();

    // The worker's WebAssembly came from this origin; the seal itself was sent nowhere.
    const urls = seen.requests.map((r) => new URL(r.url));
    expect(urls.every((u) => u.origin === new URL(e2e.service.url).origin)).toBe(true);
    expect(urls.some((u) => /\/assets\/zxing_reader-[0-9a-f]+\.wasm$/.test(u.pathname))).toBe(true);
    expect(seen.requests.filter((r) => r.url.includes("/api/")).map((r) => new URL(r.url).pathname)).toEqual([
      expect.stringMatching(/^\/api\/v1\/roots\/0x[0-9a-f]{64}$/),
    ]);
    for (const r of seen.requests) expect(`${r.url} ${r.body}`).not.toContain("Kamerawald");
    expect(seen.problems).toEqual([]);
    await page.close();
  });
});
