/**
 * Each check's failure leads to the verdict README "How verification works" documents, with the
 * chain replaced by a scripted registry reader (no node needed): the verifier's own logic, end to
 * end from QR text or PDF bytes to the report, in every language.
 */
import { describe, expect, test } from "vitest";
import { getAddress } from "ethers";
import { toHex } from "../../src/core/bytes.ts";
import { SceauError } from "../../src/core/errors.ts";
import { LANGUAGES } from "../../src/core/extract.ts";
import { buildTree, getProof, leafHash } from "../../src/core/merkle.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import { encodeSealBody, encodeSealWithBody, type SealBody } from "../../src/core/seal.ts";
import type { ChainLocation } from "../../src/core/chain.ts";
import type { ChainStatus } from "../../src/core/chain.ts";
import type { DocumentReader, TrustedRegistry } from "../../src/verifier/ports.ts";
import type { VerificationReport } from "../../src/core/report.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { QrLocator } from "../../src/documents/locator.ts";
import { sha256 } from "../../src/core/hash.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { PERSON_SEAL } from "../vectors/seal-v1.ts";
import { STAMP_V1_REVISION1 } from "../vectors/stamp-v1.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 0); // the vector's issue time
const registryAddress = getAddress(toHex(PERSON_SEAL.body.registry.address));

/** A batch of three with our seal first, so the proof has real levels. */
function issue(body: SealBody = PERSON_SEAL.body): { text: string; root: Uint8Array; leaf: Uint8Array } {
  const bytes = encodeSealBody(body);
  const leaves = [leafHash(bytes), new Uint8Array(32).fill(7), new Uint8Array(32).fill(9)];
  const tree = buildTree(leaves);
  const proof = getProof(tree, 0);
  return {
    text: sealToQrText(encodeSealWithBody(bytes, tree.root, proof), "https://verify.example"),
    root: tree.root,
    leaf: leaves[0] as Uint8Array,
  };
}

const anchored: ChainStatus = {
  issuer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  anchoredAt: NOW / 1000 - 3600,
  rootRevokedAt: 0,
  rootRevocationReason: 0,
  leafRevokedAt: 0,
  leafRevocationReason: 0,
  issuerAuthorised: true,
  blockNumber: 12,
};

function verifier(
  status: ChainStatus | Error,
  options: {
    event?: ChainLocation | null;
    minConfirmations?: number;
    maxAgeDays?: number;
    now?: number;
    documents?: DocumentReader;
  } = {},
): Verifier {
  const registry: TrustedRegistry = {
    chainId: PERSON_SEAL.body.registry.chainId,
    address: registryAddress,
    name: "Office des poursuites du Jura (test)",
    verifyUrl: "https://verify.example",
    reader: {
      sealStatus: () => (status instanceof Error ? Promise.reject(status) : Promise.resolve(status)),
      revokedLeaves: () => (status instanceof Error ? Promise.reject(status) : Promise.resolve([])),
      anchorEvent: () =>
        Promise.resolve(options.event === undefined ? { blockNumber: 10, txHash: "0xabc" } : options.event),
    },
  };
  return new Verifier({
    trustList: [registry],
    now: () => options.now ?? NOW,
    maxAgeDays: options.maxAgeDays ?? 90,
    minConfirmations: options.minConfirmations ?? 1,
    documents:
      options.documents ?? new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 2000 }),
  });
}

const check = (r: VerificationReport, code: string) => r.checks.find((c) => c.code === code);

