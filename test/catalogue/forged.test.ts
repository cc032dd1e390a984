/**
 * The forged-document catalogue (test/catalogue/catalogue.ts), end to end: the whole service on a
 * local chain, genuine extracts issued through its API, each forgery made as an attacker would
 * and verified through POST /api/v1/verify (or sent where the attack goes: the office API, the
 * registry contract). Each test is named by its catalogue case and asserts the expected verdict.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HDNodeWallet, Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { ROLES, RegistryClient, addressBytes, deployRegistry } from "../../src/chain/registry.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { concatBytes, utf8 } from "../../src/core/bytes.ts";
import { isSceauError } from "../../src/core/errors.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { buildTree, getProof, leafHash, nodeHash, sealDigest } from "../../src/core/merkle.ts";
import { decodeQrText, parseDocumentId, sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody, type SealBody } from "../../src/core/seal.ts";
import { findRevision1 } from "../../src/pdf/integrity.ts";
import { readDict, readXrefChain, type PdfRef } from "../../src/pdf/parse.ts";
import { renderExtract } from "../../src/pdf/render.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { COMPANY_EXTRACT, PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TOKENS, writeOfficesFile } from "../helpers/offices.ts";
import { extractPhoto } from "../helpers/extract-photo.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { jpegPdfPolyglot, motionPhoto, pngPdfPolyglot } from "../helpers/polyglot.ts";
import sharp from "sharp";
import { startE2E, type E2E } from "../helpers/service.ts";
import { caseTitle } from "./catalogue.ts";

type Json = Record<string, any>;
const MNEMONIC = "test test test test test test test test test test test junk";
/** Hardhat's funded development account `i` (none but #0–#2 hold a role on the registry). */
const account = (i: number): HDNodeWallet =>
  HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);

interface Issued {
  readonly id: string;
  readonly pdf: Uint8Array;
  readonly qr: string;
  readonly revision1: Uint8Array;
}

let e2e: E2E;
let base: string;
const demo = { authorization: `Bearer ${TOKENS.demo}` };
const other = { authorization: `Bearer ${TOKENS.other}` };
const dir = mkdtempSync(join(tmpdir(), "sceau-catalogue-"));
/** A person with proceedings, a company without, another person; and a batch of four. */
let withProceedings: Issued;
let clean: Issued;
let otherPerson: Issued;
let batchOfFour: Issued[];

async function issue(body: Json): Promise<Issued> {
  const res = await fetch(`${base}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...demo, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const pdf = new Uint8Array(
    await (await fetch(`${base}/api/v1/extracts/${id}/pdf`, { headers: demo })).arrayBuffer(),
  );
  const { qr } = (await (await fetch(`${base}/api/v1/extracts/${id}/qr`, { headers: demo })).json()) as {
    qr: string;
  };
  const revision1 = findRevision1(pdf, decodeQrText(qr).seal.body.pdfDigest);
  if (!revision1) throw new Error("an issued PDF without its revision 1");
  return { id, pdf, qr, revision1 };
}

async function verify(
  body: Uint8Array | Buffer | string,
  type: string,
): Promise<{ status: number; report: Json }> {
  const res = await fetch(`${base}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: res.status, report: (await res.json()) as Json };
}
const verifyPdf = (pdf: Uint8Array): Promise<{ status: number; report: Json }> =>
  verify(pdf, "application/pdf");
const verifyQr = (qr: string): Promise<{ status: number; report: Json }> =>
  verify(JSON.stringify({ qr }), "application/json");
const verifyPhoto = async (qr: string): Promise<{ status: number; report: Json }> =>
  verify(await qrPhoto(qr, { rotate: 9, noise: 6, quality: 70, seed: 11 }), "image/jpeg");

const check = (report: Json, code: string): Json | undefined =>
  (report.checks as Json[]).find((c) => c.code === code);

function expectModified(
  report: Json,
  reason: "REVISION_NOT_FOUND" | "EXTRA_CHANGES" | "UNOFFICIAL_QR_TEXT",
): void {
  expect(report.verdict).toBe("modified");
  expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason });
  for (const c of (report.checks as Json[]).filter((c) => c.code !== "PDF_INTEGRITY")) {
    expect(c.status, c.code as string).toBe("valid");
  }
}

/**
 * The forger renders revision 1 again with the first amount changed to CHF 34.50 and re-applies
 * the genuine stamp.
 */
