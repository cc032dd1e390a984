/**
 * Bulk issuance from CSV and the ZIP of a job's PDFs, over HTTP on a local chain: a spreadsheet's
 * CSV (semicolons, BOM, CRLF) is issued with each failed line named by its row, reference and
 * debtor; a CSV that cannot be read is refused whole; the ZIP streams each ready extract's PDF,
 * each one valid, with a manifest, and only to the job's own office.
 */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CSV_TEMPLATE } from "../../src/core/bulk-csv.ts";
import { parseCsv } from "../../src/core/csv.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

let e2e: E2E;
let base: string;
const A = { authorization: `Bearer ${TOKENS.demo}` };
const B = { authorization: `Bearer ${TOKENS.other}` };

beforeAll(async () => {
  e2e = await startE2E({ SCEAU_OFFICES_FILE: writeOfficesFile(), SCEAU_PDF_THREADS: "1" });
  base = e2e.service.url;
});
afterAll(async () => {
  await e2e.close();
});

type Json = Record<string, any>;

async function postCsv(csv: string, headers = A): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}/api/v1/bulk`, {
    method: "POST",
    headers: { ...headers, "content-type": "text/csv" },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function finished(id: string): Promise<Json> {
  for (;;) {
    const job = (await fetch(`${base}/api/v1/bulk/${id}`, { headers: A }).then((r) => r.json())) as Json;
    if (job.state === "finished" && job.anchored >= job.accepted) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("bulk CSV and the ZIP of its PDFs", () => {
  let jobId = "";

  test("behavior: a spreadsheet's CSV is issued; a failed line is named by its row, reference and debtor", async () => {
    const bad = "HTTP-BAD;fr;person;Favre;Luc;31.02.1980;;;Rue Neuve;1;1003;Lausanne;CH;;;;;;;;;;;";
    const csv = `\uFEFF${CSV_TEMPLATE.replaceAll("BR-2026-00", "HTTP-2026-00")}${bad}\r\n`;
    const posted = await postCsv(csv);
    expect(posted.status).toBe(202);
    expect(posted.body.total).toBe(3);
    jobId = String(posted.body.id);
    const job = await finished(jobId);
    expect(job).toMatchObject({ accepted: 2, failed: 1 });
    const lines = (await fetch(`${base}/api/v1/bulk/${jobId}/lines?outcome=failed`, { headers: A }).then(
      (r) => r.json(),
    )) as Json;
    expect(lines.lines).toEqual([
      expect.objectContaining({
        line: 5,
        reference: "HTTP-BAD",
        debtorName: "Favre, Luc",
        error: expect.objectContaining({
          code: "VALIDATION_FAILED",
          issues: [expect.objectContaining({ path: "debtor.dateOfBirth", code: "date" })],
        }),
      }),
    ]);
  });

  test("error: a CSV that cannot be read is refused whole, naming what is wrong", async () => {
    const unknown = await postCsv(
      "reference;language;street;postal_code;town;country;postcode\r\nA;fr;S;2800;T;CH;1\r\n",
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("BAD_REQUEST");
    expect(unknown.body.error.message).toContain("postcode");
    const unclosed = await postCsv(
      'reference;language;street;postal_code;town;country\r\n"A;fr;S;2800;T;CH\r\n',
    );
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.details).toEqual({ line: 2 });
    const missing = await postCsv("reference;language\r\nA;fr\r\n");
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual({ missing: ["street", "postal_code", "town", "country"] });
  });

  test("behavior: the ZIP streams each ready extract's PDF, each valid, with a manifest in line order", async () => {
    const res = await fetch(`${base}/api/v1/bulk/${jobId}/pdfs.zip`, { headers: A });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("x-sceau-zip-parts")).toBe("1");
    // Streamed: no length known in advance.
    expect(res.headers.get("content-length")).toBeNull();
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const manifest = parseCsv(strFromU8(files["manifest.csv"] ?? new Uint8Array())).map((r) => r.cells);
    expect(manifest.map((r) => [r[0], r[1]])).toEqual([
      ["line", "reference"],
      ["2", "HTTP-2026-0042"],
      ["3", "HTTP-2026-0043"],
    ]);
    const pdfs = Object.keys(files).filter((f) => f.endsWith(".pdf"));
    expect(pdfs.sort()).toEqual(
      manifest
        .slice(1)
        .map((r) => r[3])
        .sort(),
    );
    for (const name of pdfs) {
      const report = (await fetch(`${base}/api/v1/verify`, {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: Buffer.from(files[name] ?? new Uint8Array()),
      }).then((r) => r.json())) as Json;
      expect(report.verdict, name).toBe("valid");
    }
  });

  test("auth: another office gets 403, a part past the last 404", async () => {
    expect((await fetch(`${base}/api/v1/bulk/${jobId}/pdfs.zip`, { headers: B })).status).toBe(403);
    expect((await fetch(`${base}/api/v1/bulk/${jobId}/pdfs.zip`)).status).toBe(401);
    const past = await fetch(`${base}/api/v1/bulk/${jobId}/pdfs.zip?part=2`, { headers: A });
    expect(past.status).toBe(404);
    expect(((await past.json()) as Json).error.message).toContain("parts 1 to 1");
  });

  test("error: a job with nothing ready has no ZIP yet (409)", async () => {
    const posted = await postCsv(
      "reference;language;street;postal_code;town;country\r\nNONE;xx;S;2800;T;CH\r\n",
    );
    expect(posted.status).toBe(202);
    await finished(String(posted.body.id));
    const res = await fetch(`${base}/api/v1/bulk/${String(posted.body.id)}/pdfs.zip`, { headers: A });
    expect(res.status).toBe(409);
  });
});
