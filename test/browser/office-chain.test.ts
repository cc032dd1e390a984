/**
 * The console when the chain is slow or down, in a real Chromium: issuing stops waiting after
 * about 10 s and says the extract is saved and its PDF will be ready in the list (never a 120 s
 * spinner ending on a green "accepted"); a banner on every tab says the public register cannot be
 * reached while it cannot; once the chain is back, the banner goes and the card turns "Ready".
 * A compromise alarm reported by the service puts a security alert above everything.
 * The chain is cut by the fault proxy between the service and the node (test/helpers/chain-proxy.ts).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E } from "../helpers/service.ts";
import { expectAccessible, launch, watch, type Browser, type Watch } from "./harness.ts";
import { everyConsoleLanguage } from "./office-shots.ts";

let e2e: E2E;
let browser: Browser;
let page: Page;
let seen: Watch;

beforeAll(async () => {
  [e2e, browser] = await Promise.all([
    startE2E(
      { SCEAU_RETRY_INITIAL_MS: "200", SCEAU_RETRY_MAX_MS: "1000", SCEAU_LOG_LEVEL: "error" },
      { viaProxy: true },
    ),
    launch({ locale: "en-GB" }),
  ]);
  page = await browser.newPage();
  seen = watch(page);
});

afterAll(async () => {
  await browser.close();
  await e2e.close();
});

async function fillPerson(p: Page, lastName: string): Promise<void> {
  await p.fill('[name="reference"]', `DOWN-${lastName}`);
  await p.fill('[name="debtor.lastName"]', lastName);
  await p.fill('[name="debtor.firstNames"]', "Lea");
  await p.fill('[name="debtor.dateOfBirth"]', "1991-05-17");
  await p.fill('[name="debtor.address.street"]', "Spalenberg");
  await p.fill('[name="debtor.address.postalCode"]', "4051");
  await p.fill('[name="debtor.address.town"]', "Basel");
}

describe("office console with the chain down", () => {
  it("signs in with no banner while the chain answers", async () => {
    await page.goto(`${e2e.service.url}/office`);
    await page.fill("#token", e2e.token);
    await page.click("button[type=submit]");
    await page.waitForSelector(".office-name");
    // The first readiness answer has come (it is asked at sign-in).
    await expect.poll(() => page.evaluate(() => document.querySelector("#chain-banner") === null)).toBe(true);
  });

  it("stops waiting after about 10 s, says the extract is saved, and shows the banner on every tab", async () => {
    const proxy = e2e.proxy;
    if (!proxy) throw new Error("no proxy");
    proxy.mode = { kind: "drop" };
    await fillPerson(page, "Keller");
    await page.click("#issue-form button[type=submit]");
    // The old console spun for 120 s; this one answers once its 10 s are up.
    await page.waitForSelector('#issue-result[data-result="saved"]', { timeout: 20_000 });
    const card = (await page.textContent("#issue-result")) ?? "";
    expect(card).toContain("is saved");
    expect(card).toContain("Keller, Lea");
    expect(card).toContain("will be ready in the list");
    expect(await page.$("#issue-result [data-pdf]")).toBeNull();
    expect(await page.getAttribute("#issue-result", "class")).not.toContain("ok");
    await page.waitForSelector("#chain-banner", { timeout: 15_000 });
    expect(await page.textContent("#chain-banner")).toContain("cannot be reached");
    // The submit button is usable again: the clerk can go on.
    expect(await page.isDisabled("#issue-form button[type=submit]")).toBe(false);
    await expectAccessible(page, "saved card and banner");
    await everyConsoleLanguage(page, "office-chain-down");

    await page.click('[data-tab="list"]');
    await page.waitForSelector("table.extracts tbody tr");
    expect(await page.$("#chain-banner")).not.toBeNull();
    const badge = page.locator("table.extracts tbody tr .badge").first();
    expect(await badge.textContent()).toBe("Being prepared");
    expect(await page.$("table.extracts tbody tr [data-pdf]")).toBeNull();
    await everyConsoleLanguage(page, "office-list-chain-down");
    await page.click('[data-tab="issue"]');
  });

  it("drops the banner and turns the card to Ready once the chain is back", async () => {
    const proxy = e2e.proxy;
    if (!proxy) throw new Error("no proxy");
    proxy.mode = { kind: "pass" };
    await page.waitForSelector('#issue-result[data-result="ready"]', { timeout: 60_000 });
    expect(await page.$("#issue-result [data-pdf]")).not.toBeNull();
    await page.waitForSelector("#chain-banner", { state: "detached", timeout: 30_000 });
  });

  it("shows the security alert on every tab while the service reports its compromise alarm", async () => {
    // The service's answer when its registry shows an anchoring or a role change it did not make
    // (the alarm itself is raised on a real chain in test/anvil/alarm.test.ts).
    await page.route("**/readyz", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          ready: false,
          checks: {
            chain: { ok: true, ms: 1 },
            journal: { ok: true, ms: 0 },
            issuer: { ok: true, ms: 0 },
            anchoring: { ok: false, ms: 0, error: { code: "ALARM", message: "Compromise alarm." } },
          },
        }),
      }),
    );
    await page.waitForSelector("#alarm-banner", { timeout: 20_000 });
    expect(await page.getAttribute("#alarm-banner", "role")).toBe("alert");
    expect(await page.textContent("#alarm-banner")).toContain("Tell your IT team now");
    // Not the chain-down banner: the chain answers.
    expect(await page.$("#chain-banner")).toBeNull();
    await page.click('[data-tab="list"]');
    expect(await page.$("#alarm-banner")).not.toBeNull();
    await expectAccessible(page, "security alert");
    await everyConsoleLanguage(page, "office-alarm");
    await page.unroute("**/readyz");
    await page.waitForSelector("#alarm-banner", { state: "detached", timeout: 20_000 });
  });

  it("reported no script errors and no policy violations", () => {
    const problems = seen.problems.filter((p) => !/status of (40[01]|503)/.test(p));
    expect(problems).toEqual([]);
  });
});
