/**
 * What a verdict proves and who it names (docs/verdict.md): a PDF copy (a scan, a printout saved
 * as PDF) is valid with scope `data`, an edited PDF `modified`; the issuer is the office of the
 * trust list whose accounts anchored the batch. The chain is a scripted registry reader.
 */
import { describe, expect, test } from "vitest";
import { getAddress } from "ethers";
import { toHex } from "../../src/core/bytes.ts";
import type { ChainStatus } from "../../src/core/chain.ts";
import { buildTree, getProof, leafHash } from "../../src/core/merkle.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import type { VerificationReport } from "../../src/core/report.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { QrLocator } from "../../src/documents/locator.ts";
import type { DocumentReader, TrustedRegistry } from "../../src/verifier/ports.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { PERSON_SEAL } from "../vectors/seal-v1.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 0);

function issue(): { text: string } {
  const bytes = encodeSealBody(PERSON_SEAL.body);
  const tree = buildTree([leafHash(bytes), new Uint8Array(32).fill(7)]);
  return {
    text: sealToQrText(encodeSealWithBody(bytes, tree.root, getProof(tree, 0)), "https://verify.example"),
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
  status: ChainStatus,
  options: { documents?: DocumentReader; offices?: TrustedRegistry["offices"] } = {},
): Verifier {
  const registry: TrustedRegistry = {
    chainId: PERSON_SEAL.body.registry.chainId,
    address: getAddress(toHex(PERSON_SEAL.body.registry.address)),
    name: "technical-registry-name",
    verifyUrl: "https://verify.example",
    ...(options.offices ? { offices: options.offices } : {}),
    reader: {
      sealStatus: () => Promise.resolve(status),
      revokedLeaves: () => Promise.resolve([]),
      anchorEvent: () => Promise.resolve({ blockNumber: 10, txHash: "0xabc" }),
    },
  };
  return new Verifier({
    trustList: [registry],
    now: () => NOW,
    maxAgeDays: 90,
    minConfirmations: 1,
    documents:
      options.documents ?? new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 2000 }),
  });
}

const check = (r: VerificationReport, code: string) => r.checks.find((c) => c.code === code);

describe("scope and issuer", () => {
  test("a PDF without Sceau's stamp whose QR code is in its pixels (a scan, a printout) is a copy: valid, scope data", async () => {
    const { text } = issue();
    const scan = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n");
    const pixels: DocumentReader = {
      inPdf: () => Promise.resolve({ text, via: "pixels", stamped: false, attempts: ["page-1-150dpi"] }),
      inImage: () => Promise.reject(new Error("not an image")),
      pdfIntegrity: () => Promise.resolve({ status: "invalid", reason: "REVISION_NOT_FOUND" }),
    };
    const copy = await verifier(anchored, { documents: pixels }).verifyPdf(scan, { lang: "fr" });
    expect(copy.verdict).toBe("valid");
    expect(copy.scope).toBe("data");
    expect(check(copy, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "NOT_STAMPED" });
    expect(copy.summary).toBe("Sceau authentique : vérifiez que le papier dit la même chose.");
    // The same pixels in a file that carries a Sceau stamp: edited, not copied.
    const stamped: DocumentReader = {
      ...pixels,
      inPdf: () => Promise.resolve({ text, via: "pixels", stamped: true, attempts: ["page-1-150dpi"] }),
    };
    const edited = await verifier(anchored, { documents: stamped }).verifyPdf(scan);
    expect(edited.verdict).toBe("modified");
    expect(edited.scope).toBe("data");
    // The issued PDF proves the document.
    const genuine = await verifier(anchored).verifyText(text);
    expect(genuine.scope).toBe("data");
  });

  test("the issuer is the office whose accounts anchored the batch, in the report's language, never the seal's slug", async () => {
    const offices = [
      {
        id: "porrentruy",
        name: {
          fr: "Office des poursuites de Porrentruy",
          de: "Betreibungsamt Porrentruy",
          it: "Ufficio d'esecuzione di Porrentruy",
          en: "Debt Collection Office of Porrentruy",
        },
        canton: "JU",
        address: "Rue de Lorette 1, 2900 Porrentruy",
        accounts: ["0x0000000000000000000000000000000000000001"],
      },
      {
        id: "delemont",
        name: {
          fr: "Office des poursuites de Delémont",
          de: "Betreibungsamt Delémont",
          it: "Ufficio d'esecuzione di Delémont",
          en: "Debt Collection Office of Delémont",
        },
        canton: "JU",
        address: "Rue de la Préfecture 2, 2800 Delémont",
        accounts: [anchored.issuer?.toLowerCase() ?? ""],
      },
    ];
    const r = await verifier(anchored, { offices }).verifyText(issue().text, { lang: "fr" });
    expect(r.issuer?.name).toBe("Office des poursuites de Delémont");
    expect(r.issuer?.office).toMatchObject({ id: "delemont", canton: "JU", cantonName: "Canton du Jura" });
    // Not anchored: no office is named, whatever the seal says.
    const forged = await verifier({ ...anchored, issuer: null }, { offices }).verifyText(issue().text);
    expect(forged.verdict).toBe("invalid");
    expect(forged.issuer?.office).toBeNull();
  });
});
