/**
 * The verification page in a real Chromium: uploads (the issued PDF is `valid`, a modified one
 * `modified`, a photo of the page `valid`), the fragment flow (`/v#<seal>` checked on the device:
 * the key data appear and no request carries personal data), a forged seal (`invalid`) and a
 * chain that cannot be reached (`unavailable`). Screenshots of every screen at phone and desktop
 * size in French and German; nothing overflows at 390 px in any of the four languages.
 */
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base32Decode, base32Encode } from "../../src/core/base32.ts";
import { toHex } from "../../src/core/bytes.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText } from "../../src/core/qr-text.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { extractPhoto } from "../helpers/extract-photo.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { jpegPdfPolyglot } from "../helpers/polyglot.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import { everyLanguage, expectAccessible, launch, setLanguage, watch, type Browser } from "./harness.ts";

let e2e: E2E;
let browser: Browser;
let page: Page;
let pdf: Buffer;
let qr: string;
const extract = clone(PERSON_EXTRACT) as any;
extract.reference = "BROWSER-VERIFY-1";
extract.debtor.lastName = "Zumsteg-Quellmalz";
extract.debtor.firstNames = "Beatrix Odile";
extract.debtor.dateOfBirth = "1979-08-23";

beforeAll(async () => {
  // Batches stay open long enough for two extracts asked together to share one (a root that is
  // not a leaf: see the revoked extract's test).
  [e2e, browser] = await Promise.all([startE2E({ SCEAU_BATCH_WAIT_MS: "500" }), launch({ locale: "de-CH" })]);
  const auth = { Authorization: `Bearer ${e2e.token}` };
  const res = await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify(extract),
  });
  const status = (await res.json()) as { id: string; state: string };
  expect(status.state).toBe("final");
  pdf = Buffer.from(
    await (
      await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/pdf`, { headers: auth })
    ).arrayBuffer(),
  );
  qr = (
    (await (await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/qr`, { headers: auth })).json()) as {
      qr: string;
    }
  ).qr;
  page = await browser.newPage();
});

afterAll(async () => {
  await browser.close();
  await e2e.close();
});

/** Each check's code and status as the page shows them. */
function statuses(p: Page): Promise<string[]> {
  return p.$$eval("#checks li", (lis) => lis.map((li) => `${li.dataset.code}:${li.dataset.status}`));
}

async function serverStatuses(qrText: string): Promise<string[]> {
  const res = await fetch(`${e2e.service.url}/api/v1/verify`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ qr: qrText }),
  });
  const report = (await res.json()) as { checks: { code: string; status: string }[] };
  return report.checks.map((c) => `${c.code}:${c.status}`);
}

async function verdictOf(p: Page): Promise<string | null> {
  await p.waitForSelector("[data-verdict]", { timeout: 30_000 });
  return p.getAttribute("[data-verdict]", "data-verdict");
}

/** A fresh load (a new hash alone would only fire `hashchange` over the last result). */
async function open(p: Page, path: string): Promise<void> {
  await p.goto("about:blank");
  await p.goto(`${e2e.service.url}${path}`);
}

async function uploadFile(p: Page, name: string, mimeType: string, buffer: Buffer): Promise<string | null> {
  await open(p, "/");
  await p.setInputFiles("#file", { name, mimeType, buffer });
  return verdictOf(p);
}

