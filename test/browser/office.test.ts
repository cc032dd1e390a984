/**
 * The office console in a real Chromium: sign in, issue through the form (field errors first),
 * see the extract listed, download its PDF, revoke it with a reason and a confirmation, and bulk
 * issuance with live progress, from JSON Lines and from CSV, with the failures file and the ZIP of
 * the PDFs. Screenshots of the console at phone and desktop size in all four languages.
 */
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_TEMPLATE } from "../../src/core/bulk-csv.ts";
import { parseCsv } from "../../src/core/csv.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import { everyConsoleLanguage } from "./office-shots.ts";
import {
  DESKTOP,
  LANGS,
  PHONE,
  everyLanguage,
  expectAccessible,
  expectNoOverflow,
  launch,
  screenshot,
  setLanguage,
  watch,
  type Browser,
  type Watch,
} from "./harness.ts";

let e2e: E2E;
let browser: Browser;
let page: Page;
let seen: Watch;

beforeAll(async () => {
  [e2e, browser] = await Promise.all([startE2E(), launch({ locale: "en-GB" })]);
  page = await browser.newPage();
  seen = watch(page);
});

afterAll(async () => {
  await browser.close();
  await e2e.close();
});

async function fill(p: Page, path: string, value: string): Promise<void> {
  await p.fill(`[name="${path}"]`, value);
}

