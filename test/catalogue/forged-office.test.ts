/**
 * The catalogue's attack on the office API (test/catalogue/catalogue.ts), end to end: every
 * office route without a token, with a forged one and with another office's, against a genuine
 * extract issued through the service. The test is named by its catalogue case.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeQrText } from "../../src/core/qr-text.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TOKENS } from "../helpers/offices.ts";
import { caseTitle } from "./catalogue.ts";
import {
  demo,
  other,
  startCatalogue,
  withProceedingsInput,
  type Catalogue,
  type Issued,
  type Json,
} from "./forgery.ts";

let w: Catalogue;
let withProceedings: Issued;

beforeAll(async () => {
  w = await startCatalogue();
  withProceedings = await w.issue(withProceedingsInput());
});
afterAll(async () => {
  await w.close();
});

describe("forged-document catalogue: the office API", () => {
  test(caseTitle("F10"), async () => {
    const target = withProceedings;
    const root = decodeQrText(target.qr).seal;
    const batchRoot = (
      (await (await fetch(`${w.base}/api/v1/extracts/${target.id}`, { headers: demo })).json()) as Json
    ).batch.root as string;
    expect(Buffer.from(root.rootHint).toString("hex")).toBe(batchRoot.slice(2, 10));
    const routes: [string, string, unknown?][] = [
      ["POST", "/api/v1/extracts", { ...clone(PERSON_EXTRACT), reference: "CAT-INTRUDER" }],
      ["GET", `/api/v1/extracts/${target.id}`],
      ["GET", `/api/v1/extracts/${target.id}/pdf`],
      ["GET", `/api/v1/extracts/${target.id}/qr`],
      ["POST", `/api/v1/extracts/${target.id}/revoke`, { reason: "issued-in-error" }],
      ["GET", `/api/v1/batches/${batchRoot}`],
      ["POST", `/api/v1/batches/${batchRoot}/revoke`, { reason: "court-order" }],
      ["GET", "/api/v1/extracts"],
    ];
    const call = async (
      method: string,
      path: string,
      body: unknown,
      headers: Record<string, string>,
    ): Promise<Response> =>
      fetch(`${w.base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    for (const [method, path, body] of routes) {
      for (const [headers, status, code] of [
        [{}, 401, "UNAUTHENTICATED"],
        [{ authorization: "Bearer forged-token-0123456789" }, 401, "UNAUTHENTICATED"],
        [{ authorization: TOKENS.demo }, 401, "UNAUTHENTICATED"],
      ] as const) {
        const res = await call(method, path, body, headers);
        expect(res.status, `${method} ${path}`).toBe(status);
        expect(((await res.json()) as Json).error.code).toBe(code);
      }
      if (path === "/api/v1/extracts") continue;
      const res = await call(method, path, body, other);
      expect(res.status, `${method} ${path} with another office's token`).toBe(403);
      expect(((await res.json()) as Json).error.code).toBe("FORBIDDEN");
    }
    const bulk = await fetch(`${w.base}/api/v1/bulk`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: JSON.stringify(PERSON_EXTRACT),
    });
    expect(bulk.status).toBe(401);
    // Another office's token cannot issue in this office's name, nor list its extracts.
    const posing = await call(
      "POST",
      "/api/v1/extracts",
      { ...clone(PERSON_EXTRACT), reference: "CAT-POSING" },
      other,
    );
    expect(posing.status).toBe(403);
    const listing = (await (
      await call("GET", "/api/v1/extracts?limit=200", undefined, other)
    ).json()) as Json;
    expect((listing.items as Json[]).map((i) => i.id as string)).not.toContain(target.id);
    // Nothing happened to the extract.
    expect((await w.verifyQr(target.qr)).report.verdict).toBe("valid");
  });
});