describe("verification page", () => {
  it("opens in the browser's language, with the official address, a strict CSP and nothing inaccessible", async () => {
    const res = await page.goto(`${e2e.service.url}/`);
    const headers = res?.headers() ?? {};
    expect(headers["content-security-policy"]).toMatch(/script-src 'self'(;|$)/);
    expect(headers["content-security-policy"]).not.toMatch(/unsafe-inline|unsafe-eval/);
    await page.waitForSelector("#scan");
    // de-CH in the browser's list: German.
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await page.textContent("#official")).toContain(new URL(e2e.service.url).host);
    await expectAccessible(page, "home");
    await everyLanguage(page, "verify-home");
  });

  it("shows `valid` for the issued PDF, with the key data to compare and every check", async () => {
    expect(await uploadFile(page, "extract.pdf", "application/pdf", pdf)).toBe("valid");
    const facts = (await page.textContent("#facts")) ?? "";
    expect(facts).toContain("Zumsteg-Quellmalz, Beatrix Odile");
    expect(facts).toContain("23.08.1979");
    // The issuer as the trust list names the office, never the registry's technical name.
    expect(await page.textContent("#plain")).toContain("Debt Collection Office of Delémont (Canton of Jura)");
    expect(await page.textContent("#plain")).not.toContain("Sceau development registry");
    expect(await page.locator('#checks li[data-status="valid"]').count()).toBeGreaterThanOrEqual(7);
    await expectAccessible(page, "valid");
    await everyLanguage(page, "verify-valid-pdf");
  });

  it("shows `modified` for a PDF changed after issuance, and what to do", async () => {
    const edited = Buffer.concat([pdf, Buffer.from("\n% edited after issuance\n")]);
    expect(await uploadFile(page, "edited.pdf", "application/pdf", edited)).toBe("modified");
    expect(await page.textContent("#verdict")).toBe("PDF edited after issue");
    expect(await page.getAttribute('#checks li[data-code="PDF_INTEGRITY"]', "data-status")).toBe("invalid");
    await expectAccessible(page, "modified");
    await everyLanguage(page, "verify-modified");
  });

  it("shows the progress while checking, then the service's error in words for a picture without a QR code", async () => {
    // Hold the answer until the checking screen is photographed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/v1/verify*", async (route) => {
      await held;
      await route.continue();
    });
    await open(page, "/");
    const blank = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#f4efe6" } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles("#file", { name: "blank.jpg", mimeType: "image/jpeg", buffer: blank });
    await page.waitForSelector("progress");
    await expectAccessible(page, "checking");
    await everyLanguage(page, "verify-checking");
    release();
    await page.waitForSelector("#failed");
    await page.unroute("**/api/v1/verify*");
    expect(await page.textContent("#failed")).toContain("No QR code was found");
    await setLanguage(page, "de");
    expect(await page.textContent("#failed")).toContain("kein QR-Code gefunden");
    await expectAccessible(page, "file error");
    await everyLanguage(page, "verify-error");
  });

  it("shows `valid` for a phone photo of the page", async () => {
    const photo = await extractPhoto(pdf, { width: 1200, height: 900, rotate: 3, blur: 0.6 });
    expect(await uploadFile(page, "photo.jpg", "image/jpeg", photo)).toBe("valid");
    expect(await page.textContent("#facts")).toContain("Zumsteg-Quellmalz");
    await everyLanguage(page, "verify-valid-photo");
  });

  it("never shows `valid` for a .pdf upload that is a picture, nor for a picture that is also a PDF", async () => {
    const photo = await extractPhoto(pdf, { width: 1200, height: 900, rotate: 3, blur: 0.6 });
    // A photo chosen as extract.pdf: the browser sends it as application/pdf, with its name.
    expect(await uploadFile(page, "extract.pdf", "application/pdf", photo)).toBe("modified");
    expect(await page.getAttribute('#checks li[data-code="PDF_INTEGRITY"]', "data-status")).toBe("invalid");
    expect(await page.getAttribute('#plain li[data-line="file"]', "data-tone")).toBe("bad");
    // A picture that PDF readers open as the PDF appended to it, whatever its name.
    const polyglot = jpegPdfPolyglot(photo, pdf);
    expect(await uploadFile(page, "photo.jpg", "image/jpeg", polyglot)).toBe("modified");
    expect(await uploadFile(page, "extract.pdf", "application/pdf", polyglot)).toBe("modified");
    await expectAccessible(page, "picture sent as a PDF");
  });

  it("warns prominently when the QR code opens another address than the official one, in every language", async () => {
    const seal = new URL(qr).hash.slice(1);
    const photo = await qrPhoto(`https://other-host.example/v#${seal}`, { rotate: 4, seed: 2 });
    expect(await uploadFile(page, "photo.jpg", "image/jpeg", photo)).toBe("valid");
    const warning = (await page.textContent("#unofficial")) ?? "";
    expect(warning).toContain("https://other-host.example/v");
    expect(warning).toContain(`${new URL(qr).origin}/v`);
    // Before everything else the result says.
    expect(await page.$eval("#result", (r) => r.querySelector(".advice")?.id)).toBe("unofficial");
    await setLanguage(page, "fr");
    expect(await page.textContent("#unofficial")).toContain("adresse de vérification officielle");
    await expectAccessible(page, "unofficial address");
    await everyLanguage(page, "verify-unofficial-address");
    // The genuine QR text gets no such warning.
    await open(page, `/v${new URL(qr).hash}`);
    expect(await verdictOf(page)).toBe("valid");
    expect(await page.isVisible("#unofficial")).toBe(false);
  });

  it("checks `/v#<seal>` on the device: the key data appear and no request carries personal data", async () => {
    const p = await browser.newPage();
    const seen = watch(p);
    const url = new URL(qr);
    expect(url.pathname).toBe("/v");
    await p.goto(`${e2e.service.url}/v${url.hash}`);
    expect(await verdictOf(p)).toBe("valid");
    expect(await p.textContent("#facts")).toContain("Zumsteg-Quellmalz, Beatrix Odile");
    // The same checks, with the same outcomes, as the server gives for the same QR text.
    expect(await statuses(p)).toEqual(await serverStatuses(qr));
    const seal = url.hash.slice(1);
    const secrets = [
      "Zumsteg",
      "Quellmalz",
      "Beatrix",
      "1979-08-23",
      "23.08.1979",
      seal.slice(0, 40),
      Buffer.from(base32Decode(seal)).toString("hex").slice(0, 40),
    ];
    const sent = seen.requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`);
    for (const s of sent) {
      for (const secret of secrets) {
        expect(decodeURIComponent(s).toLowerCase(), `a request carries "${secret}"`).not.toContain(
          secret.toLowerCase(),
        );
      }
    }
    // Besides the page and its assets, the only request is the root's facts.
    const api = seen.requests.filter((r) => new URL(r.url).pathname.startsWith("/api/"));
    expect(api.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/roots\/0x[0-9a-f]{64}$/),
    ]);
    expect(seen.problems).toEqual([]);
    await expectAccessible(p, "fragment");
    await everyLanguage(p, "verify-valid-fragment");
    await p.close();
  });

  it("shows `invalid` for a seal whose data were altered", async () => {
    const bytes = base32Decode(new URL(qr).hash.slice(1));
    // A byte in the middle of the body: a name or the summary, never the version or the proof.
    bytes[80] = (bytes[80] ?? 0) ^ 0x01;
    await open(page, `/v#${base32Encode(bytes)}`);
    expect(await verdictOf(page)).toBe("invalid");
    expect(await page.isVisible(".advice.invalid")).toBe(true);
    // The registry is still known to be trusted: it is the data that fail, as on the server.
    expect(await statuses(page)).toEqual(await serverStatuses(base32Encode(bytes)));
    expect(await page.getAttribute('#checks li[data-code="MERKLE_PROOF"]', "data-status")).toBe("invalid");
    await expectAccessible(page, "invalid");
    await everyLanguage(page, "verify-invalid");
  });

  it("after the verdict the seal leaves the address bar and the history; the result stays on screen (issue 11)", async () => {
    const p = await browser.newPage();
    const hash = new URL(qr).hash;
    await p.goto("about:blank");
    await p.goto(`${e2e.service.url}/v${hash}`);
    expect(await verdictOf(p)).toBe("valid");
    await expect.poll(() => p.evaluate(() => location.hash)).toBe("");
    expect(p.url()).toBe(`${e2e.service.url}/v`);
    // Kept in memory: switching the language words the same result again.
    await setLanguage(p, "fr");
    expect(await p.textContent("#facts")).toContain("Zumsteg-Quellmalz, Beatrix Odile");
    // Back and forward: no history entry holds the seal any more.
    await p.goBack();
    expect(p.url()).toBe("about:blank");
    await p.goForward();
    expect(p.url()).toBe(`${e2e.service.url}/v`);
    expect(p.url()).not.toContain(hash.slice(1, 20));
    await p.close();
  });

  it("a damaged link (`/v#%`) is said in words in each language, without a script error (issue 11)", async () => {
    const p = await browser.newPage();
    const seen = watch(p);
    await p.goto(`${e2e.service.url}/v#%`);
    await p.waitForSelector("#failed");
    const words = {
      en: "This link is damaged",
      fr: "Ce lien est endommagé",
      de: "Dieser Link ist beschädigt",
      it: "Questo link è danneggiato",
    } as const;
    for (const lang of ["fr", "de", "it", "en"] as const) {
      await setLanguage(p, lang);
      expect(await p.textContent("#failed")).toContain(words[lang]);
    }
    expect(await p.evaluate(() => location.hash)).toBe("");
    expect(seen.problems).toEqual([]);
    await expectAccessible(p, "damaged link");
    await p.close();
  });

  it("a revoked extract shows `revoked` from its QR code, and no request names its leaf (issue 11)", async () => {
    const auth = { Authorization: `Bearer ${e2e.token}` };
    // Two extracts asked together share a batch: the root is not the leaf (in a batch of one it
    // is, and asking about the root then names the extract whatever the page does).
    const issued = await Promise.all(
      ["BROWSER-VERIFY-REVOKED", "BROWSER-VERIFY-KEPT"].map(async (reference) => {
        const body = { ...(clone(PERSON_EXTRACT) as any), reference };
        const status = (await (
          await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
            method: "POST",
            headers: { ...auth, "Content-Type": "application/json" },
            body: JSON.stringify(body),
          })
        ).json()) as { id: string; batch: { root: string } };
        const { qr: text } = (await (
          await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/qr`, { headers: auth })
        ).json()) as { qr: string };
        return { ...status, qr: text };
      }),
    );
    const [status, kept] = issued as [(typeof issued)[0], (typeof issued)[0]];
    expect(kept.batch.root).toBe(status.batch.root);
    const revokedQr = status.qr;
    const revoke = await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/revoke`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "superseded" }),
    });
    expect(revoke.status).toBe(200);

    const p = await browser.newPage();
    const seen = watch(p);
    await p.goto(`${e2e.service.url}/v${new URL(revokedQr).hash}`);
    expect(await verdictOf(p)).toBe("revoked");
    expect(await p.getAttribute('#checks li[data-code="LEAF_NOT_REVOKED"]', "data-status")).toBe("invalid");
    await setLanguage(p, "en");
    expect(await p.textContent(".advice.revoked")).toContain("superseded");
    const leaf = toHex(leafHash(decodeQrText(revokedQr).bodyBytes)).slice(2);
    expect(`0x${leaf}`).not.toBe(status.batch.root);
    // The other extract of the batch is not revoked, from its QR code on the same page.
    await p.goto("about:blank");
    await p.goto(`${e2e.service.url}/v${new URL(kept.qr).hash}`);
    expect(await verdictOf(p)).toBe("valid");
    const api = seen.requests.filter((r) => new URL(r.url).pathname.startsWith("/api/"));
    expect(api.length).toBe(2);
    for (const r of api) {
      const asked = new URL(r.url);
      expect(asked.pathname).toBe(`/api/v1/roots/${status.batch.root}`);
      expect([...asked.searchParams.keys()].sort()).toEqual(["chainId", "registry"]);
    }
    for (const r of seen.requests) {
      expect(`${r.url} ${JSON.stringify(r.headers)} ${r.body}`.toLowerCase()).not.toContain(leaf);
    }
    await p.close();
  });

  it("a name with a right-to-left override does not reorder the text around it (issue 11)", async () => {
    // The service refuses such a name and such a seal; the page must hold even if one got through.
    const { report } = await fetch(`${e2e.service.url}/api/v1/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/pdf" },
      body: new Uint8Array(pdf),
    }).then(async (r) => ({ report: await r.json() }));
    report.keyData.debtor.lastName = "Meier‮gnilbbuR";
    report.keyData.debtor.firstNames = "Hans";
    report.keyData.town = "Delé‮mont";
    await page.route("**/api/v1/verify*", (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(report) }),
    );
    try {
      expect(await uploadFile(page, "extract.pdf", "application/pdf", pdf)).toBe("valid");
    } finally {
      await page.unroute("**/api/v1/verify*");
    }
    // Where each piece of text is drawn: with the override isolated, "Hans" stays after the
    // last name and the postal code before the town, as the paper has them.
    const boxes = await page.evaluate(() => {
      const rect = (needle: string): { left: number; right: number } | null => {
        const walker = document.createTreeWalker(
          document.getElementById("facts") as Node,
          NodeFilter.SHOW_TEXT,
        );
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.textContent?.indexOf(needle) ?? -1;
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + needle.length);
          const r = range.getBoundingClientRect();
          return { left: r.left, right: r.right };
        }
        return null;
      };
      const isolated = (needle: string): string | undefined => {
        const el = Array.from(document.querySelectorAll("#facts dd *")).find((e) => e.textContent === needle);
        return el ? getComputedStyle(el).unicodeBidi : undefined;
      };
      return {
        last: rect("gnilbbuR"),
        first: rect("Hans"),
        postal: rect("2800"),
        town: rect("mont"),
        lastIsolated: isolated("Meier‮gnilbbuR"),
        townIsolated: isolated("Delé‮mont"),
      };
    });
    expect(boxes.lastIsolated).toBe("isolate");
    expect(boxes.townIsolated).toBe("isolate");
    expect(boxes.first?.left ?? 0).toBeGreaterThan(boxes.last?.right ?? Infinity);
    expect(boxes.town?.left ?? 0).toBeGreaterThan(boxes.postal?.right ?? Infinity);
  });

  it("shows `unavailable`, never `invalid`, when the chain cannot be read", async () => {
    await e2e.stopChain();
    await open(page, `/v${new URL(qr).hash}`);
    expect(await verdictOf(page)).toBe("unavailable");
    expect(await page.isVisible(".advice.unavailable")).toBe(true);
    await expectAccessible(page, "unavailable");
    await everyLanguage(page, "verify-unavailable");
  });
});