async function alteredAmount(from: Issued): Promise<Uint8Array> {
  const seal = decodeQrText(from.qr).seal.body;
  const altered = clone(PERSON_EXTRACT) as Json;
  altered.entries[0].amount = "34.50";
  const revision1 = await renderExtract({
    extract: validateExtract(altered, { today: "2026-12-31" }),
    office: {
      id: "demo",
      name: "Office des poursuites de démonstration",
      addressLines: [],
      canton: "JU",
      place: "",
    },
    documentId: parseDocumentId(from.id),
    issuedAt: seal.issuedAt,
    verifierUrl: e2e.service.config.publicUrl,
  });
  return stampSeal(revision1, from.qr);
}

/** The file as the multipart field `file`, named and typed as the page's file chooser sends it. */
async function verifyUpload(
  bytes: Uint8Array,
  name: string,
  type: string,
): Promise<{ status: number; report: Json }> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${base}/api/v1/verify`, { method: "POST", body: form });
  return { status: res.status, report: (await res.json()) as Json };
}

/** A seal body as a forger makes it: the genuine layout, the trusted registry, altered data. */
function forgedBody(from: Issued, salt: number, registry?: string): Uint8Array {
  const genuine = decodeQrText(from.qr).seal.body;
  const body: SealBody = {
    ...genuine,
    salt: new Uint8Array(16).fill(salt),
    summary: { entries: 0, openEntries: 0, openAmountCents: 0, lossCertificates: 0, lossAmountCents: 0 },
    ...(registry ? { registry: { chainId: 31337, address: addressBytes(registry) } } : {}),
  };
  return encodeSealBody(body);
}

function chain(): {
  provider: ReturnType<typeof createProvider>;
  registry: (signer: Wallet | HDNodeWallet) => RegistryClient;
} {
  const provider = createProvider(e2e.rpcUrl, 31337, { timeoutMs: 5000 });
  return {
    provider,
    registry: (signer) =>
      new RegistryClient(e2e.service.registryAddress, loadRegistryArtifact(), signer.connect(provider)),
  };
}

beforeAll(async () => {
  e2e = await startE2E({
    SCEAU_OFFICES_FILE: writeOfficesFile(),
    SCEAU_BATCH_MAX: "4",
    SCEAU_BATCH_WAIT_MS: "300",
  });
  base = e2e.service.url;
  const cleanCompany = {
    ...clone(COMPANY_EXTRACT),
    reference: "CAT-CLEAN",
    entries: [],
    lossCertificates: [],
  };
  const person2 = clone(PERSON_EXTRACT) as Json;
  person2.reference = "CAT-OTHER";
  person2.debtor.lastName = "Andermatt";
  person2.debtor.firstNames = "Regula";
  person2.debtor.dateOfBirth = "1990-01-02";
  [withProceedings, clean, otherPerson] = await Promise.all([
    issue({ ...clone(PERSON_EXTRACT), reference: "CAT-A" }),
    issue(cleanCompany),
    issue(person2),
  ]);
  // Four at once: one full batch, whose tree has inner nodes.
  batchOfFour = await Promise.all(
    [1, 2, 3, 4].map((i) => issue({ ...clone(PERSON_EXTRACT), reference: `CAT-BATCH-${i}` })),
  );
});
afterAll(async () => {
  await e2e.close();
});

describe("forged-document catalogue", () => {
  test(caseTitle("F01"), async () => {
    const forged = await alteredAmount(withProceedings);
    expect(pdftotext(forged)).toContain("CHF 34.50");
    const { status, report } = await verifyPdf(forged);
    expect(status).toBe(200);
    expectModified(report, "REVISION_NOT_FOUND");
    // What the verifier shows is the sealed statement: 2 open proceedings, CHF 3,334.50.
    expect(report.keyData.summary).toMatchObject({ openEntries: 2, openAmount: "3334.50" });
  });

  test(caseTitle("F02"), async () => {
    const pasted = await stampSeal(withProceedings.revision1, clean.qr);
    const asPdf = await verifyPdf(pasted);
    expectModified(asPdf.report, "REVISION_NOT_FOUND");
    expect(asPdf.report.keyData.debtor).toMatchObject({ type: "company", name: "Müller & Söhne AG" });
    // A photo of the paper proves only the QR's own data: valid, but for the company, with no
    // proceedings, where the paper shows a person with three.
    const photo = await verifyPhoto(clean.qr);
    expect(photo.report.verdict).toBe("valid");
    expect(photo.report.keyData.debtor).toMatchObject({ type: "company", name: "Müller & Söhne AG" });
    expect(photo.report.keyData.summary.entries).toBe(0);
  });

  test(caseTitle("F03"), async () => {
    const { provider } = chain();
    try {
      const attacker = account(8).connect(provider);
      const { address } = await deployRegistry(loadRegistryArtifact(), attacker, attacker.address);
      const theirs = new RegistryClient(address, loadRegistryArtifact(), attacker);
      await theirs.grantRole(ROLES.issuer, attacker.address);
      const body = forgedBody(withProceedings, 3, address);
      await theirs.anchorRoots([leafHash(body)]);
      const { report } = await verifyQr(
        sealToQrText(encodeSealWithBody(body, leafHash(body), []), "http://x"),
      );
      expect(report.verdict).toBe("invalid");
      expect(check(report, "REGISTRY_TRUSTED")).toMatchObject({
        status: "invalid",
        reason: "UNKNOWN_REGISTRY",
      });
      expect(report.issuer).toBeNull();
    } finally {
      provider.destroy();
    }
  });

  test(caseTitle("F04"), async () => {
    const bodies = [1, 2, 3, 4, 5].map((i) => forgedBody(withProceedings, 40 + i));
    const tree = buildTree(bodies.map((b) => leafHash(b)));
    const qr = sealToQrText(encodeSealWithBody(bodies[2]!, tree.root, getProof(tree, 2)), "http://x");
    const { report } = await verifyQr(qr);
    expect(report.verdict).toBe("invalid");
    expect(check(report, "MERKLE_PROOF")?.status).toBe("valid");
    expect(check(report, "ROOT_ANCHORED")).toMatchObject({ status: "invalid", reason: "NOT_ANCHORED" });
  });

  test(caseTitle("F05"), async () => {
    const seals = batchOfFour.map((x) => decodeQrText(x.qr));
    const roots = new Set(seals.map((s) => Buffer.from(s.seal.rootHint).toString("hex")));
    expect(roots.size, "the four extracts share one batch").toBe(1);
    const [a] = seals as [(typeof seals)[0]];
    expect(a.seal.proof.length).toBe(2);
    const leafA = leafHash(a.bodyBytes);
    const sibling = a.seal.proof[0] as Uint8Array;
    // The sibling is another genuine extract's leaf: their parent is an inner node of the tree.
    expect(seals.some((s) => Buffer.from(leafHash(s.bodyBytes)).equals(Buffer.from(sibling)))).toBe(true);
    const inner = nodeHash(leafA, sibling);
    const upper = a.seal.proof[1] as Uint8Array;
    const root = nodeHash(inner, upper);
    expect(Buffer.from(root.subarray(0, 4)).equals(Buffer.from(a.seal.rootHint))).toBe(true);
    // The node's 64-byte preimage (its sorted children) as the seal, the genuine rest of the proof.
    const preimage =
      Buffer.compare(Buffer.from(leafA), Buffer.from(sibling)) <= 0
        ? concatBytes(leafA, sibling)
        : concatBytes(sibling, leafA);
    const { report } = await verifyQr(sealToQrText(encodeSealWithBody(preimage, root, [upper]), "http://x"));
    expect(report.verdict).toBe("invalid");
    expect(check(report, "SEAL_FORMAT")?.status).toBe("invalid");
    // On chain too: the registry hashes whatever digest it is given into a leaf first.
    const { provider } = chain();
    try {
      const registry = new RegistryClient(e2e.service.registryAddress, loadRegistryArtifact(), provider);
      expect(await registry.verify(root, inner, [upper])).toBe(false);
      expect(await registry.verify(root, sealDigest(a.bodyBytes), a.seal.proof)).toBe(true);
    } finally {
      provider.destroy();
    }
  });

  test(caseTitle("F06"), async () => {
    const victim = batchOfFour[3]!;
    const res = await fetch(`${base}/api/v1/extracts/${victim.id}/revoke`, {
      method: "POST",
      headers: { ...demo, "content-type": "application/json" },
      body: JSON.stringify({ reason: "issued-in-error" }),
    });
    expect(res.status).toBe(200);
    for (const { report } of [await verifyPdf(victim.pdf), await verifyQr(victim.qr)]) {
      expect(report.verdict).toBe("revoked");
      expect(check(report, "LEAF_NOT_REVOKED")).toMatchObject({
        status: "invalid",
        reason: "ISSUED_IN_ERROR",
      });
      expect(report.revocation).toMatchObject({ scope: "extract", reason: "issued-in-error" });
      expect(Date.parse(report.revocation.revokedAt as string)).toBeGreaterThan(0);
    }
  });

  test(caseTitle("F07"), async () => {
    const { provider, registry } = chain();
    try {
      const admin = registry(new Wallet(DEV_KEYS.admin));
      const stolen = account(5);
      const rotated = account(6);
      for (const a of [stolen, rotated]) await admin.grantRole(ROLES.issuer, a.address);
      const bodyStolen = forgedBody(withProceedings, 70);
      const bodyRotated = forgedBody(withProceedings, 71);
      await registry(stolen).anchorRoots([leafHash(bodyStolen)]);
      await registry(rotated).anchorRoots([leafHash(bodyRotated)]);
      // The stolen key's role is withdrawn; the other issuer is retired (a key rotation).
      await admin.revokeRole(ROLES.issuer, stolen.address);
      await admin.retireIssuer(rotated.address);
      const qrOf = (body: Uint8Array): string =>
        sealToQrText(encodeSealWithBody(body, leafHash(body), []), "http://x");
      const { report } = await verifyQr(qrOf(bodyStolen));
      expect(report.verdict).toBe("invalid");
      expect(check(report, "ROOT_ANCHORED")?.status).toBe("valid");
      expect(check(report, "ISSUER_AUTHORISED")).toMatchObject({
        status: "invalid",
        reason: "ISSUER_NOT_AUTHORISED",
      });
      expect((await verifyQr(qrOf(bodyRotated))).report.verdict).toBe("valid");
    } finally {
      provider.destroy();
    }
  });

  test(caseTitle("F08"), async () => {
    // Regula Andermatt's PDF carrying Łukasz Dvořák-Ørsted's genuine QR.
    const replayed = await stampSeal(otherPerson.revision1, withProceedings.qr);
    expect(pdftotext(replayed)).toContain("Andermatt");
    const asPdf = await verifyPdf(replayed);
    expectModified(asPdf.report, "REVISION_NOT_FOUND");
    expect(asPdf.report.keyData.debtor).toMatchObject({
      lastName: "Dvořák-Ørsted",
      dateOfBirth: "1985-03-14",
    });
    const photo = await verifyPhoto(withProceedings.qr);
    expect(photo.report.verdict).toBe("valid");
    expect(photo.report.keyData.debtor.lastName).not.toBe("Andermatt");
  });

  test(caseTitle("F09"), async () => {
    const withScript = appendCatalogUpdate(withProceedings.pdf, (size) => ({
      extra: "/OpenAction << /S /JavaScript /JS (app.alert\\('Valid'\\);) >>",
      objects: [],
      size,
    }));
    const withFile = appendCatalogUpdate(withProceedings.pdf, (size) => {
      const payload = "MZ this could be anything";
      return {
        extra: `/Names << /EmbeddedFiles << /Names [(statement.pdf.exe) ${size} 0 R] >> >>`,
        objects: [
          `<< /Type /Filespec /F (statement.pdf.exe) /EF << /F ${size + 1} 0 R >> >>`,
          `<< /Type /EmbeddedFile /Length ${payload.length} >>\nstream\n${payload}\nendstream`,
        ],
        size: size + 2,
      };
    });
    // Both are well-formed PDFs that really carry what they claim.
    const script = writeTemp(withScript);
    const attached = writeTemp(withFile);
    execFileSync("qpdf", ["--check", script]);
    expect(execFileSync("qpdf", ["--json=1", "--json-key=objects", script], { encoding: "utf8" })).toContain(
      "app.alert",
    );
    expect(execFileSync("qpdf", ["--list-attachments", attached], { encoding: "utf8" })).toContain(
      "statement.pdf.exe",
    );
    for (const pdf of [withScript, withFile]) {
      const { status, report } = await verifyPdf(pdf);
      expect(status).toBe(200);
      expectModified(report, "EXTRA_CHANGES");
    }
  });

  test(caseTitle("F10"), async () => {
    const target = withProceedings;
    const root = decodeQrText(target.qr).seal;
    const batchRoot = (
      (await (await fetch(`${base}/api/v1/extracts/${target.id}`, { headers: demo })).json()) as Json
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
      fetch(`${base}${path}`, {
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
    const bulk = await fetch(`${base}/api/v1/bulk`, {
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
    expect((await verifyQr(target.qr)).report.verdict).toBe("valid");
  });

  test(caseTitle("F11"), async () => {
    const { provider, registry } = chain();
    try {
      const stranger = account(7);
      const body = forgedBody(withProceedings, 90);
      let error: unknown = null;
      try {
        await registry(stranger).anchorRoots([leafHash(body)]);
      } catch (e) {
        error = e;
      }
      expect(isSceauError(error, "CHAIN_REVERTED")).toBe(true);
      expect((error as { details: { error: string } }).details.error).toBe(
        "AccessControlUnauthorizedAccount",
      );
      const { report } = await verifyQr(
        sealToQrText(encodeSealWithBody(body, leafHash(body), []), "http://x"),
      );
      expect(report.verdict).toBe("invalid");
      expect(check(report, "ROOT_ANCHORED")).toMatchObject({ status: "invalid", reason: "NOT_ANCHORED" });
    } finally {
      provider.destroy();
    }
  });

  test(caseTitle("F12"), async () => {
    // A genuine photo of page 1 (its QR verifies as a photo), and the forged PDF of F01.
    const jpeg = await extractPhoto(withProceedings.pdf, { width: 1200, height: 900, rotate: 2 });
    const png = await sharp(jpeg).png().toBuffer();
    const forged = await alteredAmount(withProceedings);
    const polyglots = [
      { name: "JPEG", file: jpegPdfPolyglot(jpeg, forged), type: "image/jpeg", photoName: "photo.jpg" },
      { name: "PNG", file: pngPdfPolyglot(png, forged), type: "image/png", photoName: "photo.png" },
    ];
    for (const p of polyglots) {
      // Both things at once: an image decoder shows the genuine page, a PDF reader the forgery.
      expect((await sharp(p.file).metadata()).format, p.name).toBe(p.name.toLowerCase());
      expect(pdftotext(p.file), p.name).toContain("CHF 34.50");
      for (const { status, report } of [
        await verify(p.file, p.type),
        await verify(p.file, "application/pdf"),
        await verifyUpload(p.file, p.photoName, p.type),
        await verifyUpload(p.file, "extract.pdf", "application/pdf"),
      ]) {
        expect(status, p.name).toBe(200);
        expect(report.verdict, p.name).toBe("modified");
        expect(report.source, p.name).toBe("pdf");
        expect(check(report, "PDF_INTEGRITY"), p.name).toMatchObject({
          status: "invalid",
          reason: "REVISION_NOT_FOUND",
        });
      }
    }
    // The genuine picture alone is a valid photo; sent as a PDF, or with a PDF after it beyond
    // the first 1,024 bytes, it is not.
    expect((await verify(jpeg, "image/jpeg")).report.verdict).toBe("valid");
    for (const { report } of [
      await verifyUpload(jpeg, "extract.pdf", "application/pdf"),
      await verifyUpload(jpeg, "extract.pdf", "application/octet-stream"),
      await verify(Buffer.concat([jpeg, forged]), "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("modified");
      expect(report.source).toBe("image");
      expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason: "IMAGE_AS_PDF" });
    }
    // A phone's motion photo (the video after the picture) is still a photo.
    const motion = motionPhoto(jpeg);
    for (const { report } of [
      await verify(motion, "image/jpeg"),
      await verifyUpload(motion, "PXL_20261122_MP.jpg", "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("valid");
      expect(report.source).toBe("image");
      expect(check(report, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "IMAGE" });
    }
  });

  test(caseTitle("F13"), async () => {
    const { qr, revision1 } = withProceedings;
    const hash = qr.indexOf("#");
    const seal = qr.slice(hash + 1);
    const official = qr.slice(0, hash);
    const foreign = `https://other-host.example/v#${seal}`;
    // The genuine file is exactly revision 1 stamped with the official text.
    expect(Buffer.from(await stampSeal(revision1, qr)).equals(Buffer.from(withProceedings.pdf))).toBe(true);
    for (const text of [foreign, seal, ` ${qr} `]) {
      const { status, report } = await verifyPdf(await stampSeal(revision1, text));
      expect(status).toBe(200);
      expectModified(report, "UNOFFICIAL_QR_TEXT");
    }
    const restamped = await verifyPdf(await stampSeal(revision1, foreign));
    expect(restamped.report.warnings).toEqual(["unofficial-address"]);
    // The QR text and a photo of the re-stamped paper: the seal is genuine, the address is not.
    for (const { report } of [
      await verifyQr(foreign),
      await verify(await qrPhoto(foreign, { rotate: 9, noise: 6, quality: 70, seed: 11 }), "image/jpeg"),
    ]) {
      expect(report.verdict).toBe("valid");
      expect(report.warnings).toEqual(["unofficial-address"]);
      expect(report.warningParams).toEqual({
        address: "https://other-host.example/v",
        officialAddress: official,
      });
    }
    expect((await verifyQr(qr)).report.warnings).toEqual([]);
  });

  test(caseTitle("F14"), async () => {
    const name = "Meier\u202egnilbbuR";
    // Through the office API: refused at the field, with the character named.
    const input = { ...clone(PERSON_EXTRACT), reference: "CAT-BIDI" } as Json;
    input.debtor.lastName = name;
    const res = await fetch(`${base}/api/v1/extracts?wait=true`, {
      method: "POST",
      headers: { ...demo, "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as Json;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.issues).toEqual([
      { path: "debtor.lastName", message: expect.stringContaining("U+202E") as string },
    ]);

    // A seal crafted with it, bypassing intake and the encoder (which refuses it too): the
    // genuine layout with a placeholder of the same length, patched with the override's bytes.
    const genuine = decodeQrText(withProceedings.qr).seal.body;
    const placeholder = "Meier~~~gnilbbuR";
    const template = encodeSealBody({
      ...genuine,
      salt: new Uint8Array(16).fill(0x7b),
      debtor: { type: "person", lastName: placeholder, firstNames: "Hans", dateOfBirth: "1970-01-01" },
    });
    const body = Buffer.from(template);
    const at = body.indexOf(Buffer.from(placeholder));
    Buffer.from(name).copy(body, at);
    expect(body.includes(Buffer.from(name))).toBe(true);
    const leaf = leafHash(body);
    // Anchored in the trusted registry by an account holding its issuer role (a batch of one);
    // not the service's own key, whose nonces the service manages.
    const { provider, registry } = chain();
    try {
      const issuer = account(11);
      await registry(new Wallet(DEV_KEYS.admin)).grantRole(ROLES.issuer, issuer.address);
      await registry(issuer).anchorRoots([leaf]);
    } finally {
      provider.destroy();
    }
    const qr = sealToQrText(encodeSealWithBody(body, leaf, []), e2e.service.config.publicUrl);
    const asPdf = await stampSeal(withProceedings.revision1, qr);
    for (const { status, report } of [await verifyQr(qr), await verifyPdf(asPdf)]) {
      expect(status).toBe(200);
      expect(report.verdict).toBe("invalid");
      expect(check(report, "SEAL_FORMAT")).toMatchObject({ status: "invalid", reason: "SEAL_FIELD_INVALID" });
      expect(report.keyData).toBeNull();
      expect(JSON.stringify(report)).not.toContain("gnilbbuR");
    }
  });
});

