/**
 * The online counter in a real Chromium, phone and tablet first, with the whole service behind
 * it and the development login (oidc-provider) as the canton's login: sign in → order → the
 * sealed PDF downloaded and valid through /api/v1/verify → its QR-bill read back → the mail
 * captured by the local SMTP relay with the PDF attached; the review queue (a clerk confirms, a
 * clerk refuses); an address outside every district; agent mode with printing; the register
 * down. Every page passes axe-core's WCAG 2.1 AA rules and nothing overflows a phone.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { startCounterE2E, type CounterE2E } from "../helpers/counter-service.ts";
import { PHONE, expectAccessible, expectNoOverflow, launch, screenshot, type Browser } from "./harness.ts";

const TABLET = { width: 820, height: 1180 } as const;
const LANGS = ["fr", "de", "it", "en"] as const;

let env: CounterE2E;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sceau-counter-browser-"));
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  [env, browser] = await Promise.all([
    startCounterE2E({ realLogin: true }),
    launch({ locale: "en-GB" }),
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    }),
  ]);
}, 90_000);

afterAll(async () => {
  await browser.close();
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The Swiss QR Codes of a PDF, its pages rasterised at 300 dpi. */
async function qrTexts(pdf: Uint8Array): Promise<string[]> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-r", "300", "-gray", "-png", file, `${file}-page`]);
  const texts: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.startsWith(`${file.slice(dir.length + 1)}-page`))) {
    const found = await readBarcodes(new Uint8Array(readFileSync(join(dir, name))), { formats: ["QRCode"] });
    texts.push(...found.filter((r) => r.isValid).map((r) => r.text));
  }
  return texts;
}

/** Every language of the page at phone size: accessible, nothing overflowing. */
async function checkPage(p: Page, name: string): Promise<void> {
  const url = new URL(p.url());
  for (const lang of LANGS) {
    url.searchParams.set("lang", lang);
    await p.goto(url.toString());
    expect(await p.getAttribute("html", "lang")).toBe(lang);
    await expectNoOverflow(p, `${name} (${lang})`);
    await expectAccessible(p, `${name} (${lang})`);
    if (lang === "fr") await screenshot(p, `counter-${name}`, lang);
  }
  url.searchParams.set("lang", "en");
  await p.goto(url.toString());
}

/** Signs in at the development login as one of its demo citizens. */
async function signIn(p: Page, login: string): Promise<void> {
  // A new person at the device: no counter session, no session at the login either.
  await p.context().clearCookies();
  await p.goto(`${env.base}/counter?lang=en`);
  await p.click("text=Sign in with the canton's login");
  await p.waitForSelector(`input[name="login"][value="${login}"]`);
  await p.check(`input[name="login"][value="${login}"]`);
  await p.click("button[type=submit]");
  await p.waitForURL(/\/counter\/order/);
}

async function waitFor(p: Page, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await p.reload();
        return p.textContent("main");
      },
      { timeout: 30_000, interval: 500 },
    )
    .toContain(text);
}

