/**
 * The sign-in against the embedded development provider (oidc-provider), driven over HTTP as
 * a browser would (manual redirects, a cookie jar): the citizen comes back mapped from the
 * claims; a wrong state, a wrong nonce, a replayed code and a provider that is down are refused
 * with the right codes.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PendingSignIn } from "../../src/counter/ports.ts";
import { DEFAULT_CLAIMS } from "../../src/config-counter.ts";
import { DEV_ACCOUNTS } from "../../src/identity/dev/accounts.ts";
import { startDevProvider, type DevProvider } from "../../src/identity/dev/provider.ts";
import { oidcIdentity } from "../../src/identity/oidc.ts";
import { DEMO_PERSONS } from "../../src/register/demo-data.ts";
import { splitStreet } from "../../src/identity/claims.ts";

const redirectUrl = "http://127.0.0.1:8080/counter/callback";
let provider: DevProvider;
let confidential: DevProvider;

beforeAll(async () => {
  [provider, confidential] = await Promise.all([
    startDevProvider({ port: 0, clientId: "sceau-test", clientSecret: null, redirectUrls: [redirectUrl] }),
    startDevProvider({
      port: 0,
      clientId: "sceau-test-secret",
      clientSecret: "a-long-enough-client-secret-for-tests",
      redirectUrls: [redirectUrl],
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([provider.close(), confidential.close()]);
});

const identity = (over: Partial<Parameters<typeof oidcIdentity>[0]> = {}) =>
  oidcIdentity({
    issuer: provider.issuer,
    clientId: "sceau-test",
    clientSecret: null,
    scopes: ["openid", "profile", "email", "address"],
    claims: DEFAULT_CLAIMS,
    redirectUrl,
    timeoutMs: 3000,
    ...over,
  });

/** A browser: follows the provider's redirects by hand with its cookies, signs in as `login`. */
async function browse(start: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const get = async (
    url: string,
    init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {},
  ): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let url = start;
  for (let hops = 0; hops < 10; hops++) {
    const res = await get(url);
    if (res.status === 200) {
      const html = await res.text();
      expect(html).toContain("DEVELOPMENT login");
      const action = /action="([^"]+)"/.exec(html)?.[1];
      expect(action).toBeDefined();
      const posted = await get(new URL(action!, url).href, {
        method: "POST",
        body: new URLSearchParams({ login }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(posted.status).toBeGreaterThanOrEqual(300);
      url = new URL(posted.headers.get("location")!, url).href;
      continue;
    }
    expect([302, 303]).toContain(res.status);
    const next = new URL(res.headers.get("location")!, url);
    if (next.href.startsWith(redirectUrl)) return next;
    url = next.href;
  }
  throw new Error("Too many redirects.");
}

describe("sign-in at the counter over OpenID Connect", () => {
  test("yields the citizen mapped from the provider's claims", async () => {
    const port = identity();
    const { url, pending } = await port.begin({ language: "de" });
    const auth = new URL(url);
    expect(auth.searchParams.get("ui_locales")).toBe("de-CH de");
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("state")).toBe(pending.state);
    expect(auth.searchParams.get("nonce")).toBe(pending.nonce);
    const callback = await browse(url, "marc");
    const citizen = await port.complete(callback, pending);
    expect(citizen).toEqual({
      issuer: provider.issuer,
      subject: "marc",
      lastName: "Rossier",
      firstNames: "Marc André",
      dateOfBirth: "1978-11-02",
      address: {
        street: "Route de Bâle",
        houseNumber: "21",
        postalCode: "2800",
        town: "Delémont",
        country: "CH",
      },
      email: "marc@example.ch",
    });
  });

  test("works with a confidential client (client secret) too", async () => {
    const port = identity({
      issuer: confidential.issuer,
      clientId: "sceau-test-secret",
      clientSecret: "a-long-enough-client-secret-for-tests",
    });
    const { url, pending } = await port.begin();
    const citizen = await port.complete(await browse(url, "anna"), pending);
    expect(citizen.lastName).toBe("Keller");
  });

  test("a callback with another state is IDENTITY_REJECTED", async () => {
    const port = identity();
    const { url, pending } = await port.begin();
    const callback = await browse(url, "anna");
    const forged: PendingSignIn = { ...pending, state: "another-state" };
    await expect(port.complete(callback, forged)).rejects.toMatchObject({ code: "IDENTITY_REJECTED" });
  });

  test("an ID token with another nonce is IDENTITY_REJECTED", async () => {
    const port = identity();
    const { url, pending } = await port.begin();
    const callback = await browse(url, "anna");
    await expect(port.complete(callback, { ...pending, nonce: "another-nonce" })).rejects.toMatchObject({
      code: "IDENTITY_REJECTED",
    });
  });

  test("a code used twice, or with another PKCE verifier, is IDENTITY_REJECTED", async () => {
    const port = identity();
    const first = await port.begin();
    const callback = await browse(first.url, "anna");
    await port.complete(callback, first.pending);
    await expect(port.complete(callback, first.pending)).rejects.toMatchObject({ code: "IDENTITY_REJECTED" });
    const second = await port.begin();
    const callback2 = await browse(second.url, "anna");
    await expect(
      port.complete(callback2, { ...second.pending, codeVerifier: first.pending.codeVerifier }),
    ).rejects.toMatchObject({ code: "IDENTITY_REJECTED" });
  });

  test("a provider that refused the sign-in (error in the callback) is IDENTITY_REJECTED", async () => {
    const port = identity();
    const { pending } = await port.begin();
    const callback = new URL(
      `${redirectUrl}?error=access_denied&state=${pending.state}&iss=${provider.issuer}`,
    );
    await expect(port.complete(callback, pending)).rejects.toMatchObject({ code: "IDENTITY_REJECTED" });
  });

  test("a provider that is down is IDENTITY_UNAVAILABLE", async () => {
    const gone = await startDevProvider({
      port: 0,
      clientId: "x",
      clientSecret: null,
      redirectUrls: [redirectUrl],
    });
    await gone.close();
    await expect(identity({ issuer: gone.issuer }).begin()).rejects.toMatchObject({
      code: "IDENTITY_UNAVAILABLE",
    });
  });

  test("a provider that never answers is IDENTITY_UNAVAILABLE after the time limit", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      await expect(identity({ issuer, timeoutMs: 200 }).begin()).rejects.toMatchObject({
        code: "IDENTITY_UNAVAILABLE",
      });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) =>
        silent.close(() => {
          resolve();
        }),
      );
    }
  });

  test("a provider that answers 500 is IDENTITY_UNAVAILABLE", async () => {
    const failing: Server = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end("{}");
    });
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(failing.address() as { port: number }).port}`;
      await expect(identity({ issuer }).begin()).rejects.toMatchObject({ code: "IDENTITY_UNAVAILABLE" });
    } finally {
      failing.closeAllConnections();
      await new Promise<void>((resolve) =>
        failing.close(() => {
          resolve();
        }),
      );
    }
  });

  test("claims the mapping cannot use are IDENTITY_REJECTED, naming them", async () => {
    const port = identity({ claims: { ...DEFAULT_CLAIMS, dateOfBirth: "https://canton.example/birth" } });
    const { url, pending } = await port.begin();
    await expect(port.complete(await browse(url, "anna"), pending)).rejects.toMatchObject({
      code: "IDENTITY_REJECTED",
      details: { claims: ["https://canton.example/birth"] },
    });
  });
});

describe("the development login's citizens", () => {
  test("the development login says in the log what it is", async () => {
    const lines: string[] = [];
    const dev = await startDevProvider({
      port: 0,
      clientId: "x",
      clientSecret: null,
      redirectUrls: [redirectUrl],
      log: (level, message) => lines.push(`${level} ${message}`),
    });
    await dev.close();
    expect(lines.some((l) => l.startsWith("warn DEVELOPMENT login"))).toBe(true);
  });

  test("each one but the one 'not in the register' has the demo register's name and birth date", () => {
    for (const a of DEV_ACCOUNTS) {
      const persons = DEMO_PERSONS.filter(
        (p) => p.lastName === a.claims.family_name && p.dateOfBirth === a.claims.birthdate,
      );
      expect(persons.length, a.login).toBe(
        a.label === "not in the register" ? 0 : a.login === "jean" ? 2 : 1,
      );
    }
  });

  test("their street claims split into street and number", () => {
    expect(splitStreet("Rue de la Gare 3b")).toEqual({ street: "Rue de la Gare", houseNumber: "3b" });
    expect(splitStreet("Grand-Rue 10\nCase postale 12")).toEqual({ street: "Grand-Rue", houseNumber: "10" });
    expect(splitStreet("Chemin sans numéro")).toEqual({ street: "Chemin sans numéro" });
  });
});
