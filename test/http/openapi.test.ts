/**
 * The OpenAPI document and the Express router cannot drift apart: the routes the app registers
 * are read from its router and compared with the document's operations in both directions,
 * methods included, with who may call each (the office token) and which are rate limited.
 */
import { describe, expect, test } from "vitest";
import type express from "express";
import { createApp } from "../../src/http/app.ts";
import { OfficeAuth } from "../../src/http/auth.ts";
import { openApiDocument } from "../../src/http/openapi.ts";
import type { WebAsset } from "../../src/http/web-build.ts";
import { compareOperations, operationsOf, routesOf, type RouteEntry } from "../helpers/routes.ts";

type Operation = {
  readonly security?: readonly Record<string, unknown>[];
  readonly responses: Record<string, unknown>;
};
const doc = openApiDocument as unknown as { paths: Record<string, Record<string, Operation>> };

/** The pages are HTML for people, not API: the document leaves them out on purpose. */
const PAGES = ["get /", "get /v", "get /office", "get /assets/{name}"];

const page: WebAsset = {
  name: "p.html",
  type: "text/html",
  body: Buffer.from(""),
  gzip: null,
  br: null,
  etag: '"p"',
};

/** The real app, its use cases never called: only its route table is read. */
function app(): express.Express {
  return createApp({
    issuer: {} as never,
    bulk: {} as never,
    verifier: {} as never,
    auth: new OfficeAuth([]),
    trustList: [],
    limits: { maxUploadBytes: 1024, waitTimeoutMs: 1, bulkMaxBytes: 1024 },
    logError: () => undefined,
    ops: {
      metrics: {} as never,
      readiness: () => Promise.reject(new Error("not called")),
      log: () => undefined,
      metricsToken: null,
      rate: { verifyPerMinute: 10, issuePerMinute: 10, authFailuresPerMinute: 10 },
      hsts: false,
      trustProxyHops: 0,
    },
    web: { pages: { verify: page, office: page }, assets: new Map() },
    counter: {
      service: {} as never,
      identity: {} as never,
      agents: {} as never,
      sessions: {} as never,
      publicUrl: "http://127.0.0.1",
      now: Date.now,
      log: () => undefined,
    },
  });
}

const routes: RouteEntry[] = routesOf(app());
/** The online counter's pages (`/counter…`, HTML rendered on the server) are pages too. */
const isPage = (operation: string): boolean =>
  PAGES.includes(operation) || / \/counter(\/|$)/.test(operation);
const api = routes.filter((r) => !isPage(r.operation));
const operationOf = (entry: string): Operation => {
  const [method = "", path = ""] = entry.split(" ");
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${entry} is not documented`);
  return op;
};

describe("the OpenAPI document and the router", () => {
  test("behavior: they list the same operations: no route is undocumented, no documented operation lacks its route", () => {
    const { undocumented, unrouted } = compareOperations(
      api.map((r) => r.operation),
      operationsOf(doc),
    );
    expect(undocumented).toEqual([]);
    expect(unrouted).toEqual([]);
    // The walk saw the routers' routes, not only the app's own.
    expect(api.length).toBeGreaterThanOrEqual(18);
    expect(api.map((r) => r.operation)).toEqual(
      expect.arrayContaining(["post /api/v1/extracts", "get /api/v1/bulk/{id}/lines", "get /readyz"]),
    );
  });

  test("behavior: the pages are the only routes left out of the document, and each of them is a route", () => {
    expect(routes.map((r) => r.operation)).toEqual(expect.arrayContaining(PAGES));
    for (const p of PAGES) expect(operationsOf(doc), p).not.toContain(p);
  });

  test("error: the comparison fails for a route added without its document entry, and for a documented operation without its route", () => {
    const extra = app();
    extra.delete("/api/v1/extracts/:id", () => undefined);
    const routed = routesOf(extra).map((r) => r.operation);
    expect(compareOperations(routed, operationsOf(doc)).undocumented).toContain(
      "delete /api/v1/extracts/{id}",
    );
    // Same path, another method: documented but not routed.
    const documented = [...operationsOf(doc), "put /api/v1/bulk/{id}"];
    expect(compareOperations(routed, documented).unrouted).toEqual(["put /api/v1/bulk/{id}"]);
  });

  test("auth: exactly the routes behind requireOffice document the office token", () => {
    const office = api.filter((r) => r.handlers.includes("requireOffice")).map((r) => r.operation);
    const documented = api
      .filter((r) => operationOf(r.operation).security?.some((s) => "office" in s) ?? false)
      .map((r) => r.operation);
    expect(documented.sort()).toEqual(office.sort());
    expect(office).toEqual(expect.arrayContaining(["get /api/v1/office", "post /api/v1/bulk"]));
    expect(office).not.toContain("post /api/v1/verify");
  });

  test("behavior: exactly the rate-limited routes document their 429 RATE_LIMITED answer", () => {
    const limited = api
      .filter((r) => r.handlers.some((h) => h.startsWith("rateLimit ")))
      .map((r) => r.operation);
    const documented = api.filter((r) => "429" in operationOf(r.operation).responses).map((r) => r.operation);
    expect(documented.sort()).toEqual(limited.sort());
    expect(limited).toEqual(
      expect.arrayContaining([
        "post /api/v1/verify",
        "get /api/v1/roots/{root}",
        "post /api/v1/extracts",
        "post /api/v1/extracts/{id}/revoke",
        "post /api/v1/batches/{root}/revoke",
        "post /api/v1/bulk",
      ]),
    );
  });
});
