/**
 * The layout of issued extracts: a new extract is rendered with layout v2 (steps, counter's
 * address), records it in revision 1, downloads as the same bytes every time and verifies
 * `valid` through the byte-exact PDF path; an extract of layout v1 (rendered from its frozen
 * vector) still verifies `valid` too. The chain is an in-memory one for the issuer and a scripted
 * registry reader for the verifier.
 */
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "ethers";
import { afterEach, describe, expect, test } from "vitest";
import { equalBytes, toHex } from "../../src/core/bytes.ts";
import type { ChainStatus } from "../../src/core/chain.ts";
import { sha256 } from "../../src/core/hash.ts";
import { leafHash } from "../../src/core/merkle.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import { sealBodyOf } from "../../src/core/seal-body.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { QrLocator } from "../../src/documents/locator.ts";
import { IssuerService } from "../../src/issuer/service.ts";
import { recordedLayout } from "../../src/pdf/document.ts";
import { renderExtract, renderExtractSync } from "../../src/pdf/render.ts";
import { stampSeal, stampSealSync } from "../../src/pdf/stamp.ts";
import { Journal } from "../../src/store/journal.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { FakeChain } from "../helpers/fake-chain.ts";
import { TEST_OFFICE } from "../helpers/office.ts";
import { contentSha256 } from "../helpers/pdf-content.ts";
import { LAYOUT_CASES } from "../vectors/layout-inputs.ts";
import { LAYOUT_V1_VECTORS } from "../vectors/layout-v1.ts";

const REGISTRY = { chainId: 31337, address: new Uint8Array(20).fill(1) };
const VERIFY_URL = "https://verify.example";
const COUNTER_URL = "https://shop.example/counter";

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const anchored = (at: number): ChainStatus => ({
  issuer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  anchoredAt: at,
  rootRevokedAt: 0,
  rootRevocationReason: 0,
  leafRevokedAt: 0,
  leafRevocationReason: 0,
  issuerAuthorised: true,
  blockNumber: 12,
});

/** A verifier trusting our registry, whose reader says every root is anchored and unrevoked. */
function verifier(nowMs: number, verifyUrl = VERIFY_URL): Verifier {
  return new Verifier({
    trustList: [
      {
        chainId: REGISTRY.chainId,
        address: getAddress(toHex(REGISTRY.address)),
        name: "Test registry",
        verifyUrl,
        reader: {
          sealStatus: () => Promise.resolve(anchored(Math.floor(nowMs / 1000) - 60)),
          revokedLeaves: () => Promise.resolve([]),
          anchorEvent: () => Promise.resolve({ blockNumber: 10, txHash: "0xabc" }),
        },
      },
    ],
    now: () => nowMs,
    maxAgeDays: 90,
    minConfirmations: 1,
    documents: new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 2000 }),
  });
}

function pdftotext(pdf: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "sceau-layout-")), "x.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

describe("the layout of issued extracts", () => {
  test("a new extract is issued with layout v2, downloads as the same bytes twice and verifies valid byte for byte", async () => {
    const journal = new Journal(join(mkdtempSync(join(tmpdir(), "sceau-layout-")), "journal.sqlite"));
    closers.push(() => {
      journal.close();
    });
    const service = new IssuerService({
      journal,
      chain: new FakeChain(),
      render: renderExtract,
      stamp: stampSeal,
      offices: new Map([["demo", TEST_OFFICE]]),
      registry: REGISTRY,
      verifierUrl: VERIFY_URL,
      counterUrl: COUNTER_URL,
      batch: { maxSize: 1, maxWaitMs: 60_000, maxRootsPerTx: 8 },
      backlogMax: 100,
      retry: { initialMs: 10, maxMs: 40 },
      now: Date.now,
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      log: () => undefined,
    });
    service.start();
    closers.push(() => service.stop());
    const e = clone(PERSON_EXTRACT) as Record<string, unknown>;
    e.office = "demo";
    const { id } = await service.accept(null, e);
    expect((await service.waitAnchored(null, id, 5000)).state).toBe("final");

    const pdf = await service.pdf(null, id);
    expect(equalBytes(await service.pdf(null, id), pdf)).toBe(true);
    expect(recordedLayout(pdf)).toBe(2);
    const text = pdftotext(pdf);
    expect(text).toContain("1. Scannez le code avec l'appareil photo de votre téléphone.");
    expect(text).toContain(`Commandez votre propre extrait en ligne : ${COUNTER_URL}`.replace(/\s+/g, " "));

    const report = await verifier(Date.now()).verifyPdf(pdf);
    expect(report.verdict).toBe("valid");
    expect(report.checks.find((c) => c.code === "PDF_INTEGRITY")?.status).toBe("valid");
  });

  test("an extract of layout v1, rendered from its frozen vector, still verifies valid byte for byte", async () => {
    const c = LAYOUT_CASES[2];
    const vector = LAYOUT_V1_VECTORS[2];
    if (!c || !vector) throw new Error("no vector");
    const rev1 = renderExtractSync({ ...c.input, layout: 1 });
    expect(contentSha256(rev1)).toBe(vector.contentSha256);
    expect(recordedLayout(rev1)).toBe(1);
    const body = encodeSealBody(
      sealBodyOf(c.input.extract, {
        registry: REGISTRY,
        documentId: c.input.documentId,
        salt: new Uint8Array(16).fill(3),
        issuedAt: c.input.issuedAt,
        pdfDigest: sha256(rev1),
      }),
    );
    const leaf = leafHash(body);
    const url = c.input.verifierUrl;
    const pdf = stampSealSync(rev1, sealToQrText(encodeSealWithBody(body, leaf, []), url));
    const report = await verifier(c.input.issuedAt * 1000 + 3_600_000, url).verifyPdf(pdf);
    expect(report.verdict).toBe("valid");
    expect(report.checks.find((x) => x.code === "PDF_INTEGRITY")?.status).toBe("valid");
    expect(pdftotext(pdf)).toContain("Scansionare il codice QR con un telefono"); // v1's caption, frozen
  });
});
