/**
 * The console's screens in all four languages: at phone size nothing overflows, and each
 * language is photographed at phone and desktop size (`test-output/screenshots/`).
 */
import type { Page } from "playwright-core";
import { DESKTOP, LANGS, PHONE, expectNoOverflow, screenshot, setLanguage } from "./harness.ts";

export async function everyConsoleLanguage(p: Page, name: string): Promise<void> {
  const size = p.viewportSize() ?? PHONE;
  for (const lang of LANGS) {
    await setLanguage(p, lang);
    await p.setViewportSize(PHONE);
    await expectNoOverflow(p, `${name} (${lang})`);
    await screenshot(p, name, lang);
    await p.setViewportSize(DESKTOP);
    await screenshot(p, name, lang);
  }
  await p.setViewportSize(size);
  await setLanguage(p, "en");
}