describe("verdicts from the checks", () => {
  test("a genuine, anchored, unrevoked seal read as text is valid, with every check reported", async () => {
    const { text } = issue();
    const r = await verifier(anchored).verifyText(text);
    expect(r.verdict).toBe("valid");
    expect(r.warnings).toEqual([]);
    expect(r.checks.map((c) => c.code)).toEqual([
      "SEAL_FORMAT",
      "REGISTRY_TRUSTED",
      "MERKLE_PROOF",
      "ROOT_ANCHORED",
      "ISSUER_AUTHORISED",
      "ROOT_NOT_REVOKED",
      "LEAF_NOT_REVOKED",
      "PDF_INTEGRITY",
      "FRESHNESS",
      "FINALITY",
    ]);
    expect(check(r, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "NO_FILE" });
    expect(check(r, "ROOT_ANCHORED")?.params).toMatchObject({ blockNumber: 10, issuer: anchored.issuer });
    expect(check(r, "ROOT_ANCHORED")?.message).toContain("in block 10 by account 0x7099");
    expect(r.anchor).toMatchObject({ blockNumber: 10, txHash: "0xabc", account: anchored.issuer });
  });

  test("SEAL_FORMAT: text that is no seal is invalid, and every other check is skipped", async () => {
    const r = await verifier(anchored).verifyText("https://example.com/not-a-seal");
    expect(r.verdict).toBe("invalid");
    expect(check(r, "SEAL_FORMAT")).toMatchObject({ status: "invalid", reason: "QR_TEXT_INVALID" });
    expect(r.checks.slice(1).every((c) => c.status === "skipped")).toBe(true);
    expect(r.keyData).toBeNull();
  });

  test("SEAL_FORMAT: a truncated seal is invalid with SEAL_TRUNCATED", async () => {
    const { text } = issue();
    // 80 base32 characters: 50 whole bytes, ending inside the seal.
    const r = await verifier(anchored).verifyText(text.slice(0, text.indexOf("#") + 81));
    expect(r.verdict).toBe("invalid");
    expect(check(r, "SEAL_FORMAT")?.reason).toBe("SEAL_TRUNCATED");
  });

  test("REGISTRY_TRUSTED: a seal naming a registry outside the trust list is invalid, the chain unasked", async () => {
    const body = { ...PERSON_SEAL.body, registry: { chainId: 1, address: new Uint8Array(20).fill(1) } };
    const r = await verifier(new Error("must not be called")).verifyText(issue(body).text);
    expect(r.verdict).toBe("invalid");
    expect(check(r, "REGISTRY_TRUSTED")).toMatchObject({ status: "invalid", reason: "UNKNOWN_REGISTRY" });
    expect(check(r, "ROOT_ANCHORED")?.status).toBe("skipped");
    expect(r.issuer).toBeNull();
  });

  test("MERKLE_PROOF: altered key data no longer reach the root: invalid", async () => {
    const genuine = issue();
    const forged = encodeSealBody({
      ...PERSON_SEAL.body,
      summary: { ...PERSON_SEAL.body.summary, openEntries: 0 },
    });
    const leaves = [
      leafHash(encodeSealBody(PERSON_SEAL.body)),
      new Uint8Array(32).fill(7),
      new Uint8Array(32).fill(9),
    ];
    const proof = getProof(buildTree(leaves), 0);
    const text = sealToQrText(encodeSealWithBody(forged, genuine.root, proof), "https://verify.example");
    const r = await verifier(anchored).verifyText(text);
    expect(r.verdict).toBe("invalid");
    expect(check(r, "MERKLE_PROOF")).toMatchObject({ status: "invalid", reason: "ROOT_MISMATCH" });
  });

  test("ROOT_ANCHORED: a root the registry does not know is invalid", async () => {
    const r = await verifier({ ...anchored, issuer: null, anchoredAt: 0 }).verifyText(issue().text);
    expect(r.verdict).toBe("invalid");
    expect(check(r, "ROOT_ANCHORED")).toMatchObject({ status: "invalid", reason: "NOT_ANCHORED" });
    expect(check(r, "ISSUER_AUTHORISED")?.status).toBe("skipped");
    expect(r.anchor).toBeNull();
  });

  test("chain unreadable: unavailable, never invalid nor valid", async () => {
    const r = await verifier(new SceauError("CHAIN_UNAVAILABLE", "down")).verifyText(issue().text);
    expect(r.verdict).toBe("unavailable");
    for (const code of ["ROOT_ANCHORED", "ISSUER_AUTHORISED", "ROOT_NOT_REVOKED", "LEAF_NOT_REVOKED"]) {
      expect(check(r, code)).toMatchObject({ status: "error", reason: "CHAIN_UNAVAILABLE" });
    }
  });

  test("ISSUER_AUTHORISED: an anchor by an account whose role was revoked is invalid", async () => {
    const r = await verifier({ ...anchored, issuerAuthorised: false }).verifyText(issue().text);
    expect(r.verdict).toBe("invalid");
    expect(check(r, "ISSUER_AUTHORISED")).toMatchObject({
      status: "invalid",
      reason: "ISSUER_NOT_AUTHORISED",
    });
  });

  test("ROOT_NOT_REVOKED: a revoked batch is revoked, with date and reason", async () => {
    const at = NOW / 1000 - 60;
    const r = await verifier({ ...anchored, rootRevokedAt: at, rootRevocationReason: 3 }).verifyText(
      issue().text,
    );
    expect(r.verdict).toBe("revoked");
    expect(check(r, "ROOT_NOT_REVOKED")).toMatchObject({ status: "invalid", reason: "COURT_ORDER" });
    expect(r.revocation).toEqual({
      scope: "batch",
      revokedAt: new Date(at * 1000).toISOString(),
      reason: "court-order",
    });
  });

  test("LEAF_NOT_REVOKED: a revoked extract is revoked, even in a valid batch", async () => {
    const r = await verifier({ ...anchored, leafRevokedAt: NOW / 1000, leafRevocationReason: 1 }).verifyText(
      issue().text,
    );
    expect(r.verdict).toBe("revoked");
    expect(check(r, "LEAF_NOT_REVOKED")).toMatchObject({ status: "invalid", reason: "ISSUED_IN_ERROR" });
    expect(r.revocation?.scope).toBe("extract");
  });

  test("PDF_INTEGRITY: a PDF that is not the issued file (its seal genuine) is modified", async () => {
    const { text } = issue();
    // Not the issued bytes: no prefix hashes to the seal's digest. The seal is read from the stamp key.
    const pdf = new TextEncoder().encode(
      `%PDF-1.7\n1 0 obj\n<< /Length 0 /SceauSeal (${text}) >>\nstream\n\nendstream\nendobj\n%%EOF\n`,
    );
    const r = await verifier(anchored).verifyPdf(pdf);
    expect(r.verdict).toBe("modified");
    expect(r.source).toBe("pdf");
    expect(r.decoding?.via).toBe("stamp");
    expect(check(r, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason: "REVISION_NOT_FOUND" });
  });

  test("FRESHNESS: an extract older than the accepted age is still valid, with the stale warning", async () => {
    const r = await verifier(anchored, { now: NOW + 120 * 86_400_000 }).verifyText(issue().text);
    expect(r.verdict).toBe("valid");
    expect(r.warnings).toEqual(["stale"]);
    expect(check(r, "FRESHNESS")).toMatchObject({
      status: "invalid",
      reason: "STALE",
      params: { ageDays: 120 },
    });
  });

  test("FINALITY: too few confirmations leave the verdict and add the not-yet-final warning", async () => {
    const r = await verifier(anchored, { minConfirmations: 6 }).verifyText(issue().text);
    expect(r.verdict).toBe("valid");
    expect(r.warnings).toEqual(["not-yet-final"]);
    expect(check(r, "FINALITY")).toMatchObject({
      status: "invalid",
      reason: "NOT_YET_FINAL",
      params: { confirmations: 3, minConfirmations: 6 },
    });
  });

  test("FINALITY: without the anchoring event the block is unknown and finality is skipped", async () => {
    const r = await verifier(anchored, { minConfirmations: 6, event: null }).verifyText(issue().text);
    expect(r.verdict).toBe("valid");
    expect(check(r, "FINALITY")?.status).toBe("skipped");
    expect(r.anchor?.blockNumber).toBeNull();
  });
});

