/**
 * Abuse at the HTTP edge (issue 11, finding 4 and "also found"): office routes check the token
 * before they read a byte of the body, each route bounds what its body may inflate to, refused
 * tokens are rate limited per address, the server's own timeouts end slow senders and idle
 * connections, every answer of POST /api/v1/verify says its time, a 503 says when to retry, and
 * neither /readyz nor a verification error repeats a library's words.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { SceauError } from "../../src/core/errors.ts";
import { errorHandler } from "../../src/http/errors.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { gzipJson, gzipZeros, missingPagePdf } from "../helpers/hostile.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

type Json = Record<string, any>;
let e2e: E2E;
let base: string;
let port: number;
let extractId = "";
let batchRoot = "";
let qr = "";

const AUTH_FAILURES_PER_MINUTE = 3;
const good = { authorization: `Bearer ${TOKENS.demo}` };
const wrong = { authorization: "Bearer not-a-token-of-any-office" };
/** Each test speaks from its own address (the service trusts one proxy hop). */
let nextAddress = 10;
const fromAddress = (): Record<string, string> => ({ "x-forwarded-for": `203.0.113.${nextAddress++}` });

beforeAll(async () => {
  e2e = await startE2E(
    {
      SCEAU_OFFICES_FILE: writeOfficesFile(),
      SCEAU_TRUST_PROXY_HOPS: "1",
      SCEAU_RATE_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES_PER_MINUTE),
      SCEAU_HTTP_HEADERS_TIMEOUT_MS: "1000",
      SCEAU_HTTP_REQUEST_TIMEOUT_MS: "2500",
      SCEAU_HTTP_KEEP_ALIVE_TIMEOUT_MS: "500",
      SCEAU_BULK_MAX_BYTES: String(1024 * 1024),
    },
    { viaProxy: true },
  );
  base = e2e.service.url;
  port = Number(new URL(base).port);
  const res = await fetch(`${base}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...good, "content-type": "application/json" },
    body: JSON.stringify(PERSON_EXTRACT),
  });
  const status = (await res.json()) as Json;
  extractId = status.id as string;
  batchRoot = status.batch.root as string;
  qr = ((await (await fetch(`${base}/api/v1/extracts/${extractId}/qr`, { headers: good })).json()) as Json)
    .qr as string;
});
afterAll(async () => {
  await e2e.close();
});

/**
 * Sends the headers and the first `chunk` of a body declared `declaredLength` long, then nothing
 * more: resolves with the answer if the service gives one before the body is complete, rejects
 * after `waitMs` if it waits for the rest.
 */
function answerBeforeBody(
  path: string,
  headers: Record<string, string>,
  chunk: Buffer,
  declaredLength: number,
  waitMs = 4000,
): Promise<{ status: number; body: Json; headers: IncomingMessage["headers"] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: { ...headers, "content-length": declaredLength },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json, headers: res.headers });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer to ${path} before the body was complete`));
    }, waitMs);
    req.on("error", () => undefined);
    req.write(chunk);
  });
}

describe("office routes authenticate before they read the body", () => {
  const bomb = gzipZeros(63);
  const routes = () => [
    { path: "/api/v1/extracts", type: "application/json" },
    { path: "/api/v1/bulk", type: "application/x-ndjson" },
    { path: `/api/v1/extracts/${extractId}/revoke`, type: "application/json" },
    { path: `/api/v1/batches/${batchRoot}/revoke`, type: "application/json" },
  ];

  test("a wrong or missing token is answered 401 while the (gzip bomb) body is still on its way", async () => {
    for (const { path, type } of routes()) {
      for (const token of [wrong, {}]) {
        const a = await answerBeforeBody(
          path,
          { ...token, ...fromAddress(), "content-type": type, "content-encoding": "gzip" },
          bomb.subarray(0, 4096),
          bomb.length,
        );
        expect(a.status, path).toBe(401);
        expect(a.body.error.code).toBe("UNAUTHENTICATED");
      }
    }
    // The service lives on, and a genuine office is served.
    expect((await fetch(`${base}/api/v1/office`, { headers: good })).status).toBe(200);
  });

  test("a 64 KB gzip body inflating to 63 MiB with a wrong token is 401 UNAUTHENTICATED", async () => {
    const res = await fetch(`${base}/api/v1/bulk`, {
      method: "POST",
      headers: {
        ...wrong,
        ...fromAddress(),
        "content-type": "application/x-ndjson",
        "content-encoding": "gzip",
      },
      body: new Uint8Array(bomb),
    });
    expect(bomb.length).toBeLessThan(70_000);
    expect(res.status).toBe(401);
  });
});

