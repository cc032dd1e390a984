/**
 * Browser tests: Debian's Chromium driven by playwright-core, headless, one browser per test file.
 * Screenshots go to `test-output/screenshots/` (kept as test artefacts, ignored by git).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = join(PROJECT_ROOT, "test-output", "screenshots");

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Browser {
  readonly context: BrowserContext;
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A headless Chromium with its own profile. `fakeCamera` feeds the camera from a Y4M or MJPEG
 * file and grants camera access without a prompt.
 */
export async function launch(options: { fakeCamera?: string; locale?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: \`npm test\` installs it (Debian package chromium).`);
  }
  const profile = mkdtempSync(join(tmpdir(), "sceau-chromium-"));
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
  ];
  if (options.fakeCamera) {
    args.push(
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${options.fakeCamera}`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    locale: options.locale ?? "en-GB",
    viewport: PHONE,
    ...(options.fakeCamera ? { permissions: ["camera"] } : {}),
  });
  return {
    context,
    newPage: async (o = {}) => {
      const page = await context.newPage();
      if (o.viewport) await page.setViewportSize(o.viewport);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot `<name>-<lang>-<phone|desktop>.png`. */
export async function screenshot(page: Page, name: string, lang: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  const kind = size && size.width <= PHONE.width ? "phone" : "desktop";
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${lang}-${kind}.png`), fullPage: true });
}

/** The pages' languages, in the order of their switch. */
export const LANGS = ["fr", "de", "it", "en"] as const;

/** Switches the page's language with its switch and waits until the page has taken it. */
export async function setLanguage(p: Page, lang: string): Promise<void> {
  await p.click(`.langs button[data-lang="${lang}"]`);
  await p.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Each language at phone size: nothing overflows; a screenshot of each language at both sizes. */
export async function everyLanguage(p: Page, name: string): Promise<void> {
  for (const lang of LANGS) {
    await setLanguage(p, lang);
    await p.setViewportSize(PHONE);
    await expectNoOverflow(p, `${name} (${lang})`);
    await screenshot(p, name, lang);
    await p.setViewportSize(DESKTOP);
    await screenshot(p, name, lang);
    await p.setViewportSize(PHONE);
  }
  await setLanguage(p, "en");
}

/** Nothing is wider than the viewport (no sideways scrolling, nothing cut off at phone size). */
export async function expectNoOverflow(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
        const style = getComputedStyle(el);
        // Visually hidden helpers sit outside on purpose.
        if (style.position === "absolute" && r.width <= 1) continue;
        if (el.closest(".sr-only, .table-wrap")) continue;
        wide.push(
          `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}..${Math.round(r.right)}`,
        );
      }
    }
    return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
  });
  expect(overflow.wide, `${what}: elements wider than ${overflow.width}px`).toEqual([]);
  expect(overflow.scroll, `${what}: page scrolls sideways`).toBeLessThanOrEqual(overflow.width);
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now: no violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts, as it should.
  await page.evaluate(AXE);
  const violations: string[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<any> } }).axe;
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return (r.violations as any[]).map(
      (v): string =>
        `${v.id}: ${v.help} (${(v.nodes as { target: string[] }[]).map((n) => n.target.join(" ")).join(", ")})`,
    );
  });
  expect(violations, `${what}: accessibility violations`).toEqual([]);
}

export interface Watch {
  /** Every request the page sent: URL, headers and body. */
  readonly requests: { url: string; method: string; headers: Record<string, string>; body: string }[];
  /** Console errors, uncaught exceptions and CSP violations. */
  readonly problems: string[];
}

/** Records what a page sends and every error it reports. */
export function watch(page: Page): Watch {
  const w: Watch = { requests: [], problems: [] };
  page.on("request", (r) => {
    w.requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() ?? "" });
  });
  page.on("console", (m) => {
    if (m.type() === "error") w.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => w.problems.push(`page error: ${e.message}`));
  return w;
}
