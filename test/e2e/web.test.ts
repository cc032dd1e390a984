/**
 * The pages as HTTP resources: served by the service itself under a strict Content-Security-
 * Policy, assets from this origin only (hashed names, cached for a year, compressed), the scanning
 * worker the only script allowed to compile WebAssembly; and the two API answers the pages need
 * besides the documented ones (`GET /api/v1/office`, the extended `GET /api/v1/roots/{root}`).
 */
import { get } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toHex } from "../../src/core/bytes.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText } from "../../src/core/qr-text.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

let e2e: E2E;

beforeAll(async () => {
  // Batches stay open long enough for two extracts asked together to share one.
  e2e = await startE2E({ SCEAU_BATCH_WAIT_MS: "500" });
});

afterAll(async () => {
  await e2e.close();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET without any decoding, to see exactly what is sent. */
function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(`${e2e.service.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    }).on("error", reject);
  });
}

function directives(csp: unknown): Map<string, string> {
  return new Map(
    String(csp)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values.join(" ")]),
  );
}

describe("pages", () => {
  test.each(["/", "/v", "/office"])(
    "%s: HTML under a strict CSP, no inline script, nothing from elsewhere",
    async (path) => {
      const r = await raw(path);
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
      const csp = directives(r.headers["content-security-policy"]);
      expect(csp.get("default-src")).toBe("'none'");
      expect(csp.get("script-src")).toBe("'self'");
      expect(csp.get("style-src")).toBe("'self'");
      expect(csp.get("connect-src")).toBe("'self'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(r.headers["x-frame-options"]).toBe("DENY");
      expect(r.headers["cache-control"]).toBe("no-cache");
      const html = r.body.toString("utf8");
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs = "", content = ""] of scripts) {
        expect(attrs).toMatch(/src="\/assets\/[\w-]+\.js"/);
        expect(content.trim()).toBe("");
      }
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
      // Nothing loaded from elsewhere; the online counter's address is a link for people, not a resource.
      const loaded = html.replace(/<meta name="sceau-counter-url" content="[^"]*" \/>/, "");
      expect(loaded).not.toMatch(/(src|href|content)="https?:/);
    },
  );

  test("every asset a page names is served from here, hashed, cached for a year and compressed", async () => {
    const html = (await raw("/")).body.toString("utf8") + (await raw("/office")).body.toString("utf8");
    const assets = [...new Set([...html.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? ""))];
    expect(assets.map((a) => a.replace(/-[\w]+(\.\w+)$/, "$1")).sort()).toEqual([
      "/assets/icon.svg",
      "/assets/office.js",
      "/assets/scan-worker.js",
      "/assets/style.css",
      "/assets/verify.js",
      "/assets/zxing_reader.wasm",
    ]);
    for (const path of assets) {
      const plain = await raw(path);
      expect(plain.status, path).toBe(200);
      expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      const br = await raw(path, { "accept-encoding": "gzip, deflate, br" });
      expect(br.headers["content-encoding"]).toBe("br");
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      const gz = await raw(path, { "accept-encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
      const again = await raw(path, { "if-none-match": String(plain.headers.etag) });
      expect(again.status).toBe(304);
    }
    const wasm = assets.find((a) => a.endsWith(".wasm")) ?? "";
    expect((await raw(wasm)).headers["content-type"]).toBe("application/wasm");
  });

  test("only the scanning worker may compile WebAssembly", async () => {
    const html = (await raw("/")).body.toString("utf8");
    const worker = /content="(\/assets\/scan-worker-[\w]+\.js)"/.exec(html)?.[1] ?? "";
    const csp = directives((await raw(worker)).headers["content-security-policy"]);
    expect(csp.get("script-src")).toBe("'self' 'wasm-unsafe-eval'");
    expect(directives((await raw("/")).headers["content-security-policy"]).get("script-src")).not.toContain(
      "wasm",
    );
    expect((await raw("/assets/verify-NOTHERE.js")).status).toBe(404);
  });
});

describe("API answers the pages use", () => {
  test("GET /api/v1/office names the token's office; no token is 401", async () => {
    const ok = await fetch(`${e2e.service.url}/api/v1/office`, {
      headers: { Authorization: `Bearer ${e2e.token}` },
    });
    expect(await ok.json()).toEqual({ id: "demo", name: "Office des poursuites de Delémont", alarm: null });
    expect((await fetch(`${e2e.service.url}/api/v1/office`)).status).toBe(401);
    const doc = await (await fetch(`${e2e.service.url}/api/v1/openapi.json`)).json();
    expect(doc.paths["/api/v1/office"].get).toBeDefined();
    const roots = doc.paths["/api/v1/roots/{root}"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(roots.properties)).toEqual(
      expect.arrayContaining(["anchorEvent", "policy", "checkedAt"]),
    );
  });

  test("GET /api/v1/roots/{root} without a leaf lists the root's revoked leaves, so a page never has to name its own (issue 11)", async () => {
    const auth = { Authorization: `Bearer ${e2e.token}` };
    // Two extracts in one batch (asked together, closed by the batch timer); one is revoked.
    const issued = await Promise.all(
      ["ROOTS-REVOKED-1", "ROOTS-REVOKED-2"].map(async (reference) => {
        const body = { ...clone(PERSON_EXTRACT), reference };
        const status = (await (
          await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
            method: "POST",
            headers: { ...auth, "Content-Type": "application/json" },
            body: JSON.stringify(body),
          })
        ).json()) as { id: string; batch: { root: string } };
        const { qr } = (await (
          await fetch(`${e2e.service.url}/api/v1/extracts/${status.id}/qr`, { headers: auth })
        ).json()) as { qr: string };
        return { ...status, leaf: toHex(leafHash(decodeQrText(qr).bodyBytes)) };
      }),
    );
    const [revoked, kept] = issued as [(typeof issued)[0], (typeof issued)[0]];
    expect(kept.batch.root).toBe(revoked.batch.root);
    const res = await fetch(`${e2e.service.url}/api/v1/extracts/${revoked.id}/revoke`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "court-order" }),
    });
    expect(res.status).toBe(200);

    const base = `${e2e.service.url}/api/v1/roots/${revoked.batch.root}?chainId=31337&registry=${e2e.service.registryAddress}`;
    const facts = (await (await fetch(base)).json()) as Record<string, any>;
    expect(facts).toMatchObject({ anchored: true, rootRevocation: null, leafRevocation: null });
    expect(facts.leaf).toBeUndefined();
    expect(facts.revokedLeaves).toEqual([
      { leaf: revoked.leaf, revokedAt: expect.any(String), reasonCode: 3, reason: "court-order" },
    ]);
    expect(JSON.stringify(facts)).not.toContain(kept.leaf);

    // The deprecated `leaf` parameter still answers as before, for pages loaded earlier.
    const old = (await (await fetch(`${base}&leaf=${revoked.leaf}`)).json()) as Record<string, any>;
    expect(old.leaf).toBe(revoked.leaf);
    expect(old.leafRevocation).toMatchObject({ reasonCode: 3, reason: "court-order" });
  });

  test("GET /api/v1/roots/{root}: the facts, the anchoring event, the policy and the service's clock; 404 for an untrusted registry; 503 naming the registry when the chain is down", async () => {
    const auth = { Authorization: `Bearer ${e2e.token}` };
    const issued = (await (
      await fetch(`${e2e.service.url}/api/v1/extracts?wait=true`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify(PERSON_EXTRACT),
      })
    ).json()) as { batch: { root: string } };
    const registry = e2e.service.registryAddress;
    const leaf = `0x${"00".repeat(32)}`;
    const url = `${e2e.service.url}/api/v1/roots/${issued.batch.root}?chainId=31337&registry=${registry}&leaf=${leaf}`;
    const facts = (await (await fetch(url)).json()) as Record<string, any>;
    expect(facts).toMatchObject({
      registry: { chainId: 31337, name: "Sceau development registry (local chain)" },
      root: issued.batch.root,
      leaf,
      anchored: true,
      issuerAuthorised: true,
      rootRevocation: null,
      leafRevocation: null,
      policy: { maxAgeDays: 90, minConfirmations: 1 },
    });
    expect(facts.anchorEvent.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Math.abs(Date.parse(facts.checkedAt) - Date.now())).toBeLessThan(60_000);

    const other = `${e2e.service.url}/api/v1/roots/${issued.batch.root}?chainId=31337&registry=0x${"12".repeat(20)}`;
    const missing = await fetch(other);
    expect(missing.status).toBe(404);

    await e2e.stopChain();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { error: { code: string; details: { registry: { name: string } } } };
    expect(body.error.code).toBe("CHAIN_UNAVAILABLE");
    expect(body.error.details.registry.name).toBe("Sceau development registry (local chain)");
  });
});
