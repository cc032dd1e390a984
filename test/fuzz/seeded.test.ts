/**
 * The seeded fuzz run of the test command: a few thousand generated and mutated inputs per
 * in-process target and a few hundred requests to POST /api/v1/verify (scripts/fuzz.ts runs
 * 100,000+ per target). A target may only return, fail with a documented error code, or (over
 * HTTP) answer a report or a documented 4xx.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startE2E, type E2E } from "../helpers/service.ts";
import { SEAL_TARGETS, pdfTargets, verifyApiTarget, type FuzzTarget } from "./targets.ts";

const CASES = process.env.CI ? 5000 : 2000;
const PDF_CASES = process.env.CI ? 3000 : 1500;
const HTTP_CASES = process.env.CI ? 1500 : 600;
const SEED = 20261122;

async function run(target: FuzzTarget<unknown>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(target.input, async (input) => {
      await target.run(input);
    }),
    { numRuns, seed: SEED },
  );
}

describe("seeded fuzzing", () => {
  for (const target of SEAL_TARGETS) {
    test(`${target.name}: never a crash, only documented error codes`, async () => {
      await run(target, CASES);
    });
  }

  test("PDF revision reader (mutated sealed PDFs, generated PDF syntax): never a crash, only documented error codes", async () => {
    for (const target of await pdfTargets()) await run(target, PDF_CASES);
  }, 120_000);

  describe("POST /api/v1/verify", () => {
    let e2e: E2E;
    beforeAll(async () => {
      e2e = await startE2E({ SCEAU_VERIFY_TIME_BUDGET_MS: "1500", SCEAU_LOG_LEVEL: "silent" });
    });
    afterAll(async () => {
      await e2e.close();
    });
    // Found by fuzzing: each was a 500, or took the whole process down.
    test("a body that does not match its Content-Encoding is 400 BAD_REQUEST, not 500", async () => {
      const res = await fetch(`${e2e.service.url}/api/v1/verify`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
        body: '{"qr":0}',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    });

    test("a multipart body that ends inside a file is 400 BAD_REQUEST, and the service lives on", async () => {
      for (const field of ["file", "other"]) {
        const res = await fetch(`${e2e.service.url}/api/v1/verify`, {
          method: "POST",
          headers: { "content-type": "multipart/form-data; boundary=XyZ" },
          body: `--XyZ\r\nContent-Disposition: form-data; name="${field}"; filename="a.pdf"\r\n\r\n%PDF-1.7 cut`,
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
      }
      expect((await fetch(`${e2e.service.url}/healthz`)).status).toBe(200);
    });

    test("generated and mutated requests: a report or a documented 4xx, never a 5xx", async () => {
      await run(await verifyApiTarget(e2e.service.url), HTTP_CASES);
    }, 180_000);
  });
});
