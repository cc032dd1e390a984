/**
 * The counter's pages over HTTP, the whole service running (chain, issuer, embedded register,
 * QR-bill, SMTP relay): a citizen signs in, orders, downloads the sealed extract (valid through
 * /api/v1/verify) and gets it by mail; the review queue; an address outside every district; the
 * register down; CSRF and access rules.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CitizenIdentity } from "../../src/counter/ports.ts";
import { startCounterE2E, type CounterE2E, type StubIdentity } from "../helpers/counter-service.ts";

let env: CounterE2E;
beforeAll(async () => {
  env = await startCounterE2E();
}, 60_000);
afterAll(async () => {
  await env.close();
});

const KELLER: CitizenIdentity = {
  issuer: "https://login.example",
  subject: "keller",
  lastName: "Keller",
  firstNames: "Anna",
  dateOfBirth: "1985-03-14",
  address: { street: "Rue du Marché", houseNumber: "5", postalCode: "2800", town: "Delémont", country: "CH" },
  email: "anna.keller@example.ch",
};

/** A browser in miniature: one cookie jar, redirects followed by hand. */
class Client {
  cookie = "";
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }
  async go(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; url: string; text: string; res: Response }> {
    let url = new URL(path, this.base).toString();
    let req: RequestInit = init;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url, {
        ...req,
        redirect: "manual",
        headers: { ...(req.headers as Record<string, string>), cookie: this.cookie, "accept-language": "en" },
      });
      const set = res.headers.getSetCookie();
      for (const c of set) {
        const [pair = ""] = c.split(";");
        this.cookie = pair.endsWith("=") ? "" : pair;
      }
      const loc = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && loc) {
        url = new URL(loc, url).toString();
        req = {};
        continue;
      }
      return {
        status: res.status,
        url,
        text: res.headers.get("content-type")?.includes("html") ? await res.text() : "",
        res,
      };
    }
    throw new Error("too many redirects");
  }
  post(path: string, fields: Record<string, string>): ReturnType<Client["go"]> {
    return this.go(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

const field = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no ${name} in page`);
  return m[1];
};

async function signIn(citizen: CitizenIdentity): Promise<{ c: Client; form: string }> {
  (env.identity as StubIdentity).citizen = citizen;
  const c = new Client(env.base);
  const first = await c.go("/counter");
  expect(first.text).toContain("CHF 17.00");
  const form = await c.go("/counter/sign-in");
  expect(form.url).toMatch(/\/counter\/order$/);
  return { c, form: form.text };
}

async function waitState(c: Client, orderUrl: string, state: RegExp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const page = await c.go(orderUrl);
    if (state.test(page.text)) return page.text;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`order never reached ${String(state)}`);
}

describe("the online counter's pages", () => {
  test("a citizen signs in, orders, downloads a valid sealed extract and the QR-bill, and gets both by mail", async () => {
    const { c, form } = await signIn(KELLER);
    expect(form).toContain("Keller");
    const placed = await c.post("/counter/orders", {
      _csrf: field(form, "_csrf"),
      orderId: field(form, "orderId"),
      extractLanguage: "fr",
      email: "anna.keller@example.ch",
    });
    expect(placed.url).toMatch(/\/counter\/orders\/[A-Z2-7]{26}$/);
    expect(placed.url).not.toContain("Keller");
    const ready = await waitState(c, placed.url, /Your extract is ready/);
    expect(ready).toContain("landlord");
    const pdf = await c.go(`${placed.url}/extract.pdf`);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.res.arrayBuffer());
    const verdict = (await (
      await fetch(`${env.base}/api/v1/verify`, {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: bytes,
      })
    ).json()) as { verdict: string };
    expect(verdict.verdict).toBe("valid");
    const invoice = await c.go(`${placed.url}/invoice.pdf`);
    expect(invoice.res.headers.get("content-type")).toBe("application/pdf");
    for (let i = 0; i < 100 && env.mails.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(env.mails[0]?.to).toEqual(["anna.keller@example.ch"]);
    expect(env.mails[0]?.raw.toString()).toContain("application/pdf");
    // Someone else's session sees nothing of it.
    const other = new Client(env.base);
    expect((await other.go(placed.url)).status).toBe(403);
  });

  test("an address outside every district gets the answer to order from the office of one's domicile", async () => {
    const { form } = await signIn({
      ...KELLER,
      subject: "zurich",
      address: {
        street: "Bahnhofstrasse",
        houseNumber: "1",
        postalCode: "8001",
        town: "Zürich",
        country: "CH",
      },
    });
    expect(form).toContain("office of your domicile");
    expect(form).not.toContain('action="/counter/orders"');
  });

  test("the register down: the citizen reads that it is unavailable and nothing is ordered", async () => {
    const { c, form } = await signIn({ ...KELLER, subject: "down" });
    env.register.down = true;
    try {
      const res = await c.post("/counter/orders", {
        _csrf: field(form, "_csrf"),
        orderId: field(form, "orderId"),
      });
      expect(res.status).toBe(503);
      expect(res.text).toContain("cannot be reached");
    } finally {
      env.register.down = false;
    }
  });

  test("a malformed e-mail address is refused at its field, in the page's language, and nothing is ordered", async () => {
    const { c, form } = await signIn({ ...KELLER, subject: "bad-mail" });
    const res = await c.post("/counter/orders", {
      _csrf: field(form, "_csrf"),
      orderId: field(form, "orderId"),
      email: "anna at example",
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('aria-invalid="true" aria-describedby="email-error"');
    expect(res.text).toContain("An e-mail address, for example");
    const orders = (await (
      await fetch(`${env.base}/api/v1/counter/orders`, {
        headers: { authorization: `Bearer ${env.e2e.token}` },
      })
    ).json()) as { items: { id: string }[] };
    expect(orders.items.some((o) => o.id === field(form, "orderId"))).toBe(false);
  });

  test("a form without its CSRF token is refused", async () => {
    const { c, form } = await signIn({ ...KELLER, subject: "csrf" });
    const res = await c.post("/counter/orders", { _csrf: "forged", orderId: field(form, "orderId") });
    expect(res.status).toBe(403);
  });

  test("an ambiguous match waits for review; the clerk confirms and the citizen gets the extract, or refuses and the citizen reads why", async () => {
    const token = env.e2e.token;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${env.base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    const orderAs = async (subject: string) => {
      const { c, form } = await signIn({
        ...KELLER,
        subject,
        lastName: "Dupont",
        firstNames: "Jean",
        dateOfBirth: "1990-06-01",
        address: {
          street: "Rue du Jura",
          houseNumber: "9",
          postalCode: "2800",
          town: "Delémont",
          country: "CH",
        },
      });
      const placed = await c.post("/counter/orders", {
        _csrf: field(form, "_csrf"),
        orderId: field(form, "orderId"),
      });
      expect(placed.text).toContain("The office is checking your order");
      return { c, url: placed.url, id: placed.url.split("/").pop() ?? "" };
    };
    const first = await orderAs("dupont-1");
    const queue = (await (await api("/api/v1/counter/orders?state=review")).json()) as {
      items: { id: string; candidates: { personId: string }[] }[];
    };
    const item = queue.items.find((i) => i.id === first.id);
    expect(item?.candidates.length).toBe(2);
    const confirm = await api(`/api/v1/counter/orders/${first.id}/confirm`, {
      method: "POST",
      body: JSON.stringify({ personId: item?.candidates[1]?.personId }),
    });
    expect(confirm.status).toBe(200);
    await waitState(first.c, first.url, /Your extract is ready/);

    const second = await orderAs("dupont-2");
    const refuse = await api(`/api/v1/counter/orders/${second.id}/refuse`, {
      method: "POST",
      body: JSON.stringify({ reason: "Two people share your name; please come to the office." }),
    });
    expect(refuse.status).toBe(200);
    const refused = await first.c.go(second.url);
    expect(refused.status).toBe(404);
    const seen = await second.c.go(second.url);
    expect(seen.text).toContain("please come to the office");
  });

  test("an agent signs in, orders for a citizen seen in person, and prints the extract and the QR-bill", async () => {
    const c = new Client(env.base);
    const login = await c.go("/counter/agent");
    const wrong = await c.post("/counter/agent/sign-in", {
      _csrf: field(login.text, "_csrf"),
      credential: "nope",
    });
    expect(wrong.status).toBe(401);
    const home = await c.post("/counter/agent/sign-in", {
      _csrf: field(wrong.text, "_csrf"),
      credential: env.agentCredential,
    });
    expect(home.text).toContain("La Poste Delémont 1");
    const bad = await c.post("/counter/agent/orders", {
      _csrf: field(home.text, "_csrf"),
      orderId: field(home.text, "orderId"),
      lastName: "Rossier",
      firstNames: "Marc André",
      dateOfBirth: "1978-11-02",
      street: "Route de Bâle",
      houseNumber: "21",
      postalCode: "28OO",
      town: "Delémont",
      idType: "identity-card",
      idLast4: "7",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Four digits");
    expect(bad.text).toContain("Four letters or digits");
    const placed = await c.post("/counter/agent/orders", {
      _csrf: field(bad.text, "_csrf"),
      orderId: field(bad.text, "orderId"),
      lastName: "Rossier",
      firstNames: "Marc André",
      dateOfBirth: "1978-11-02",
      street: "Route de Bâle",
      houseNumber: "21",
      postalCode: "2800",
      town: "Delémont",
      idType: "identity-card",
      idLast4: "x7k2",
      extractLanguage: "de",
    });
    const ready = await waitState(c, placed.url, /Print the sealed extract/);
    expect(ready).toContain("Print the QR-bill");
    const pdf = await c.go(`${placed.url}/extract.pdf?print=1`);
    expect(pdf.res.headers.get("content-disposition")).toMatch(/^inline/);
    const today = await c.go("/counter/agent");
    expect(today.text).toContain("Rossier");
    const orders = (await (
      await fetch(`${env.base}/api/v1/counter/orders`, {
        headers: { authorization: `Bearer ${env.e2e.token}` },
      })
    ).json()) as { items: { id: string; channel: string; postOffice: string | null }[] };
    const mine = orders.items.find((o) => placed.url.endsWith(o.id));
    expect(mine).toMatchObject({ channel: "agent", postOffice: "delemont-1" });
  });
});