describe("the QR text is bound to the registry's official verification address", () => {
  /** A seal of the vector's revision 1, and its official QR text (`https://verify.example/v#…`). */
  const sealed = issue({ ...PERSON_SEAL.body, pdfDigest: sha256(STAMP_V1_REVISION1) });
  const seal = sealed.text.slice(sealed.text.indexOf("#") + 1);
  const restamp = (text: string): Promise<Uint8Array> => stampSeal(STAMP_V1_REVISION1, text);

  test("the genuine stamp (the seal behind the official address) is the issued file: valid, no warning", async () => {
    const r = await verifier(anchored).verifyPdf(await restamp(sealed.text));
    expect(r.verdict).toBe("valid");
    expect(check(r, "PDF_INTEGRITY")?.status).toBe("valid");
    expect(r.warnings).toEqual([]);
    expect(r.warningParams).toEqual({});
  });

  test("re-stamped with another host, the bare seal or white space around it: modified, UNOFFICIAL_QR_TEXT", async () => {
    for (const text of [
      `https://other-host.example/v#${seal}`,
      seal,
      ` ${sealed.text} `,
      `${sealed.text}\n`,
    ]) {
      const r = await verifier(anchored).verifyPdf(await restamp(text));
      expect(r.verdict, JSON.stringify(text)).toBe("modified");
      expect(check(r, "PDF_INTEGRITY"), JSON.stringify(text)).toMatchObject({
        status: "invalid",
        reason: "UNOFFICIAL_QR_TEXT",
      });
      // The seal itself is genuine: every other authenticity check passes.
      expect(check(r, "MERKLE_PROOF")?.status).toBe("valid");
    }
  });

  test("a QR link to another address warns, with both addresses, and never changes the verdict", async () => {
    const foreign = `https://other-host.example/v#${seal}`;
    const text = await verifier(anchored).verifyText(foreign);
    expect(text.verdict).toBe("valid");
    expect(text.warnings).toEqual(["unofficial-address"]);
    expect(text.warningParams).toEqual({
      address: "https://other-host.example/v",
      officialAddress: "https://verify.example/v",
    });
    const pdf = await verifier(anchored).verifyPdf(await restamp(foreign));
    expect(pdf.verdict).toBe("modified");
    expect(pdf.warnings).toEqual(["unofficial-address"]);
    // The official address in another case is the same page; a bare seal opens no page at all.
    for (const same of [sealed.text.replace("https://verify.example", "HTTPS://Verify.Example"), seal]) {
      const r = await verifier(anchored).verifyText(same);
      expect(r.verdict).toBe("valid");
      expect(r.warnings).toEqual([]);
    }
  });

  test("error: a seal behind anything but an http(s) link to /v is refused with QR_LINK_INVALID", async () => {
    for (const prefix of [
      "ftp://verify.example/v",
      "javascript:alert(1)//v",
      "https://verify.example@evil.example/v",
      "https://verify.example/v?x=1",
      "https://verify.example/verify",
      "https://verify.example/V",
      "",
    ]) {
      const r = await verifier(anchored).verifyText(`${prefix}#${seal}`);
      expect(r.verdict, prefix).toBe("invalid");
      expect(check(r, "SEAL_FORMAT"), prefix).toMatchObject({ status: "invalid", reason: "QR_LINK_INVALID" });
    }
  });
});

