/**
 * The result screen a landlord reads (issue 14, docs/verdict.md), in a real Chromium at phone
 * (390 × 844) and desktop size in the four languages: a genuine QR code on a doctored paper gets
 * the copy wording and the comparison card with the name and the statement on the first screen;
 * a scanned PDF is a copy, an edited PDF `modified`; a forged seal shows no green tick and no
 * issuer; an old extract says so in the banner; the printed result keeps the verdict, the
 * comparison and when and where it was verified. Screenshots of every screen in each language.
 */
import type { Page } from "playwright-core";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base32Decode, base32Encode } from "../../src/core/base32.ts";
import { forEachPageRaster } from "../../src/pdf/raster.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import {
  DESKTOP,
  LANGS,
  PHONE,
  everyLanguage,
  launch,
  screenshot,
  setLanguage,
  type Browser,
} from "./harness.ts";

let e2e: E2E;
let browser: Browser;
let page: Page;
let pdf: Buffer;
let qr: string;
const extract = clone(PERSON_EXTRACT) as any;
extract.reference = "BROWSER-RESULT-1";
extract.debtor.lastName = "Rossier";
extract.debtor.firstNames = "Anne-Laure";
extract.debtor.dateOfBirth = "1988-04-09";
extract.entries = [
  {
    caseNumber: "2026-00101",
    date: "2026-02-01",
    creditor: "Régie du Jura SA",
    amount: "412.35",
    status: "payment-order",
  },
  { caseNumber: "2025-00042", date: "2025-06-11", creditor: "Helsana SA", amount: "100.00", status: "paid" },
];
extract.lossCertificates = [];

const STATEMENT = {
  fr: "2 poursuites enregistrées, dont 1 en cours pour un montant de CHF 412.35. Aucun acte de défaut de biens.",
  de: "2 Betreibungen verzeichnet, davon 1 offen über CHF 412.35. Keine Verlustscheine.",
  it: "2 esecuzioni registrate, di cui 1 in corso per un importo di CHF 412.35. Nessun attestato di carenza di beni.",
  en: "2 proceedings registered, 1 of them open for CHF 412.35. No loss certificates.",
} as const;
const COPY_TITLE = {
  fr: "Sceau authentique",
  de: "Echtes Siegel",
  it: "Sigillo autentico",
  en: "Genuine seal",
} as const;

