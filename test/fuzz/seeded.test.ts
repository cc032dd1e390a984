/**
 * The seeded fuzz run of the test command: a few thousand generated and mutated inputs per
 * in-process target and a few hundred requests to POST /api/v1/verify (scripts/fuzz.ts runs
 * 100,000+ per target). A target may only return, fail with a documented error code, or (over
 * HTTP) answer a report or a documented 4xx.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startE2E, type E2E } from "../helpers/service.ts";
import { SceauError } from "../../src/core/errors.ts";
import {
  SEAL_TARGETS,
  UndocumentedError,
  VERIFY_API_CODES,
  checkVerifyAnswer,
  expectCodes,
  pdfTargets,
  verifyApiTarget,
  type FuzzTarget,
} from "./targets.ts";

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

/**
 * Some input the target answers with an error code (not "ok"), and that code: the first found
 * among a few hundred seeded samples.
 */
async function failingCase(target: FuzzTarget<unknown>): Promise<{ input: unknown; code: string }> {
  for (const input of fc.sample(target.input, { numRuns: 500, seed: SEED })) {
    const code = await target.run(input);
    if (code !== "ok") return { input, code };
  }
  throw new Error(`${target.name}: no sample gave an error code`);
}

describe("the fuzz targets' checks can fail", () => {
  test("every target lists its codes, and never INTERNAL nor a 5xx code", async () => {
    for (const target of [...SEAL_TARGETS, ...(await pdfTargets())]) {
      expect(target.codes.length, target.name).toBeGreaterThan(0);
      expect(target.codes, target.name).not.toContain("INTERNAL");
    }
    expect(VERIFY_API_CODES).not.toContain("VERIFY_BUSY");
  });

  test("a code outside a target's list fails the target (the same input passes with the code listed)", async () => {
    for (const target of [...SEAL_TARGETS, ...(await pdfTargets())]) {
      const { input, code } = await failingCase(target);
      const without = target.codes.filter((c) => c !== code);
      expect(() => target.run(input, without), target.name).toThrow(UndocumentedError);
    }
  }, 60_000);

  test("an error that is no SceauError fails, and so does a SceauError with an unlisted code", () => {
    expect(() =>
      expectCodes(["SEAL_EMPTY"], () => {
        throw new TypeError("x is undefined");
      }),
    ).toThrow(TypeError);
    expect(() =>
      expectCodes(["SEAL_EMPTY"], () => {
        throw new SceauError("INTERNAL", "oops");
      }),
    ).toThrow(UndocumentedError);
    expect(expectCodes(["SEAL_EMPTY"], () => undefined)).toBe("ok");
  });

  test("an HTTP answer fails the verify target when its code is unlisted, at another status, a 5xx, or no report", () => {
    const error = (code: string): string => JSON.stringify({ error: { code, message: "m" } });
    expect(checkVerifyAnswer(VERIFY_API_CODES, 422, error("QR_NOT_FOUND"))).toBe("QR_NOT_FOUND");
    expect(checkVerifyAnswer(VERIFY_API_CODES, 200, JSON.stringify({ verdict: "valid" }))).toBe("ok");
    for (const [status, body] of [
      [503, error("VERIFY_BUSY")],
      [400, error("VALIDATION_FAILED")],
      [400, error("QR_NOT_FOUND")],
      [500, error("INTERNAL")],
      [401, error("UNAUTHENTICATED")],
      [200, JSON.stringify({ verdict: "maybe" })],
      [200, "<html>"],
    ] as const) {
      expect(() => checkVerifyAnswer(VERIFY_API_CODES, status, body), `${status} ${body}`).toThrow(
        UndocumentedError,
      );
    }
  });
});

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

    test("the verify target fails on a live answer whose code it does not list", async () => {
      const target = await verifyApiTarget(e2e.service.url);
      const broken = {
        contentType: "application/json",
        contentEncoding: null,
        query: "",
        body: new TextEncoder().encode("{"),
      };
      expect(await target.run(broken)).toBe("BAD_REQUEST");
      await expect(
        target.run(
          broken,
          target.codes.filter((c) => c !== "BAD_REQUEST"),
        ),
      ).rejects.toThrow(UndocumentedError);
    });

    test("generated and mutated requests: a report or a documented 4xx, never a 5xx", async () => {
      await run(await verifyApiTarget(e2e.service.url), HTTP_CASES);
    }, 180_000);
  });
});