describe("office console", () => {
  it("refuses an unknown token and signs in with the office's token", async () => {
    const res = await page.goto(`${e2e.service.url}/office`);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    await page.waitForSelector("#token");
    await expectAccessible(page, "sign-in");
    await everyConsoleLanguage(page, "office-signin");

    await page.fill("#token", "not-a-token");
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("#token-error")).toContain("not valid");
    expect(await page.getAttribute("#token", "aria-invalid")).toBe("true");

    // With the keyboard alone: Tab reaches the field, Enter signs in.
    await page.fill("#token", "");
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.id)) !== "token"; i++) {
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
    await page.keyboard.type(e2e.token);
    await page.keyboard.press("Enter");
    await page.waitForSelector(".office-name");
    expect(await page.textContent(".office-name")).toContain("Office des poursuites de Delémont");
  });

  it("shows every bad field next to the field, then issues the corrected extract", async () => {
    await page.click('[data-tab="issue"]');
    await page.click("text=Add a proceeding");
    await fill(page, "entries[0].amount", "12,50");
    await page.click("#issue-form button[type=submit]");
    await page.waitForSelector("#error-summary");
    // The summary takes the focus, so a screen reader reads it first.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
    for (const path of [
      "debtor.lastName",
      "debtor.address.street",
      "entries[0].amount",
      "entries[0].caseNumber",
    ]) {
      expect(await page.getAttribute(`[name="${path}"]`, "aria-invalid"), path).toBe("true");
    }
    // In the console's words (the issue's code), not the API's English message.
    expect(await page.textContent("#f-entries-0-amount-error")).toContain("amount in francs");
    await setLanguage(page, "de");
    expect(await page.textContent("#f-entries-0-amount-error")).toContain("Betrag in Franken");
    await setLanguage(page, "en");
    await expectAccessible(page, "issue form with errors");
    await everyConsoleLanguage(page, "office-issue-errors");

    await fill(page, "reference", "BR-2026-0042");
    await fill(page, "debtor.lastName", "Bernasconi-Würgler");
    await fill(page, "debtor.firstNames", "Anna Lucia");
    await fill(page, "debtor.dateOfBirth", "1984-03-09");
    await fill(page, "debtor.address.street", "Rue du Marché");
    await fill(page, "debtor.address.houseNumber", "12");
    await fill(page, "debtor.address.postalCode", "2800");
    await fill(page, "debtor.address.town", "Delémont");
    await fill(page, "entries[0].caseNumber", "26-001234");
    await fill(page, "entries[0].date", "2026-02-11");
    await fill(page, "entries[0].creditor", "Caisse maladie Exemple SA");
    // Written the Swiss way: kept as 1250.40.
    await fill(page, "entries[0].amount", "1’250.40");
    await page.selectOption('[name="entries[0].status"]', "objection");
    await page.click("#issue-form button[type=submit]");
    await page.waitForSelector('#issue-result[data-result="ready"]', { timeout: 30_000 });
    expect(await page.$("#error-summary")).toBeNull();
    // The success card, at the top, names the debtor and takes the focus.
    const card = (await page.textContent("#issue-result")) ?? "";
    expect(card).toContain("is ready");
    expect(card).toContain("Bernasconi-Würgler, Anna Lucia");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("issue-result");
    await expectAccessible(page, "success card");
    await everyConsoleLanguage(page, "office-issued");
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#issue-result [data-pdf]")]);
    const pdf = readFileSync(await dl.path());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const verdict = await fetch(`${e2e.service.url}/api/v1/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/pdf" },
      body: pdf,
    }).then((r) => r.json() as Promise<{ verdict: string }>);
    expect(verdict.verdict).toBe("valid");

    // "New extract" empties the form and puts the cursor in its first field.
    await page.click("#issue-result [data-new-extract]");
    expect(await page.$("#issue-result")).toBeNull();
    expect(await page.inputValue('[name="debtor.lastName"]')).toBe("");
    expect(await page.inputValue('[name="reference"]')).toBe("");
    expect(await page.$('[name="entries[0].amount"]')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("reference");
  });

  it("lists and finds the extract, downloads its PDF, and revokes it after a confirmation", async () => {
    await page.click('[data-tab="list"]');
    await page.waitForSelector("table.extracts tbody tr");
    await page.fill("#search", "bernasconi anna");
    await page.click("form.search button[type=submit]");
    await expect.poll(() => page.locator("table.extracts tbody tr").count()).toBe(1);
    expect(await page.textContent("#result-count")).toBe("1 extract shown.");
    const row = page.locator("table.extracts tbody tr").first();
    expect(await row.locator(".badge").textContent()).toBe("Ready");
    // At 1366 px (a common office screen) the issue date stays on one line.
    await page.setViewportSize({ width: 1366, height: 768 });
    const dateCell = row.locator("td.date");
    const lineHeight = await dateCell.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight) || 24);
    expect((await dateCell.boundingBox())?.height ?? 0).toBeLessThan(lineHeight * 2 + 16);
    await page.setViewportSize(PHONE);
    expect(await row.textContent()).toContain("Bernasconi-Würgler");
    // Each cell's value in its own bidirectional isolate (issue 11): the browser's own style sheet
    // isolates table cells; this keeps the console's style from undoing it.
    expect(
      await row.locator("td").evaluateAll((tds) => tds.map((td) => getComputedStyle(td).unicodeBidi)),
    ).toEqual(Array.from({ length: 6 }, () => "isolate"));
    expect(await row.locator(".badge").getAttribute("data-state")).toBe("anchored");
    const id = (await row.getAttribute("data-id")) ?? "";
    await expectAccessible(page, "list");
    await everyConsoleLanguage(page, "office-list");

    const [dl] = await Promise.all([page.waitForEvent("download"), row.locator("[data-pdf]").click()]);
    expect(dl.suggestedFilename()).toBe(`extract-${id}.pdf`);
    const pdf = readFileSync(await dl.path());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The dialog in each language (it is modal: the language is switched before opening it).
    for (const lang of LANGS) {
      await setLanguage(page, lang);
      await row.locator("[data-revoke]").click();
      await page.waitForSelector("dialog[open]");
      // The dialog names the debtor, not only the number.
      expect(await page.textContent("#revoke-title")).toContain("Bernasconi-Würgler, Anna Lucia");
      expect(await page.textContent("#revoke-which")).toContain(id);
      await expectNoOverflow(page, `revoke dialog (${lang})`);
      if (lang === "fr" || lang === "de") {
        await screenshot(page, "office-revoke", lang);
        await page.setViewportSize(DESKTOP);
        await screenshot(page, "office-revoke", lang);
        await page.setViewportSize(PHONE);
      }
      await page.keyboard.press("Escape");
      await page.waitForSelector("dialog", { state: "detached" });
      // The focus goes back to the button that opened the dialog.
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-revoke"))).toBe(id);
    }
    await setLanguage(page, "en");
    await row.locator("[data-revoke]").click();
    await page.waitForSelector("dialog[open]");
    // Escape closed it and gave the focus back to its button; now, with the keyboard:
    await page.selectOption("#revoke-reason", "data-error");
    // Without the confirmation nothing is revoked.
    await page.click("dialog button[type=submit]");
    expect(await page.textContent("#revoke-error")).toContain("confirmation");
    expect(await page.$("dialog[open]")).not.toBeNull();
    await expectAccessible(page, "revoke dialog");
    await page.check("#revoke-confirm");
    await page.click("dialog button[type=submit]");
    await page.waitForSelector("#list-status .notice.ok", { timeout: 30_000 });
    await expect
      .poll(() => page.locator(`tr[data-id="${id}"] .badge`).getAttribute("data-state"))
      .toBe("revoked");
    // The revoked row says why.
    expect(await page.textContent(`tr[data-id="${id}"] .revoke-reason`)).toBe("Reason: Error in the data");
    await everyConsoleLanguage(page, "office-list-revoked");
    const status = await fetch(`${e2e.service.url}/api/v1/extracts/${id}`, {
      headers: { Authorization: `Bearer ${e2e.token}` },
    }).then((r) => r.json());
    expect(status.revocation).toMatchObject({ reason: "data-error", state: "recorded" });

    // The verification page now says `revoked`, for the downloaded PDF and for its QR code.
    const verify = await browser.newPage();
    await verify.goto(`${e2e.service.url}/`);
    await verify.setInputFiles("#file", { name: "extract.pdf", mimeType: "application/pdf", buffer: pdf });
    await verify.waitForSelector("[data-verdict]", { timeout: 30_000 });
    expect(await verify.getAttribute("[data-verdict]", "data-verdict")).toBe("revoked");
    expect(await verify.textContent(".advice.revoked")).toContain("error in the data");
    const { qr } = await fetch(`${e2e.service.url}/api/v1/extracts/${id}/qr`, {
      headers: { Authorization: `Bearer ${e2e.token}` },
    }).then((r) => r.json());
    await verify.goto("about:blank");
    await verify.goto(`${e2e.service.url}/v${new URL(qr).hash}`);
    await verify.waitForSelector("[data-verdict]", { timeout: 30_000 });
    expect(await verify.getAttribute("[data-verdict]", "data-verdict")).toBe("revoked");
    await expectAccessible(verify, "revoked");
    await everyLanguage(verify, "verify-revoked");
    await verify.close();
  });

  it("uploads a JSON Lines file with live progress and lists the bad lines", async () => {
    await page.click('[data-tab="bulk"]');
    const good = (n: number): string =>
      JSON.stringify({
        language: "de",
        office: "demo",
        reference: `BULK-${n}`,
        debtor: {
          type: "person",
          lastName: `Muster${n}`,
          firstNames: "Hans",
          dateOfBirth: "1970-01-01",
          address: { street: "Bahnhofstrasse", postalCode: "8001", town: "Zürich", country: "CH" },
        },
        entries: [],
        lossCertificates: [],
      });
    const lines = [good(1), good(2), '{"language":"xx"}', good(3)].join("\n");
    await page.setInputFiles("#bulk-file", {
      name: "batch.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(lines),
    });
    await page.click("form button[type=submit]");
    await page.waitForSelector('[data-job-state="done"]', { timeout: 30_000 });
    expect(await page.textContent("[data-job-state]")).toContain("3 accepted");
    expect(await page.textContent("[data-job-state]")).toContain("4 of 4 lines processed");
    await page.waitForSelector("table caption");
    expect(await page.textContent("table.failures")).toContain("Language of the extract: Choose French");
    await expectAccessible(page, "bulk");
    await everyConsoleLanguage(page, "office-bulk");
  });

  it("imports a CSV with a bad line: amber result, the line named, a failures file, and a ZIP of the PDFs that verify", async () => {
    await page.click('[data-tab="bulk"]');
    // The template downloads as the frozen example, with a BOM so that Excel reads it as UTF-8.
    const [tpl] = await Promise.all([page.waitForEvent("download"), page.click("#bulk-template")]);
    const template = readFileSync(await tpl.path(), "utf8");
    expect(template).toBe(`\uFEFF${CSV_TEMPLATE}`);
    const good = CSV_TEMPLATE.replaceAll("BR-2026-00", "CSV-2026-00");
    // A hostile reference (a spreadsheet formula) on a line with two mistakes.
    const bad = [
      '=HYPERLINK("http://evil.example";"x")',
      "it",
      "person",
      "Rossi",
      "Maria",
      "01.02.1990",
      "",
      "",
      "Via Nassa",
      "5",
      "690",
      "Lugano",
      "CH",
      "",
      "",
      "26-9",
      "01.03.2026",
      "Comune",
      "12'50",
      "paid",
      "",
      "",
      "",
      "",
    ];
    // Written by hand: writeCsv would defuse the formula before the upload.
    const csv = `${good}${bad.map((c) => (/[;"]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(";")}\r\n`;
    await page.setInputFiles("#bulk-file", {
      name: "extracts.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.click("form button[type=submit]");
    await page.waitForSelector('[data-job-state="done"]', { timeout: 30_000 });
    // Amber, not green, when any line failed.
    const outcome = page.locator('[data-outcome="failed"]');
    expect(await outcome.getAttribute("class")).toContain("warn");
    expect(await outcome.textContent()).toContain("1 line has mistakes");
    expect(await outcome.textContent()).toContain("2 extracts issued");
    // The failed line by its row in the spreadsheet (line 5), with its reference and name.
    const failed = page.locator("table.failures tbody tr");
    expect(await failed.count()).toBe(1);
    expect(await failed.getAttribute("data-line")).toBe("5");
    const rowText = (await failed.textContent()) ?? "";
    expect(rowText).toContain(`${bad[0] ?? ""} · Rossi, Maria`);
    expect(rowText).toContain("Postal code: A Swiss or Liechtenstein postal code has four digits");
    expect(rowText).toContain("Proceeding 1 – Amount");
    await expectAccessible(page, "bulk CSV with a failure");
    await everyConsoleLanguage(page, "office-bulk-csv");

    // The failures file: one row per mistake, the formula defused.
    const [ff] = await Promise.all([page.waitForEvent("download"), page.click("#bulk-failures-file")]);
    const rows = parseCsv(readFileSync(await ff.path(), "utf8")).map((r) => r.cells);
    expect(rows[0]).toEqual(["Line", "Reference", "Debtor", "Field", "code", "Mistake"]);
    expect(
      rows
        .slice(1)
        .map((r) => r[4])
        .sort(),
    ).toEqual(["amount", "postal-code-ch"]);
    for (const r of rows.slice(1)) {
      expect(r[0]).toBe("5");
      expect(r[1]).toBe(`'${bad[0] ?? ""}`);
      expect(r[2]).toBe("Rossi, Maria");
    }

    // The ZIP: each issued extract's PDF, each one valid, and the manifest.
    const [zdl] = await Promise.all([page.waitForEvent("download"), page.click('[data-zip-part="1"]')]);
    const files = unzipSync(readFileSync(await zdl.path()));
    const pdfs = Object.keys(files).filter((f) => f.endsWith(".pdf"));
    expect(pdfs).toHaveLength(2);
    const manifest = parseCsv(strFromU8(files["manifest.csv"] ?? new Uint8Array())).map((r) => r.cells);
    expect(manifest.map((r) => r[1])).toEqual(["reference", "CSV-2026-0042", "CSV-2026-0043"]);
    expect(manifest.map((r) => r[0])).toEqual(["line", "2", "3"]);
    for (const name of pdfs) {
      const report = await fetch(`${e2e.service.url}/api/v1/verify`, {
        method: "POST",
        headers: { "Content-Type": "application/pdf" },
        body: Buffer.from(files[name] ?? new Uint8Array()),
      }).then((r) => r.json() as Promise<{ verdict: string }>);
      expect(report.verdict, name).toBe("valid");
    }
  });

  it("reported no script errors and no policy violations", () => {
    const problems = seen.problems.filter((p) => !/status of 40[01]/.test(p));
    expect(problems).toEqual([]);
  });
});