beforeAll(async () => {
  // A loaded machine must not turn the scan's decoding into TIME_BUDGET_EXCEEDED.
  [e2e, browser] = await Promise.all([
    startE2E({ SCEAU_VERIFY_TIME_BUDGET_MS: "30000" }),
    launch({ locale: "fr-CH" }),
  ]);
  const auth = { Authorization: `Bearer ${e2e.token}` };
  const status = (await (
    await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify(extract),
    })
  ).json()) as { id: string; state: string };
  expect(status.state).toBe("final");
  const get = (path: string) =>
    fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/${path}`, { headers: auth });
  pdf = Buffer.from(await (await get("pdf")).arrayBuffer());
  qr = ((await (await get("qr")).json()) as { qr: string }).qr;
  page = await browser.newPage();
});

afterAll(async () => {
  await browser.close();
  await e2e.close();
});

async function verdictOf(p: Page): Promise<string | null> {
  await p.waitForSelector("[data-verdict], #failed", { timeout: 60_000 });
  if ((await p.locator("#failed").count()) > 0)
    throw new Error(`No verdict: ${await p.textContent("#failed")}`);
  return p.getAttribute("[data-verdict]", "data-verdict");
}

async function open(p: Page, path: string): Promise<void> {
  await p.goto("about:blank");
  await p.goto(`${e2e.service.url}${path}`);
}

async function upload(p: Page, name: string, mimeType: string, buffer: Buffer): Promise<string | null> {
  await open(p, "/");
  await p.setInputFiles("#file", { name, mimeType, buffer });
  return verdictOf(p);
}

/** Page 1 of the issued PDF as a scanner gives it back: a picture in a new PDF, no stamp. */
async function scannedPdf(): Promise<Buffer> {
  const jpegs: Buffer[] = [];
  await forEachPageRaster(
    new Uint8Array(pdf),
    { dpi: 150, maxPages: 1, maxPixels: 50_000_000 },
    async (image) => {
      jpegs.push(
        await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
          raw: { width: image.width, height: image.height, channels: 4 },
        })
          .flatten({ background: "#ffffff" })
          .jpeg({ quality: 85 })
          .toBuffer(),
      );
      return true;
    },
  );
  const [jpeg] = jpegs;
  if (!jpeg) throw new Error("no page");
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(jpeg);
  const pageOut = doc.addPage([595.28, 841.89]);
  pageOut.drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
  return Buffer.from(await doc.save());
}

/** The bottom edge of an element, in CSS pixels from the top of the page. */
function bottomOf(p: Page, selector: string): Promise<number> {
  return p.$eval(selector, (el) => el.getBoundingClientRect().bottom + window.scrollY);
}

describe("result screens", () => {
  it("a genuine QR code on a doctored paper (photo) gets the copy wording and the comparison on the first screen", async () => {
    // The paper's statement painted over: only the QR code is genuine, and a photo proves no more.
    const photo = await qrPhoto(qr, { rotate: 3, seed: 5 });
    expect(await upload(page, "paper.jpg", "image/jpeg", photo)).toBe("valid");
    expect(await page.getAttribute("[data-verdict]", "data-scope")).toBe("data");
    for (const lang of LANGS) {
      await setLanguage(page, lang);
      await page.setViewportSize(PHONE);
      expect(await page.textContent("#verdict")).toBe(COPY_TITLE[lang]);
      expect(await page.textContent("#result")).not.toMatch(/unchanged|intact|unverändert|integro/);
      expect(await page.textContent('#compare [data-field="statement"] dd')).toBe(STATEMENT[lang]);
      expect(await page.textContent('#compare [data-field="name"] dd')).toBe("Rossier, Anne-Laure");
      // Name and statement within the first 844 pixels of a phone.
      expect(await bottomOf(page, '#compare [data-field="name"]')).toBeLessThanOrEqual(PHONE.height);
      expect(await bottomOf(page, '#compare [data-field="statement"]')).toBeLessThanOrEqual(PHONE.height);
      expect(await page.getAttribute('#plain li[data-line="file"]', "data-tone")).toBe("info");
    }
    // The online counter's line (SCEAU_COUNTER_URL, by default the service's /counter).
    expect(await page.textContent("#counter")).toMatch(
      /^Order your own extract online: http:\/\/.*\/counter$/,
    );
    // The technical details start closed.
    expect(await page.getAttribute("#technical", "open")).toBeNull();
    await everyLanguage(page, "result-copy-photo");
    // The QR text itself (the link a phone opens) says the same.
    await open(page, `/v${new URL(qr).hash}`);
    expect(await verdictOf(page)).toBe("valid");
    expect(await page.getAttribute("[data-verdict]", "data-scope")).toBe("data");
    await setLanguage(page, "fr");
    expect(await page.textContent("#header-issuer")).toBe(
      "Émis par : Office des poursuites de Delémont (Canton du Jura)",
    );
    await everyLanguage(page, "result-copy-link");
  });

  it("the issued PDF is genuine and unchanged; a scan of it saved as PDF is a copy; an edited PDF is modified", async () => {
    expect(await upload(page, "extract.pdf", "application/pdf", pdf)).toBe("valid");
    await setLanguage(page, "fr");
    expect(await page.getAttribute("[data-verdict]", "data-scope")).toBe("document");
    expect(await page.textContent("#verdict")).toBe("Authentique et intact");
    expect(await page.$$eval("#plain li", (lis) => lis.map((li) => li.dataset.line))).toEqual([
      "issuer",
      "file",
      "revocation",
      "age",
    ]);
    await everyLanguage(page, "result-valid-pdf");

    expect(await upload(page, "scan.pdf", "application/pdf", await scannedPdf())).toBe("valid");
    await setLanguage(page, "fr");
    expect(await page.getAttribute("[data-verdict]", "data-scope")).toBe("data");
    expect(await page.getAttribute('#checks li[data-code="PDF_INTEGRITY"]', "data-status")).toBe("skipped");
    expect(await page.textContent("#verdict")).toBe("Sceau authentique");
    await everyLanguage(page, "result-copy-scan");

    const edited = Buffer.concat([pdf, Buffer.from("\n% edited after issue\n")]);
    expect(await upload(page, "edited.pdf", "application/pdf", edited)).toBe("modified");
    await setLanguage(page, "en");
    expect(await page.textContent("#verdict")).toBe("PDF edited after issue");
    expect(await page.textContent("[data-verdict] p")).toContain(
      "Ask the office or the applicant for the original PDF",
    );
    await everyLanguage(page, "result-modified");
  });

  it("a forged seal shows no green tick and no issuer, its data greyed and labelled not to be relied on", async () => {
    const bytes = base32Decode(new URL(qr).hash.slice(1));
    bytes[80] = (bytes[80] ?? 0) ^ 0x01;
    await open(page, `/v#${base32Encode(bytes)}`);
    expect(await verdictOf(page)).toBe("invalid");
    for (const lang of LANGS) {
      await setLanguage(page, lang);
      expect(await page.locator('[data-tone="ok"]').count()).toBe(0);
      expect(await page.locator("#checks .valid").count()).toBe(0);
      expect(await page.locator("#header-issuer").count()).toBe(0);
      expect(await page.locator('#plain [data-line="issuer"], #plain [data-line="age"]').count()).toBe(0);
      expect(await page.getAttribute("#compare", "class")).toContain("unconfirmed");
      expect(await page.textContent("#result")).not.toMatch(
        /Not checked: Not checked|Non vérifié : Non vérifié/,
      );
    }
    await setLanguage(page, "en");
    expect(await page.textContent("#compare h2")).toContain("do not rely on this");
    expect(await page.textContent("#plain")).toContain("not checked, because the seal is not genuine");
    await everyLanguage(page, "result-forged");
  });

  it("an extract older than accepted says so in the banner itself", async () => {
    // The page takes the service's clock: four months later.
    await page.route("**/api/v1/roots/**", async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { checkedAt: string };
      body.checkedAt = new Date(Date.parse(body.checkedAt) + 122 * 86_400_000).toISOString();
      await route.fulfill({ response: res, json: body });
    });
    try {
      await open(page, `/v${new URL(qr).hash}`);
      expect(await verdictOf(page)).toBe("valid");
      await setLanguage(page, "en");
      expect(await page.textContent("#verdict")).toBe("Genuine, but issued 4 months ago");
      expect(await page.textContent("[data-verdict] p")).toBe("Ask for a recent extract.");
      await setLanguage(page, "fr");
      expect(await page.textContent("#verdict")).toBe("Authentique, mais émis il y a 4 mois");
      expect(await page.getAttribute('#plain li[data-line="age"]', "data-tone")).toBe("warn");
      await everyLanguage(page, "result-stale");
    } finally {
      await page.unroute("**/api/v1/roots/**");
    }
  });

  it("prints the verdict, the comparison and when and where it was verified, without the page's controls", async () => {
    expect(await upload(page, "extract.pdf", "application/pdf", pdf)).toBe("valid");
    await setLanguage(page, "fr");
    expect(await page.isVisible("#print")).toBe(true);
    await page.emulateMedia({ media: "print" });
    try {
      for (const hidden of [".langs", "#print", "#again", "#technical"]) {
        expect(await page.isVisible(hidden), hidden).toBe(false);
      }
      for (const shown of ["[data-verdict]", "#compare", "#verified-at", "#official"]) {
        expect(await page.isVisible(shown), shown).toBe(true);
      }
      expect(await page.textContent("#verified-at")).toMatch(
        new RegExp(
          `^Vérifié le \\d\\d\\.\\d\\d\\.\\d{4} à \\d\\d:\\d\\d \\(heure suisse\\) sur ${e2e.service.url}/\\.$`,
        ),
      );
      // No colour fill on paper: the verdict is in coloured words in a coloured frame.
      const style = await page.$eval("[data-verdict]", (el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, color: s.color };
      });
      expect(style.background).toBe("rgb(255, 255, 255)");
      expect(style.color).toBe("rgb(11, 107, 46)");
      // A heading the script focused draws no outline.
      await page.focus("#verdict");
      expect(
        await page.$eval("#verdict", (el) => [el.matches(":focus"), getComputedStyle(el).outlineStyle]),
      ).toEqual([true, "none"]);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
    for (const lang of LANGS) {
      await setLanguage(page, lang);
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize(DESKTOP);
      await screenshot(page, "result-print", lang);
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize(PHONE);
    }
  });
});
