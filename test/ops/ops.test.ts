/**
 * Operations: liveness and readiness, Prometheus metrics, security headers, rate limits on
 * verification and issuance, and structured logs that carry no personal data or secret.
 */
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { decodeQrText } from "../../src/core/qr-text.ts";
import { createLogger } from "../../src/log.ts";
import { securityHeaders } from "../../src/http/ops.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { writeOfficesFile, TOKENS } from "../helpers/offices.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

type Json = Record<string, any>;
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
/** A debtor no log line may ever name. */
const SECRET_PERSON = {
  lastName: "Zyxwvutsrqpon",
  firstNames: "Qwertzuiopü",
  dateOfBirth: "1971-07-19",
  street: "Chemin Introuvable",
};

let e2e: E2E;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  const capture = createLogger("debug", (line) => logs.push(line));
  e2e = await startE2E(
    {
      SCEAU_OFFICES_FILE: writeOfficesFile(),
      SCEAU_METRICS_TOKEN: METRICS_TOKEN,
      SCEAU_RATE_VERIFY_PER_MINUTE: "8",
      SCEAU_RATE_ISSUE_PER_MINUTE: "4",
      SCEAU_JOURNAL_MIN_FREE_MB: "1",
    },
    { log: capture, viaProxy: true },
  );
  base = e2e.service.url;
});
afterAll(async () => {
  await e2e.close();
});

