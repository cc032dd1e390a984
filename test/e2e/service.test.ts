import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getAddress, Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { ROLES, RegistryClient, addressBytes, deployRegistry } from "../../src/chain/registry.ts";

import { leafHash } from "../../src/core/merkle.ts";
import { decodeQrText, sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import { verifyQrText } from "../helpers/verify.ts";

let e2e: E2E;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  // A page without a QR code is searched until the decoding budget ends; these tests assert what
  // is answered, not how fast (test/verifier/pdf-raster.test.ts holds the budget itself), so a
  // loaded machine must not turn QR_NOT_FOUND into TIME_BUDGET_EXCEEDED.
  e2e = await startE2E({ SCEAU_VERIFY_TIME_BUDGET_MS: "30000" });
  base = e2e.service.url;
  auth = { authorization: `Bearer ${e2e.token}` };
});
afterAll(async () => {
  await e2e.close();
});

async function issue(body: unknown, wait = true): Promise<Response> {
  return fetch(`${base}/api/v1/extracts${wait ? "?wait=true" : ""}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function verifyPdf(pdf: Uint8Array): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${base}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/pdf" },
    body: Buffer.from(pdf),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function verifyQr(qr: string): Promise<{ status: number; body: Record<string, any> }> {
  return verifyQrText(base, qr);
}

describe("end to end on a local chain", () => {
  let id: string;
  let pdf: Uint8Array;

  test("an office issues an extract and gets it back anchored", async () => {
    const res = await issue(PERSON_EXTRACT);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; state: string; batch: { txHash: string } };
    expect(body.state).toBe("final");
    expect(body.batch.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    id = body.id;
  });

  test("the same office and reference return the first extract, not a second one", async () => {
    const res = await issue(PERSON_EXTRACT);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(id);
  });

  test("the sealed PDF verifies as valid, with its key data", async () => {
    const res = await fetch(`${base}/api/v1/extracts/${id}/pdf`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    pdf = new Uint8Array(await res.arrayBuffer());
    const { status, body } = await verifyPdf(pdf);
    expect(status).toBe(200);
    expect(body.verdict).toBe("valid");
    expect(body.checks.every((c: { status: string }) => c.status === "valid")).toBe(true);
    expect(body.keyData.debtor).toEqual({
      type: "person",
      lastName: "Dvořák-Ørsted",
      firstNames: "Łukasz Ðurić",
      dateOfBirth: "1985-03-14",
    });
    expect(body.keyData.summary).toEqual({
      entries: 3,
      openEntries: 2,
      openAmount: "3334.50",
      lossCertificates: 1,
      lossAmount: "500.00",
    });
    expect(body.document.id).toBe(id);
    // The office that anchored it, as the trust list names it (docs/verdict.md), not the registry.
    expect(body.issuer.name).toBe("Debt Collection Office of Delémont");
    expect(body.issuer.office).toMatchObject({ id: "demo", canton: "JU", cantonName: "Canton of Jura" });
  });

  test("a PDF with one byte flipped after issuance is not valid", async () => {
    const copy = pdf.slice();
    const at = Math.floor(copy.length / 3);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    const { body } = await verifyPdf(copy);
    expect(body.verdict).toBe("modified");
    expect(body.checks.find((c: { code: string }) => c.code === "PDF_INTEGRITY").status).toBe("invalid");
  });

  test("the QR text alone verifies as valid, with the PDF check skipped", async () => {
    const text = await qrTextOf(pdf);
    const { body } = await verifyQr(text);
    expect(body.verdict).toBe("valid");
    expect(body.checks.find((c: { code: string }) => c.code === "PDF_INTEGRITY").status).toBe("skipped");
  });

  test("altered key data in the QR fail the proof: invalid", async () => {
    const decoded = decodeQrText(await qrTextOf(pdf));
    const body = decoded.seal.body;
    const forged = encodeSealWithBody(
      encodeSealBody({ ...body, summary: { ...body.summary, openEntries: 0, openAmountCents: 0 } }),
      decoded.seal.rootHint,
      decoded.seal.proof,
    );
    const { body: report } = await verifyQr(sealToQrText(forged, "http://x"));
    expect(report.verdict).toBe("invalid");
    expect(report.checks.find((c: { code: string }) => c.code === "MERKLE_PROOF").reason).toBe(
      "ROOT_MISMATCH",
    );
  });

  test("a seal anchored in a registry outside the trust list is invalid", async () => {
    // An attacker deploys their own registry on the same chain and anchors a seal naming it.
    const provider = createProvider(e2e.rpcUrl, 31337, { timeoutMs: 5000 });
    const attacker = new Wallet(
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      provider,
    );
    const { address } = await deployRegistry(loadRegistryArtifact(), attacker, attacker.address);
    const theirs = new RegistryClient(address, loadRegistryArtifact(), attacker);
    await theirs.grantRole(ROLES.issuer, attacker.address);
    const genuine = decodeQrText(await qrTextOf(pdf)).seal.body;
    const body = encodeSealBody({ ...genuine, registry: { chainId: 31337, address: addressBytes(address) } });
    const root = leafHash(body);
    await theirs.anchorRoots([root]);
    provider.destroy();
    const { body: report } = await verifyQr(sealToQrText(encodeSealWithBody(body, root, []), "http://x"));
    expect(report.verdict).toBe("invalid");
    const check = report.checks.find((c: { code: string }) => c.code === "REGISTRY_TRUSTED");
    expect(check).toMatchObject({ status: "invalid", reason: "UNKNOWN_REGISTRY" });
    expect(report.issuer).toBeNull();
    expect(getAddress(address)).not.toBe(e2e.service.registryAddress);
  });

  test("a seal whose root was never anchored is invalid", async () => {
    const genuine = decodeQrText(await qrTextOf(pdf)).seal.body;
    const body = encodeSealBody({ ...genuine, salt: new Uint8Array(16).fill(1) });
    const { body: report } = await verifyQr(
      sealToQrText(encodeSealWithBody(body, leafHash(body), []), "http://x"),
    );
    expect(report.verdict).toBe("invalid");
    expect(report.checks.find((c: { code: string }) => c.code === "ROOT_ANCHORED").reason).toBe(
      "NOT_ANCHORED",
    );
  });

  test("with the chain stopped, verification is unavailable with HTTP 503, never invalid", async () => {
    const text = await qrTextOf(pdf);
    await e2e.stopChain();
    const { status, body } = await verifyQr(text);
    expect(status).toBe(503);
    expect(body.verdict).toBe("unavailable");
    const chainChecks = body.checks.filter((c: { code: string }) =>
      ["ROOT_ANCHORED", "ISSUER_AUTHORISED", "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"].includes(c.code),
    );
    expect(chainChecks.map((c: { status: string }) => c.status)).toEqual([
      "error",
      "error",
      "error",
      "error",
    ]);
    const pdfReport = await verifyPdf(pdf);
    expect(pdfReport.status).toBe(503);
    expect(pdfReport.body.verdict).toBe("unavailable");
  });
});

describe("API errors", () => {
  test("issuing without a token is 401, with a wrong token 401", async () => {
    const none = await fetch(`${base}/api/v1/extracts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const wrong = await fetch(`${base}/api/v1/extracts`, {
      method: "POST",
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
      body: "{}",
    });
    expect(wrong.status).toBe(401);
  });

  test("an invalid extract is 400 with every bad field's path", async () => {
    const bad = clone(PERSON_EXTRACT) as unknown as Record<string, any>;
    bad.debtor.dateOfBirth = "31.02.1985";
    bad.entries[0].amount = "-5";
    const res = await issue(bad, false);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details.issues.map((i) => i.path).sort()).toEqual([
      "debtor.dateOfBirth",
      "entries[0].amount",
    ]);
  });

  test("an extract naming an office this service does not know is 400 at path office", async () => {
    const res = await issue({ ...clone(PERSON_EXTRACT), office: "other", reference: "x" }, false);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { issues: { path: string }[] } } };
    expect(body.error.details.issues.map((i) => i.path)).toEqual(["office"]);
  });

  test("verify rejects an unsupported type with 415 and malformed JSON with 400", async () => {
    const r1 = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(r1.status).toBe(415);
    const r2 = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });

  test("a PDF without a QR code is 422 QR_NOT_FOUND", async () => {
    const { PDFDocument } = await import("pdf-lib");
    const doc = await PDFDocument.create();
    doc.addPage();
    const res = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: Buffer.from(await doc.save()),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("QR_NOT_FOUND");
  });

  test("garbage declared as PDF is 422 PDF_UNREADABLE", async () => {
    const res = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: "%PDF-1.7 garbage",
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PDF_UNREADABLE");
  });
});

async function qrTextOf(pdf: Uint8Array): Promise<string> {
  const { findQrByRendering } = await import("../helpers/pdf-qr.ts");
  const [text] = await findQrByRendering(pdf, { dpi: 150, maxPages: 1, maxPixels: 50_000_000 });
  if (!text) throw new Error("no QR in the issued PDF");
  return text;
}