describe("the online counter", () => {
  it("a citizen signs in at the canton's login, orders, downloads a valid sealed extract with its QR-bill, and gets it by mail", async () => {
    const p = await browser.newPage({ viewport: PHONE });
    const first = await p.goto(`${env.base}/counter?lang=en`);
    expect(first?.headers()["content-security-policy"]).toContain("form-action 'self'");
    expect(await p.textContent("main p.lead")).toMatch(/five minutes and costs CHF 17\.00/);
    await checkPage(p, "start");

    await signIn(p, "anna");
    expect(await p.textContent("main")).toContain("Keller");
    await checkPage(p, "order");
    await p.fill("#email", "anna@example.ch");
    await p.click("main button[type=submit]");
    await p.waitForURL(/\/counter\/orders\/[A-Z2-7]{26}$/);
    expect(p.url()).not.toMatch(/Keller|anna|1985/i);
    await waitFor(p, "Your extract is ready");
    await checkPage(p, "ready");
    expect(await p.textContent("main")).toContain("landlord");

    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.click("text=Download the sealed extract"),
    ]);
    const pdf = readFileSync(await download.path());
    const report = (await (
      await fetch(`${env.base}/api/v1/verify`, {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: pdf,
      })
    ).json()) as { verdict: string };
    expect(report.verdict).toBe("valid");

    const orderUrl = p.url().replace(/\?.*$/, "");
    const invoice = await p.request.get(`${orderUrl}/invoice.pdf`);
    expect(invoice.headers()["content-type"]).toBe("application/pdf");
    const [qr] = await qrTexts(new Uint8Array(await invoice.body()));
    const lines = (qr ?? "").split(/\r?\n/);
    expect(lines.slice(0, 3)).toEqual(["SPC", "0200", "1"]);
    expect(lines[18]).toBe("17.00");
    expect(lines[19]).toBe("CHF");
    expect(lines[21]).toBe("Anna Keller");
    expect(lines[27]).toBe("QRR");

    await expect.poll(() => env.mails.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const mail = await PostalMime.parse(env.mails[0]?.raw ?? Buffer.alloc(0));
    expect(mail.to?.[0]?.address).toBe("anna@example.ch");
    const attached = mail.attachments.find((a) => a.filename?.startsWith("extract-"));
    expect(attached?.mimeType).toBe("application/pdf");
    expect(Buffer.from(attached?.content as ArrayBuffer).equals(pdf)).toBe(true);
    await p.close();
  });

  it("an address outside every district is told to order from the office of the domicile", async () => {
    const p = await browser.newPage({ viewport: TABLET });
    await signIn(p, "sophie");
    expect(await p.textContent("main [role=alert]")).toContain("office of your domicile");
    expect(await p.$('form[action="/counter/orders"]')).toBeNull();
    await checkPage(p, "outside");
    await p.close();
  });

  it("an ambiguous match goes to the review queue: the clerk confirms and the citizen gets the extract, or refuses and the citizen reads why", async () => {
    const p = await browser.newPage({ viewport: TABLET });
    const api = (path: string, body?: unknown) =>
      fetch(`${env.base}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${env.e2e.token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const order = async (): Promise<string> => {
      await signIn(p, "jean");
      await p.click("main button[type=submit]");
      await p.waitForURL(/\/counter\/orders\//);
      expect(await p.textContent("main h1")).toBe("The office is checking your order");
      return p.url();
    };
    const confirmed = await order();
    await checkPage(p, "review");
    // The clerk decides in the office console's review tab.
    const clerk = await browser.newPage({ viewport: TABLET });
    await clerk.goto(`${env.base}/office`);
    await clerk.fill("#token", env.e2e.token);
    await clerk.click("main button[type=submit]");
    await clerk.click('[data-tab="review"]');
    const card = clerk.locator(`[data-order="${confirmed.split("/").pop() ?? ""}"]`);
    await card.waitFor();
    expect(await card.locator('input[type="radio"]').count()).toBe(3);
    expect(await card.textContent()).toContain("Online");
    await expectAccessible(clerk, "review queue");
    await screenshot(clerk, "counter-review-queue", "en");
    await card.locator("text=Confirm the person and issue the extract").click();
    await clerk.waitForSelector("text=Decision recorded.");
    await clerk.close();
    await waitFor(p, "Your extract is ready");

    const refused = await order();
    const id = refused.split("/").pop() ?? "";
    expect(
      (
        await api(`/api/v1/counter/orders/${id}/refuse`, {
          reason: "Two people share your name and birth date: please come to the office.",
        })
      ).status,
    ).toBe(200);
    await p.goto(refused);
    expect(await p.textContent("main")).toContain("please come to the office");
    await checkPage(p, "refused");
    await p.close();
  });

  it("the register down: the citizen reads that it is unavailable, and nothing is ordered", async () => {
    const p = await browser.newPage({ viewport: PHONE });
    await signIn(p, "marc");
    env.register.down = true;
    try {
      await p.click("main button[type=submit]");
      await p.waitForSelector("main [role=alert]");
      expect(await p.textContent("main [role=alert]")).toContain("cannot be reached");
      await expectAccessible(p, "register down");
    } finally {
      env.register.down = false;
    }
    const orders = (await (
      await fetch(`${env.base}/api/v1/counter/orders`, {
        headers: { authorization: `Bearer ${env.e2e.token}` },
      })
    ).json()) as { items: { person: { lastName: string } }[] };
    expect(orders.items.some((o) => o.person.lastName === "Rossier")).toBe(false);
    await p.close();
  });

  it("an agent signs in with their post office's credential, orders for a citizen seen in person and prints the extract and the QR-bill", async () => {
    const p = await browser.newPage({ viewport: TABLET });
    await p.context().clearCookies();
    await p.goto(`${env.base}/counter/agent?lang=en`);
    await checkPage(p, "agent-sign-in");
    await p.fill("#credential", "wrong");
    await p.click("main button[type=submit]");
    expect(await p.textContent("main [role=alert]")).toContain("not valid");
    await p.fill("#credential", env.agentCredential);
    await p.click("main button[type=submit]");
    await p.waitForSelector("text=Orders placed today");
    await checkPage(p, "agent-home");
    await p.fill("#lastName", "Rossier");
    await p.fill("#firstNames", "Marc André");
    await p.fill("#dateOfBirth", "1978-11-02");
    await p.fill("#street", "Route de Bâle");
    await p.fill("#houseNumber", "21");
    await p.fill("#postalCode", "2800");
    await p.fill("#town", "Delémont");
    await p.selectOption("#idType", "passport");
    await p.fill("#idLast4", "X12");
    await p.click("main button[type=submit]");
    expect(await p.getAttribute("#idLast4", "aria-invalid")).toBe("true");
    await expectAccessible(p, "agent form errors");
    await p.fill("#idLast4", "X123");
    await p.click("main button[type=submit]");
    await p.waitForURL(/\/counter\/orders\//);
    await waitFor(p, "Print the sealed extract");
    const [popup] = await Promise.all([p.waitForEvent("popup"), p.click("text=Print the QR-bill")]);
    await popup.waitForLoadState();
    const printed = await p.request.get(`${p.url().replace(/\?.*$/, "")}/extract.pdf?print=1`);
    expect(printed.headers()["content-disposition"]).toMatch(/^inline/);
    expect(printed.headers()["content-type"]).toBe("application/pdf");
    await popup.close();
    await p.goto(`${env.base}/counter/agent`);
    expect(await p.textContent("main")).toContain("Marc André Rossier");
    const orders = (await (
      await fetch(`${env.base}/api/v1/counter/orders`, {
        headers: { authorization: `Bearer ${env.e2e.token}` },
      })
    ).json()) as { items: { channel: string; postOffice: string | null; idDocumentType: string | null }[] };
    expect(orders.items.find((o) => o.channel === "agent")).toMatchObject({
      postOffice: "delemont-1",
      idDocumentType: "passport",
    });
    await p.close();
  });
});