describe("each route bounds what its body inflates to", () => {
  const post = (path: string, body: Buffer, type: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": type, "content-encoding": "gzip", ...headers },
      body: new Uint8Array(body),
    });

  test("a revocation body over 1 KiB once inflated is 413 PAYLOAD_TOO_LARGE, even with a valid token", async () => {
    const res = await post(
      `/api/v1/extracts/${extractId}/revoke?wait=false`,
      gzipJson(4096, { reason: "issued-in-error" }),
      "application/json",
      good,
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).error.code).toBe("PAYLOAD_TOO_LARGE");
    // Nothing was revoked.
    const status = (await (
      await fetch(`${base}/api/v1/extracts/${extractId}`, { headers: good })
    ).json()) as Json;
    expect(status.revocation).toBeNull();
  });

  test("an extract body over 1 MiB once inflated (2.5 KB on the wire) is 413 PAYLOAD_TOO_LARGE", async () => {
    const body = gzipJson(1024 * 1024 + 10, clone(PERSON_EXTRACT));
    expect(body.length).toBeLessThan(4000);
    const res = await post("/api/v1/extracts", body, "application/json", good);
    expect(res.status).toBe(413);
  });

  test("a verification JSON body over 32 KiB once inflated is 413 PAYLOAD_TOO_LARGE", async () => {
    const res = await post("/api/v1/verify", gzipJson(40 * 1024, { qr }), "application/json");
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("a bulk upload inflating past SCEAU_BULK_MAX_BYTES is 413 PAYLOAD_TOO_LARGE", async () => {
    const res = await post("/api/v1/bulk", gzipZeros(8), "application/x-ndjson", good);
    expect(res.status).toBe(413);
  });
});

