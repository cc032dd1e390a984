/**
 * The register connector against a stand-in register system on 127.0.0.1 whose behaviour each
 * test sets: a good answer becomes candidates and records; a malformed, oversized, slow, 5xx or
 * refused answer becomes REGISTER_UNAVAILABLE, never a wrong extract; retries stay bounded.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { RegisterQuery } from "../../src/counter/ports.ts";
import { registerConnector } from "../../src/register/connector.ts";

const vector = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../vectors/register-connector-v1/${name}.json`, import.meta.url), "utf8"));

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler;
const seen: { path: string; auth: string | undefined; body: any }[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      seen.push({ path: req.url ?? "", auth: req.headers.authorization, body: JSON.parse(body) });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/register`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});
beforeEach(() => {
  seen.length = 0;
});

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(typeof value === "string" ? value : JSON.stringify(value));
};
const connector = (over: Partial<Parameters<typeof registerConnector>[0]> = {}) =>
  registerConnector({ url, token: "s3cret-register-token", timeoutMs: 2000, backoffMs: 10, ...over });

const request = vector("search-request");
const query: RegisterQuery = { office: request.office, ...request.person };

describe("register connector v1: good answers", () => {
  test("sends the frozen search request with the bearer token, and flags what agrees in each candidate", async () => {
    handler = (_req, _body, res) => {
      json(res, 200, vector("search-response"));
    };
    const candidates = await connector().search(query);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe("/register/v1/search");
    expect(seen[0]?.auth).toBe("Bearer s3cret-register-token");
    expect(seen[0]?.body).toEqual(request);
    expect(candidates.map((c) => [c.personId, c.matches])).toEqual([
      ["P-000184522", { name: true, dateOfBirth: true, address: true }],
      // "Marc-André" is "Marc André"; another address.
      ["P-000190017", { name: true, dateOfBirth: true, address: false }],
    ]);
  });

  test("sends the frozen record request and returns the person's proceedings and loss certificates", async () => {
    handler = (_req, _body, res) => {
      json(res, 200, vector("record-response"));
    };
    const record = await connector().record("ju-delemont", "P-000184522");
    expect(seen[0]?.path).toBe("/register/v1/record");
    expect(seen[0]?.body).toEqual(vector("record-request"));
    expect(record).toEqual(vector("record-response").person);
  });

  test("an empty list is nobody, not a failure", async () => {
    handler = (_req, _body, res) => {
      json(res, 200, { version: "register-connector/1", persons: [] });
    };
    await expect(connector().search(query)).resolves.toEqual([]);
  });
});

describe("register connector v1: answers that are not to be trusted", () => {
  const unavailable = { code: "REGISTER_UNAVAILABLE" };
  const good = vector("record-response");
  const cases: [string, any][] = [
    ["not JSON", "{"],
    ["another version", { ...good, version: "register-connector/2" }],
    ["an unknown field", { ...good, person: { ...good.person, nickname: "Marco" } }],
    ["a missing field", { version: good.version, person: { ...good.person, entries: undefined } }],
    [
      "an amount without centimes",
      { ...good, person: { ...good.person, entries: [{ ...good.person.entries[0], amount: "1840.6" }] } },
    ],
    [
      "an unknown status",
      { ...good, person: { ...good.person, entries: [{ ...good.person.entries[0], status: "forgotten" }] } },
    ],
    ["a date that is no day", { ...good, person: { ...good.person, dateOfBirth: "1978-02-30" } }],
    ["a control character", { ...good, person: { ...good.person, lastName: "Ross\u0000ier" } }],
    ["another person", { ...good, person: { ...good.person, personId: "P-000000001" } }],
  ];
  test.each(cases)("an answer with %s is REGISTER_UNAVAILABLE, asked once", async (_name, answer) => {
    handler = (_req, _body, res) => {
      json(res, 200, answer);
    };
    await expect(connector().record("ju-delemont", "P-000184522")).rejects.toMatchObject(unavailable);
    expect(seen).toHaveLength(1);
  });

  test("an answer that is not JSON by its content type is REGISTER_UNAVAILABLE", async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<h1>Login</h1>");
    };
    await expect(connector().search(query)).rejects.toMatchObject(unavailable);
  });

  test("an answer larger than the limit is REGISTER_UNAVAILABLE, announced or streamed", async () => {
    const big = { version: "register-connector/1", persons: [], pad: "x".repeat(5000) };
    handler = (_req, _body, res) => {
      json(res, 200, big);
    };
    await expect(connector({ maxBytes: 4096 }).search(query)).rejects.toMatchObject(unavailable);
    handler = (_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 100; i++) res.write(" ".repeat(100));
      res.end("{}");
    };
    await expect(connector({ maxBytes: 4096 }).search(query)).rejects.toMatchObject(unavailable);
  });

  test("too many candidates is a malformed answer", async () => {
    const p = vector("search-response").persons[0] as Record<string, unknown>;
    const persons = Array.from({ length: 51 }, (_, i) => ({ ...p, personId: `P-${i}` }));
    handler = (_req, _body, res) => {
      json(res, 200, { version: "register-connector/1", persons });
    };
    await expect(connector().search(query)).rejects.toMatchObject(unavailable);
  });

  test("a refused token (401) is REGISTER_UNAVAILABLE at once, without retries", async () => {
    handler = (_req, _body, res) => {
      json(res, 401, { error: "unauthorised" });
    };
    await expect(connector().search(query)).rejects.toMatchObject(unavailable);
    expect(seen).toHaveLength(1);
  });
});

describe("register connector v1: a register that fails for a while", () => {
  test("a 500 is asked again, and a later good answer is used", async () => {
    let n = 0;
    handler = (_req, _body, res) => {
      if (n++ < 2) json(res, 500, { error: "busy" });
      else json(res, 200, vector("search-response"));
    };
    await expect(connector().search(query)).resolves.toHaveLength(2);
    expect(seen).toHaveLength(3);
  });

  test("a register that keeps answering 503 is asked 1 + retries times, then REGISTER_UNAVAILABLE", async () => {
    handler = (_req, _body, res) => {
      json(res, 503, { error: "down" });
    };
    const error = await connector({ retries: 3 })
      .search(query)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "REGISTER_UNAVAILABLE", details: { attempts: 4 } });
    expect(seen).toHaveLength(4);
  });

  test("a register slower than the time limit is REGISTER_UNAVAILABLE after bounded attempts", async () => {
    handler = (_req, _body, res) => {
      setTimeout(() => {
        json(res, 200, vector("search-response"));
      }, 1500).unref();
    };
    await expect(connector({ timeoutMs: 150, retries: 1 }).search(query)).rejects.toMatchObject({
      code: "REGISTER_UNAVAILABLE",
      details: { attempts: 2 },
    });
    expect(seen).toHaveLength(2);
  });

  test("a register nobody listens on is REGISTER_UNAVAILABLE", async () => {
    const down = registerConnector({
      url: "http://127.0.0.1:9/register",
      token: null,
      timeoutMs: 500,
      retries: 1,
      backoffMs: 10,
    });
    await expect(down.search(query)).rejects.toMatchObject({
      code: "REGISTER_UNAVAILABLE",
      details: { attempts: 2 },
    });
  });

  test("the caller's abort stops the retries", async () => {
    handler = (_req, _body, res) => {
      json(res, 503, {});
    };
    const controller = new AbortController();
    const pending = connector({ retries: 5, backoffMs: 200 }).search(query, controller.signal);
    setTimeout(() => {
      controller.abort();
    }, 50);
    await expect(pending).rejects.toMatchObject({ code: "REGISTER_UNAVAILABLE" });
    expect(seen.length).toBeLessThan(6);
  });
});
