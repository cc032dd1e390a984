/**
 * The verification page on a slow phone (`npm run bench -- phone`): Debian's Chromium at 390 × 844
 * with the network throttled to 1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip
 * (`Network.emulateNetworkConditions`) and the CPU slowed four times
 * (`Emulation.setCPUThrottlingRate`), opening `/v#<seal>` cold (a new browser context each run,
 * so nothing is cached). The figure is the time from the start of navigation to the verdict on
 * screen (a MutationObserver notes when `[data-verdict]` appears), median of 5 runs; and the
 * compressed JavaScript the page loaded for that verdict.
 */
import { chromium } from "playwright-core";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { PERSON_EXTRACT, clone } from "../test/fixtures/extracts.ts";
import { startE2E } from "../test/helpers/service.ts";
import { median } from "./_stats.ts";

const RUNS = 5;
const TARGET_MS = 2500;
const TARGET_JS_BYTES = 60 * 1024;

const bench: BenchModule = {
  name: "Verification page on a slow phone (/v#<seal>, cold)",
  async run(): Promise<Row[]> {
    const e2e = await startE2E();
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic"],
    });
    try {
      const auth = { Authorization: `Bearer ${e2e.token}` };
      const status = (await (
        await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference: "BENCH-PHONE" }),
        })
      ).json()) as { id: string };
      const { qr } = (await (
        await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/qr`, { headers: auth })
      ).json()) as { qr: string };
      const url = `${e2e.service.url}/v${new URL(qr).hash}`;
      const times: number[] = [];
      const scripts: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", {
          offline: false,
          latency: 150,
          downloadThroughput: 1_600_000 / 8,
          uploadThroughput: 750_000 / 8,
        });
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
        await page.addInitScript(() => {
          const w = window as unknown as { verdictAt?: number };
          new MutationObserver((_m, observer) => {
            if (document.querySelector("[data-verdict]")) {
              w.verdictAt = performance.now();
              observer.disconnect();
            }
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(url);
        await page.waitForSelector("[data-verdict]", { timeout: 60_000 });
        const at = await page.evaluate(() => (window as unknown as { verdictAt?: number }).verdictAt ?? NaN);
        const js = await page.evaluate(() =>
          performance
            .getEntriesByType("resource")
            .filter((e) => e.name.endsWith(".js"))
            .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
        );
        times.push(at);
        scripts.push(js);
        await context.close();
      }
      const ms = median(times);
      const js = median(scripts);
      return [
        {
          figure: "time to the verdict on screen, 1.6 Mbit/s, 150 ms RTT, 4× CPU slowdown",
          value: Math.round(ms),
          unit: "ms",
          note: `median of ${RUNS} cold loads (runs: ${times.map((t) => Math.round(t)).join(", ")})`,
          target: `≤ ${TARGET_MS} ms`,
          met: ms <= TARGET_MS,
        },
        {
          figure: "JavaScript loaded for a QR-link verdict, compressed",
          value: Math.round(js / 102.4) / 10,
          unit: "KB",
          note: "encoded body size of the page's scripts (Brotli); the camera's worker and decoder load only when scanning",
          target: "≤ 60 KB",
          met: js <= TARGET_JS_BYTES,
        },
      ];
    } finally {
      await browser.close();
      await e2e.close();
    }
  },
};

export default bench;