describe("refused tokens are rate limited per address", () => {
  test(`after ${AUTH_FAILURES_PER_MINUTE} refused tokens in a minute an address gets 429 RATE_LIMITED; a valid token and other addresses are still answered`, async () => {
    const address = fromAddress();
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i <= AUTH_FAILURES_PER_MINUTE; i++) {
      last = await fetch(`${base}/api/v1/extracts/${extractId}`, { headers: { ...wrong, ...address } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array<number>(AUTH_FAILURES_PER_MINUTE).fill(401), 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await last?.json()) as Json).error.code).toBe("RATE_LIMITED");
    // The office's own token from that address still works; another address is not held back.
    expect((await fetch(`${base}/api/v1/office`, { headers: { ...good, ...address } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/office`, { headers: { ...wrong, ...fromAddress() } })).status).toBe(
      401,
    );
  });
});

describe("the server's timeouts", () => {
  /** Opens a connection, writes `text`, and resolves with what the server sent once it closes. */
  const until = (text: string, waitMs: number): Promise<{ data: string; closedAfterMs: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = connect(port, "127.0.0.1", () => socket.write(text));
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (d: string) => (data += d));
      socket.on("error", () => undefined);
      socket.on("close", () => {
        clearTimeout(timer);
        resolve({ data, closedAfterMs: performance.now() - started });
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server kept the connection open for ${waitMs} ms`));
      }, waitMs);
    });

  test("headers not complete within SCEAU_HTTP_HEADERS_TIMEOUT_MS: 408 and the connection is closed", async () => {
    const r = await until("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: applic", 6000);
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
  });

  test("a body not complete within SCEAU_HTTP_REQUEST_TIMEOUT_MS: 408 and the connection is closed", async () => {
    const r = await until(
      "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
      8000,
    );
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
  });

  test("an idle keep-alive connection is closed after SCEAU_HTTP_KEEP_ALIVE_TIMEOUT_MS", async () => {
    const r = await until("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n", 3000);
    expect(r.data).toMatch(/^HTTP\/1\.1 200/);
  });

  test("configuration: a headers timeout longer than the request timeout is CONFIG_INVALID", () => {
    expect(() =>
      loadConfig({ SCEAU_HTTP_HEADERS_TIMEOUT_MS: "60000", SCEAU_HTTP_REQUEST_TIMEOUT_MS: "30000" }),
    ).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    const c = loadConfig({});
    expect(c.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5000 });
    expect(() => loadConfig({ SCEAU_HTTP_KEEP_ALIVE_TIMEOUT_MS: "0" })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});

describe("POST /api/v1/verify answers", () => {
  const verify = (body: BodyInit, type: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/verify`, { method: "POST", headers: { "content-type": type, ...headers }, body });

  test("every answer carries Server-Timing: a report, 400, 413, 415 and 422", async () => {
    const answers = [
      await verify(JSON.stringify({ qr }), "application/json"),
      await verify("{", "application/json"),
      await verify(JSON.stringify({ qr: "A".repeat(9000) }), "application/json"),
      await verify("x", "image/gif"),
      await verify(new Uint8Array(missingPagePdf()), "application/pdf"),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 400, 413, 415, 422]);
    for (const a of answers) {
      expect(a.headers.get("server-timing"), String(a.status)).toMatch(/^verify;dur=\d+(\.\d+)?$/);
    }
  });

  test("a PDF that pdf.js fails on is 422 PDF_UNREADABLE in our words, never pdf.js's", async () => {
    const res = await verify(new Uint8Array(missingPagePdf()), "application/pdf", {
      "accept-language": "en",
    });
    const body = (await res.json()) as Json;
    expect(res.status).toBe(422);
    expect(body.error.code).toBe("PDF_UNREADABLE");
    expect(body.error.message).toBe("The file is not a readable PDF.");
    expect(body.error.details.detail).toBe("The PDF could not be rendered.");
  });

  test("the verdict unavailable (503) carries Retry-After", async () => {
    e2e.proxy!.mode = { kind: "drop" };
    try {
      const res = await verify(JSON.stringify({ qr }), "application/json");
      expect(res.status).toBe(503);
      expect(((await res.json()) as Json).verdict).toBe("unavailable");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get("server-timing")).toMatch(/^verify;dur=/);
    } finally {
      e2e.proxy!.mode = { kind: "pass" };
    }
  });
});

describe("no library's words reach a client", () => {
  test("an INTERNAL error is answered 'Internal error.' without its message or details, which are logged", async () => {
    const logged: unknown[] = [];
    const app = express();
    app.get("/x", () => {
      throw new SceauError("INTERNAL", "PDF worker: ENOENT: no such file, open '/srv/sceau/fonts/x.ttf'", {
        details: { path: "/srv/sceau/fonts/x.ttf" },
      });
    });
    app.use(errorHandler((e) => logged.push(e)));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: "INTERNAL", message: "Internal error." } });
      expect(logged).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});

describe("GET /readyz tells anonymous callers what is wrong, not how", () => {
  test("no free disk space in the answer (it is in /metrics), and failed checks in our own words", async () => {
    const ready = (await (await fetch(`${base}/readyz`)).json()) as Json;
    expect(ready.status).toBe("ready");
    expect(ready.checks.journal).toEqual({ ok: true, ms: expect.any(Number) });
    expect(JSON.stringify(ready)).not.toMatch(/free/i);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/^sceau_journal_free_bytes (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(1024 * 1024);

    e2e.proxy!.mode = { kind: "drop" };
    try {
      const down = (await (await fetch(`${base}/readyz`)).json()) as Json;
      expect(down.checks.chain).toEqual({
        ok: false,
        ms: expect.any(Number),
        error: { code: "CHAIN_UNAVAILABLE", message: "The chain node does not answer." },
      });
    } finally {
      e2e.proxy!.mode = { kind: "pass" };
    }
  });
});

describe("the API description", () => {
  test("documents the new limits, codes and headers", async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Json;
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(
      expect.arrayContaining(["VERIFY_BUSY", "PDF_CONTENT_TOO_LARGE"]),
    );
    expect(doc.components.securitySchemes.office.description).toContain(
      "SCEAU_RATE_AUTH_FAILURES_PER_MINUTE",
    );
    const responses = doc.paths["/api/v1/verify"].post.responses as Record<string, Json>;
    for (const [status, r] of Object.entries(responses)) {
      expect(r.headers?.["Server-Timing"], status).toBeDefined();
    }
    expect(responses["503"]?.description).toContain("VERIFY_BUSY");
    expect(responses["503"]?.headers["Retry-After"]).toBeDefined();
    expect(responses["413"]?.description).toContain("PDF_CONTENT_TOO_LARGE");
    expect(doc.paths["/api/v1/extracts/{id}/revoke"].post.responses["413"]).toBeDefined();
    expect(doc.paths["/api/v1/extracts"].post.responses["413"]).toBeDefined();
  });
});