function writeTemp(pdf: Uint8Array): string {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

function pdftotext(pdf: Uint8Array): string {
  return execFileSync("pdftotext", [writeTemp(pdf), "-"], { encoding: "utf8" });
}

/**
 * Appends an incremental update that rewrites the catalog with `extra` entries and adds
 * `objects` (numbered from the old /Size), as a PDF editor would.
 */
function appendCatalogUpdate(
  pdf: Uint8Array,
  make: (size: number) => { extra: string; objects: readonly string[]; size: number },
): Uint8Array {
  const sections = readXrefChain(pdf);
  const latest = sections[0];
  if (!latest) throw new Error("no xref");
  const trailer = latest.trailer.value;
  const size = trailer.get("Size") as number;
  const rootRef = trailer.get("Root") as PdfRef;
  const catalog = readDict(pdf, sections, rootRef);
  const pages = catalog.get("Pages") as PdfRef;
  const { extra, objects, size: newSize } = make(size);
  const parts: { num: number; text: string }[] = [
    { num: rootRef.num, text: `<< /Type /Catalog /Pages ${pages.num} ${pages.gen} R ${extra} >>` },
    ...objects.map((text, i) => ({ num: size + i, text })),
  ];
  let at = pdf.length;
  let body = "";
  const offsets: { num: number; at: number }[] = [];
  for (const p of parts) {
    const obj = `${p.num} 0 obj\n${p.text}\nendobj\n`;
    offsets.push({ num: p.num, at });
    body += obj;
    at += Buffer.byteLength(obj, "latin1");
  }
  const xref =
    `xref\n${offsets.map((o) => `${o.num} 1\n${String(o.at).padStart(10, "0")} 00000 n\r\n`).join("")}` +
    `trailer\n<< /Size ${newSize} /Root ${rootRef.num} ${rootRef.gen} R /Prev ${latest.at} >>\n` +
    `startxref\n${at}\n%%EOF\n`;
  return concatBytes(pdf, utf8(body), utf8(xref));
}