describe("files typed by what a viewer opens them as", () => {
  const { text } = issue();
  /** A reader that finds the seal in anything, and says which path asked. */
  function reader(): DocumentReader & { calls: string[] } {
    const calls: string[] = [];
    const found = { text, via: "pixels" as const, attempts: ["test"] };
    // The byte comparison is the real one.
    const real = new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 2000 });
    return {
      calls,
      pdfIntegrity: (...args) => real.pdfIntegrity(...args),
      inPdf: () => {
        calls.push("pdf");
        return Promise.resolve(found);
      },
      inImage: () => {
        calls.push("image");
        return Promise.resolve(found);
      },
    };
  }
  const jpegWith = (...parts: (number[] | string | Uint8Array)[]): Uint8Array =>
    Uint8Array.from(
      [[0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0], ...parts, [0xff, 0xd9]].flatMap((p) =>
        typeof p === "string" ? Array.from(Buffer.from(p, "latin1")) : Array.from(p),
      ),
    );

  test("an image with %PDF- in its first 1,024 bytes is checked as a PDF: never valid through the image path", async () => {
    const docs = reader();
    const polyglot = jpegWith([0xff, 0xfe, 0, 12], "%PDF-1.7\n%x", new Uint8Array(2000));
    const r = await verifier(anchored, { documents: docs }).verifyFile(polyglot, "image/jpeg");
    expect(docs.calls).toEqual(["pdf"]);
    expect(r.source).toBe("pdf");
    expect(r.verdict).toBe("modified");
  });

  test("an image holding a PDF further on, or sent as a PDF, is modified: IMAGE_AS_PDF", async () => {
    const photo = jpegWith(new Uint8Array(2000));
    const cases: [Uint8Array, string | null, string | null][] = [
      [jpegWith(new Uint8Array(2000), "%PDF-1.7\n1 0 obj"), "image/jpeg", "photo.jpg"],
      [photo, "application/pdf", null],
      [photo, "application/octet-stream", "extract.PDF"],
    ];
    for (const [bytes, type, fileName] of cases) {
      const docs = reader();
      const r = await verifier(anchored, { documents: docs }).verifyFile(bytes, type, { fileName });
      expect(docs.calls).toEqual(["image"]);
      expect(r.source).toBe("image");
      expect(r.verdict, `${type} ${fileName}`).toBe("modified");
      expect(check(r, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason: "IMAGE_AS_PDF" });
    }
  });

  test("a phone's motion photo (a video after the picture) is a photo: valid", async () => {
    const video = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    const motion = Uint8Array.from([
      ...jpegWith(new Uint8Array(2000)),
      0,
      0,
      0,
      24,
      ...Buffer.from("ftypisom"),
      ...video,
    ]);
    const docs = reader();
    const r = await verifier(anchored, { documents: docs }).verifyFile(motion, "image/jpeg", {
      fileName: "PXL_20261122_MP.jpg",
    });
    expect(docs.calls).toEqual(["image"]);
    expect(r.verdict).toBe("valid");
    expect(check(r, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "IMAGE" });
  });
});

