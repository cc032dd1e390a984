/**
 * The issuing API over HTTP on a local chain: offices and tokens, listing, revocation shown by
 * the verifier, bulk upload with progress, and the bounded backlog (503 BACKLOG_FULL).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { responseSchema, shapeDifferences } from "../helpers/routes.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

let e2e: E2E;
let base: string;
const A = { authorization: `Bearer ${TOKENS.demo}` };
const B = { authorization: `Bearer ${TOKENS.other}` };

beforeAll(async () => {
  e2e = await startE2E({
    SCEAU_OFFICES_FILE: writeOfficesFile(),
    SCEAU_PDF_THREADS: "1",
    SCEAU_BATCH_MAX: "4",
    // Long enough for four concurrent requests to share a batch even on a busy machine.
    SCEAU_BATCH_WAIT_MS: "1000",
  });
  base = e2e.service.url;
});
afterAll(async () => {
  await e2e.close();
});

type Json = Record<string, any>;
async function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined
        ? {}
        : { "content-type": typeof body === "string" ? "application/x-ndjson" : "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith("{") ? (JSON.parse(text) as Json) : { text },
    headers: res.headers,
  };
}

let counter = 0;
function extract(office: string, overrides: Json = {}): Json {
  return { ...clone(PERSON_EXTRACT), office, reference: `H-${++counter}`, ...overrides };
}

async function issue(office: "demo" | "other", overrides: Json = {}): Promise<Json> {
  const r = await call(
    "POST",
    "/api/v1/extracts?wait=true",
    office === "demo" ? A : B,
    extract(office, overrides),
  );
  expect(r.status).toBe(201);
  return r.body;
}

async function verifyQr(qr: string): Promise<Json> {
  return (await call("POST", "/api/v1/verify", {}, { qr })).body;
}

// Every route against the document, both ways: test/http/openapi.test.ts.
test("behavior: the served OpenAPI document lists BACKLOG_FULL among the error codes", async () => {
  const doc = (await call("GET", "/api/v1/openapi.json")).body;
  expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain("BACKLOG_FULL");
});

describe("offices and tokens", () => {
  test("auth: every issuing route answers 401 without a token and 403 with another office's token", async () => {
    const x = await issue("demo");
    const root = x.batch.root as string;
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/extracts/${x.id}`],
      ["GET", `/api/v1/extracts/${x.id}/qr`],
      ["GET", `/api/v1/extracts/${x.id}/pdf`],
      ["POST", `/api/v1/extracts/${x.id}/revoke`, { reason: "other" }],
      ["GET", `/api/v1/batches/${root}`],
      ["POST", `/api/v1/batches/${root}/revoke`, { reason: "other" }],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(method, path, {}, body)).status, `${method} ${path} without a token`).toBe(401);
      const other = await call(method, path, B, body);
      expect(other.status, `${method} ${path} with another office's token`).toBe(403);
      expect(other.body.error.code).toBe("FORBIDDEN");
    }
    expect((await call("GET", "/api/v1/extracts")).status).toBe(401);
    expect(
      (await call("POST", "/api/v1/extracts", { authorization: "Bearer wrong" }, extract("demo"))).status,
    ).toBe(401);
    const forged = await call("POST", "/api/v1/extracts", B, extract("demo"));
    expect(forged.status).toBe(403);
    expect((await call("GET", `/api/v1/extracts/${x.id}`, A)).body.state).toBe("final");
  });

  test("behavior: an office's listing shows its own extracts only, searchable and paged", async () => {
    const mine = await issue("demo", {
      debtor: { ...clone(PERSON_EXTRACT).debtor, lastName: "Zumstein-Ébène" },
    });
    const theirs = await issue("other", {
      debtor: { ...clone(PERSON_EXTRACT).debtor, lastName: "Zumstein-Ébène" },
    });
    const a = await call("GET", "/api/v1/extracts?query=zumstein%20ebene", A);
    expect(a.status).toBe(200);
    expect(a.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(a.body.items[0]).toMatchObject({ debtorName: "Zumstein-Ébène, Łukasz Ðurić", state: "final" });
    const b = await call("GET", "/api/v1/extracts?limit=200", B);
    expect(b.body.items.map((i: { id: string }) => i.id)).toContain(theirs.id);
    expect(b.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    const page = await call("GET", "/api/v1/extracts?limit=1", A);
    expect(page.body.items).toHaveLength(1);
    const next = await call("GET", `/api/v1/extracts?limit=1&cursor=${page.body.nextCursor as string}`, A);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    expect((await call("GET", "/api/v1/extracts?state=lost", A)).status).toBe(400);
    const badCursor = await call("GET", "/api/v1/extracts?cursor=MA", A);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe("BAD_REQUEST");
  });
});

describe("revocation", () => {
  test("behavior: a revoked extract verifies as revoked, with date and reason; its batch neighbours stay valid", async () => {
    const xs = await Promise.all([issue("demo"), issue("demo"), issue("demo"), issue("demo")]);
    const [x] = xs;
    const r = await call("POST", `/api/v1/extracts/${x.id as string}/revoke`, A, {
      reason: "issued-in-error",
    });
    expect(r.status).toBe(200);
    expect(r.body.revocation).toMatchObject({
      scope: "extract",
      reason: "issued-in-error",
      state: "recorded",
    });
    const qr = (await call("GET", `/api/v1/extracts/${x.id as string}/qr`, A)).body.qr as string;
    const report = await verifyQr(qr);
    expect(report.verdict).toBe("revoked");
    expect(report.revocation).toMatchObject({ scope: "extract", reason: "issued-in-error" });
    expect(report.revocation.revokedAt).toBe(r.body.revocation.revokedAt);
    const batch = (await call("GET", `/api/v1/batches/${x.batch.root as string}`, A)).body;
    const neighbour = (batch.extracts as string[]).find((id) => id !== x.id);
    expect(neighbour).toBeDefined();
    const other = await verifyQr(
      (await call("GET", `/api/v1/extracts/${neighbour ?? ""}/qr`, A)).body.qr as string,
    );
    expect(other.verdict).toBe("valid");
    expect(
      (await call("POST", `/api/v1/extracts/${x.id as string}/revoke`, A, { reason: "issued-in-error" }))
        .status,
    ).toBe(200);
    const conflict = await call("POST", `/api/v1/extracts/${x.id as string}/revoke`, A, {
      reason: "court-order",
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("CONFLICT");
    expect(
      (await call("POST", `/api/v1/extracts/${x.id as string}/revoke`, A, { reason: "because" })).status,
    ).toBe(400);
  });

  test("behavior: a batch revocation makes every extract of the batch verify as revoked", async () => {
    const xs = await Promise.all([issue("other"), issue("other"), issue("other"), issue("other")]);
    const root = xs[0].batch.root as string;
    const r = await call("POST", `/api/v1/batches/${root}/revoke`, B, { reason: "court-order" });
    expect(r.status).toBe(200);
    expect(r.body.revocation).toMatchObject({ scope: "batch", reason: "court-order", state: "recorded" });
    for (const id of r.body.extracts as string[]) {
      const report = await verifyQr((await call("GET", `/api/v1/extracts/${id}/qr`, B)).body.qr as string);
      expect(report.verdict).toBe("revoked");
      expect(report.revocation).toMatchObject({ scope: "batch", reason: "court-order" });
    }
  });
});

describe("bulk upload", () => {
  test("behavior: a JSON Lines upload is issued with progress; bad lines are reported with their line and field paths", async () => {
    const lines = Array.from({ length: 12 }, () => JSON.stringify(extract("demo")));
    lines[3] = "{not json";
    lines[7] = JSON.stringify(extract("demo", { language: "xx" }));
    lines.splice(5, 0, "");
    const created = await call("POST", "/api/v1/bulk", A, `${lines.join("\n")}\n`);
    expect(created.status).toBe(202);
    expect(created.body.total).toBe(12);
    const self = created.body.links.self as string;
    let job: Json = created.body;
    const deadline = Date.now() + 30_000;
    while ((job.state !== "finished" || job.anchored < job.accepted) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call("GET", self, A)).body;
    }
    expect(job).toMatchObject({
      state: "finished",
      total: 12,
      processed: 12,
      accepted: 10,
      failed: 2,
      anchored: 10,
    });
    const failed = (await call("GET", `${self}/lines?outcome=failed`, A)).body.lines as {
      line: number;
      error: { code: string; issues?: { path: string }[] };
    }[];
    expect(failed.map((l) => [l.line, l.error.code])).toEqual([
      [4, "BAD_REQUEST"],
      [9, "VALIDATION_FAILED"],
    ]);
    expect(failed[1]?.error.issues?.map((i) => i.path)).toEqual(["language"]);
    expect((await call("GET", self, B)).status).toBe(403);
    expect((await call("POST", "/api/v1/bulk", A, "\n\n")).status).toBe(400);
    expect((await call("POST", "/api/v1/bulk", A, { not: "lines" })).status).toBe(415);
  });
});

describe("answers and the OpenAPI document", () => {
  test("behavior: every answer has exactly the fields its documented schema names", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).body;
    const x = await issue("demo");
    const root = x.batch.root as string;
    const qr = (await call("GET", `/api/v1/extracts/${x.id}/qr`, A)).body.qr as string;
    const revoked = await issue("demo");
    const bulk = await call("POST", "/api/v1/bulk", A, `${JSON.stringify(extract("demo"))}\n{bad\n`);
    const job = bulk.body.links.self as string;
    const answers: [string, string, Promise<{ status: number; body: Json }>, string[]?][] = [
      ["post /api/v1/extracts", "", call("POST", "/api/v1/extracts", A, extract("demo"))],
      ["get /api/v1/extracts", "", call("GET", "/api/v1/extracts?limit=3", A)],
      ["get /api/v1/extracts/{id}", "", call("GET", `/api/v1/extracts/${x.id}`, A)],
      ["get /api/v1/extracts/{id}/qr", "", call("GET", `/api/v1/extracts/${x.id}/qr`, A)],
      [
        "post /api/v1/extracts/{id}/revoke",
        "",
        call("POST", `/api/v1/extracts/${revoked.id}/revoke`, A, { reason: "other" }),
      ],
      ["get /api/v1/batches/{root}", "", call("GET", `/api/v1/batches/${root}`, A)],
      ["get /api/v1/office", "", call("GET", "/api/v1/office", A)],
      ["get /api/v1/office", "without a token", call("GET", "/api/v1/office")],
      ["post /api/v1/bulk", "", Promise.resolve(bulk)],
      ["get /api/v1/bulk/{id}", "", call("GET", job, A)],
      ["get /api/v1/bulk/{id}/lines", "", call("GET", `${job}/lines`, A)],
      ["post /api/v1/verify", "", call("POST", "/api/v1/verify", {}, { qr })],
      ["post /api/v1/verify", "refused", call("POST", "/api/v1/verify", {}, { qr: "" })],
      ["get /api/v1/roots/{root}", "", call("GET", `/api/v1/roots/${root}`), ["leaf"]],
    ];
    for (const [operation, note, answer, optional] of answers) {
      const { status, body } = await answer;
      const label = `${operation} ${note} (${status})`;
      expect(shapeDifferences(body, responseSchema(doc, operation, status), doc, optional), label).toEqual(
        [],
      );
    }
    // The comparison itself catches a field the document does not name, and one it lacks.
    const schema = responseSchema(doc, "get /api/v1/extracts/{id}", 200);
    const { links: _links, ...withoutLinks } = x;
    expect(shapeDifferences({ ...x, secret: 1 }, schema, doc)).toEqual(["undocumented secret"]);
    expect(shapeDifferences(withoutLinks, schema, doc)).toEqual(["missing links"]);
  });
});

describe("outages", () => {
  test("error: while the chain is down, statuses stay pending and intake stops at the backlog bound with 503 and Retry-After", async () => {
    const down = await startE2E({
      SCEAU_OFFICES_FILE: writeOfficesFile(),
      SCEAU_PDF_THREADS: "0",
      SCEAU_BACKLOG_MAX: "2",
      SCEAU_BATCH_WAIT_MS: "20",
    });
    try {
      await down.stopChain();
      const post = (): Promise<Response> =>
        fetch(`${down.service.url}/api/v1/extracts`, {
          method: "POST",
          headers: { ...A, "content-type": "application/json" },
          body: JSON.stringify(extract("demo")),
        });
      const first = await post();
      expect(first.status).toBe(202);
      expect((await post()).status).toBe(202);
      const full = await post();
      expect(full.status).toBe(503);
      expect(Number(full.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(((await full.json()) as Json).error.code).toBe("BACKLOG_FULL");
      await new Promise((r) => setTimeout(r, 300));
      const status = (await (
        await fetch(`${down.service.url}${first.headers.get("location") ?? ""}`, { headers: A })
      ).json()) as Json;
      expect(status.state).toBe("pending");
    } finally {
      await down.close();
    }
  });
});