const auth = (office: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[office]}` });

function secretExtract(reference: string): Json {
  const e = clone(PERSON_EXTRACT) as Json;
  e.reference = reference;
  e.debtor.lastName = SECRET_PERSON.lastName;
  e.debtor.firstNames = SECRET_PERSON.firstNames;
  e.debtor.dateOfBirth = SECRET_PERSON.dateOfBirth;
  e.debtor.address.street = SECRET_PERSON.street;
  return e;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

let qr = "";

describe("operations", () => {
  test("GET /healthz answers 200 while the process runs", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  test("GET /readyz is 200 with the chain, the journal (and its free space) and the issuer checked", async () => {
    const res = await fetch(`${base}/readyz`);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.chain.ok).toBe(true);
    expect(body.checks.journal).toMatchObject({ ok: true });
    // How much is free is for the operator's metrics, not for anyone who asks.
    expect(body.checks.journal.freeBytes).toBeUndefined();
    expect(body.checks.issuer.ok).toBe(true);
  });

  test("issuance, anchoring and verification show up in /metrics, which needs its token", async () => {
    const issued = await post("/api/v1/extracts?wait=true", secretExtract("OPS-1"), auth("demo"));
    expect(issued.status).toBe(201);
    const { id } = (await issued.json()) as { id: string };
    qr = ((await (await fetch(`${base}/api/v1/extracts/${id}/qr`, { headers: auth("demo") })).json()) as Json)
      .qr as string;
    expect((await post("/api/v1/verify", { qr })).status).toBe(200);

    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: "Bearer nope-nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const value = (line: RegExp): number => Number(line.exec(text)?.[1] ?? NaN);
    expect(value(/^sceau_extracts_stored_total (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^sceau_batches_anchored_total (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^sceau_anchor_transaction_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^sceau_anchor_delay_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^sceau_verifications_total\{verdict="valid",source="qr-text"\} (\d+)$/m)).toBe(1);
    expect(value(/^sceau_backlog_extracts (\d+)$/m)).toBe(0);
    expect(text).toMatch(
      /^sceau_http_requests_total\{method="POST",route="\/api\/v1\/extracts",status="201"\} 1$/m,
    );
    // Route patterns only: never an extract id from a URL.
    expect(text).not.toContain(id);
    expect(text).toMatch(/route="\/api\/v1\/extracts\/:id\/qr"/);
    expect(text).toMatch(/^sceau_process_resident_memory_bytes \d+/m);
    expect(value(/^sceau_journal_free_bytes (\d+)$/m)).toBeGreaterThan(1024 * 1024);
  });

  test("API responses carry the security headers and a CSP that allows nothing", async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    // Plain http here: no HSTS (it is sent only when SCEAU_PUBLIC_URL is https).
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  test("pages keep their own Content-Security-Policy: the global headers never set one on a page", async () => {
    const app = express();
    app.use(securityHeaders(true));
    app.get("/v", (_req, res) => {
      res.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:");
      res.send("<!doctype html><title>page</title>");
    });
    app.get("/plain", (_req, res) => {
      res.send("<!doctype html><title>page without its own CSP</title>");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as { port: number };
    try {
      const page = await fetch(`http://127.0.0.1:${port}/v`);
      expect(page.headers.get("content-security-policy")).toBe("default-src 'self'; img-src 'self' blob:");
      expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("permissions-policy")).toBeNull();
      expect(
        (await fetch(`http://127.0.0.1:${port}/plain`)).headers.get("content-security-policy"),
      ).toBeNull();
    } finally {
      server.close();
    }
  });

  test("verification is rate limited per client address: 429 RATE_LIMITED with Retry-After", async () => {
    // Two verifications so far in this window (the metrics test and none else): use up the rest.
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await post("/api/v1/verify", { qr });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).not.toBeNull();
    const body = (await limited!.json()) as Json;
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get("ratelimit-policy")).toBe("8;w=60");
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(8);
    // The public root lookup shares the verification limit.
    const root = Buffer.from(decodeQrText(qr).seal.rootHint).toString("hex").padEnd(64, "0");
    expect((await fetch(`${base}/api/v1/roots/0x${root}`)).status).toBe(429);
  });

  test("issuance is rate limited per office: one office's burst leaves another office untouched", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const extract = { ...clone(PERSON_EXTRACT), reference: `RL-${i}` };
      statuses.push((await post("/api/v1/extracts", extract, auth("demo"))).status);
    }
    // One issuance already counted in this window (the metrics test).
    expect(statuses.filter((s) => s === 202).length).toBe(3);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    const other = { ...clone(PERSON_EXTRACT), office: "other", reference: "RL-other" };
    expect((await post("/api/v1/extracts", other, auth("other"))).status).toBe(202);
    // Reading is not limited.
    expect((await fetch(`${base}/api/v1/extracts?limit=1`, { headers: auth("demo") })).status).toBe(200);
  });

  test("logs are JSON lines, and none names the debtor, a token, a key or a seal", async () => {
    // A validation failure and an unknown token, on top of the issuance, verification and limits above.
    const bad = secretExtract("OPS-BAD");
    bad.debtor.dateOfBirth = "31.02.1971";
    await post("/api/v1/extracts", bad, auth("other"));
    await post("/api/v1/extracts", secretExtract("OPS-2"), { authorization: "Bearer not-a-token-123" });
    expect(logs.length).toBeGreaterThan(5);
    for (const line of logs) {
      const entry = JSON.parse(line) as Json;
      expect(typeof entry.time).toBe("string");
      expect(["debug", "info", "warn", "error"]).toContain(entry.level);
      expect(typeof entry.msg).toBe("string");
    }
    const all = logs.join("\n");
    const seal = qr.slice(qr.indexOf("#") + 1);
    for (const secret of [
      SECRET_PERSON.lastName,
      SECRET_PERSON.firstNames,
      SECRET_PERSON.dateOfBirth,
      SECRET_PERSON.street,
      TOKENS.demo,
      TOKENS.other,
      "not-a-token-123",
      METRICS_TOKEN,
      DEV_KEYS.admin.slice(2),
      DEV_KEYS.issuer.slice(2),
      DEV_KEYS.revoker.slice(2),
      seal.slice(0, 40),
    ]) {
      expect(all, `a log line holds ${secret}`).not.toContain(secret);
    }
    expect(all).toContain('"msg":"Request answered."');
  });

  test("GET /readyz is 503 naming the chain once the chain stops answering; /healthz stays 200", async () => {
    e2e.proxy!.mode = { kind: "drop" };
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Json;
    expect(body.status).toBe("not-ready");
    expect(body.checks.chain).toMatchObject({ ok: false, error: { code: "CHAIN_UNAVAILABLE" } });
    expect(body.checks.journal.ok).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