describe("chain reads", () => {
  test("the anchoring event of a root is looked up once final, revocation status at every verification", async () => {
    let statusReads = 0;
    let eventReads = 0;
    let revokedAt = 0;
    const v = new Verifier({
      trustList: [
        {
          chainId: PERSON_SEAL.body.registry.chainId,
          address: registryAddress,
          name: "Test registry",
          verifyUrl: "https://verify.example",
          reader: {
            sealStatus: () => {
              statusReads++;
              return Promise.resolve({
                ...anchored,
                rootRevokedAt: revokedAt,
                rootRevocationReason: revokedAt ? 5 : 0,
              });
            },
            revokedLeaves: () => Promise.resolve([]),
            anchorEvent: () => {
              eventReads++;
              return Promise.resolve({ blockNumber: 10, txHash: "0xabc" });
            },
          },
        },
      ],
      now: () => NOW,
      maxAgeDays: 90,
      minConfirmations: 1,
      documents: new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 1000 }),
    });
    const { text } = issue();
    expect((await v.verifyText(text)).verdict).toBe("valid");
    revokedAt = NOW / 1000;
    const second = await v.verifyText(text);
    expect(second.verdict).toBe("revoked");
    expect(second.anchor?.blockNumber).toBe(10);
    expect([statusReads, eventReads]).toEqual([2, 1]);
  });
});

describe("messages in the request's language", () => {
  test("every check and the summary are worded in fr, de, it and en, codes and reasons unchanged", async () => {
    const { text } = issue();
    const reports = await Promise.all(
      LANGUAGES.map((lang) =>
        verifier({ ...anchored, rootRevokedAt: NOW / 1000, rootRevocationReason: 2 }).verifyText(text, {
          lang,
        }),
      ),
    );
    const [fr, de, it, en] = reports as [
      VerificationReport,
      VerificationReport,
      VerificationReport,
      VerificationReport,
    ];
    expect(fr.lang).toBe("fr");
    expect(check(fr, "ROOT_NOT_REVOKED")?.message).toBe(
      "Le lot entier a été révoqué le 22.11.2026 13:00 (heure suisse) (remplacé par un extrait plus récent).",
    );
    expect(check(de, "ROOT_NOT_REVOKED")?.message).toContain(
      "widerrufen (durch einen neueren Auszug ersetzt)",
    );
    expect(check(it, "ROOT_NOT_REVOKED")?.message).toContain("revocato il 22.11.2026");
    expect(check(en, "ROOT_NOT_REVOKED")?.message).toBe(
      "The whole batch was revoked on 22.11.2026 13:00 (Swiss time) (superseded by a newer extract).",
    );
    expect(de.summary).toMatch(/^Widerrufen/);
    for (const r of reports) {
      expect(r.checks.map((c) => [c.code, c.status, c.reason])).toEqual(
        en.checks.map((c) => [c.code, c.status, c.reason]),
      );
    }
    // No message is left in English in another language.
    for (const r of [fr, de, it]) {
      for (const [i, c] of r.checks.entries()) expect(c.message).not.toBe(en.checks[i]?.message);
    }
  });
});
