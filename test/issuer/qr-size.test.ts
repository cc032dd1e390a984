/**
 * The default batch size is chosen so the QR stays easy to scan: the proof of a full batch adds
 * 32 bytes per tree level to the seal. The README states the version reached; this pins it.
 */
import QRCode from "qrcode";
import { expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { validateExtract } from "../../src/core/extract.ts";
import { sealToQrText } from "../../src/core/qr-text.ts";
import { sealBodyOf } from "../../src/core/seal-body.ts";
import { encodeSealBody, encodeSealWithBody } from "../../src/core/seal.ts";
import { PERSON_EXTRACT } from "../fixtures/extracts.ts";

function qrVersion(batchSize: number, verifierUrl: string): { seal: number; version: number } {
  const extract = validateExtract(PERSON_EXTRACT, { today: "2026-11-22" });
  const body = encodeSealBody(
    sealBodyOf(extract, {
      registry: { chainId: 31337, address: new Uint8Array(20).fill(0xaa) },
      documentId: new Uint8Array(10).fill(1),
      salt: new Uint8Array(16).fill(2),
      issuedAt: 1_795_000_000,
      pdfDigest: new Uint8Array(32).fill(3),
    }),
  );
  const depth = Math.ceil(Math.log2(batchSize));
  const proof = Array.from({ length: depth }, (_, i) => new Uint8Array(32).fill(i + 10));
  const seal = encodeSealWithBody(body, new Uint8Array(32).fill(9), proof);
  const text = sealToQrText(seal, verifierUrl);
  return { seal: seal.length, version: QRCode.create(text, { errorCorrectionLevel: "M" }).version };
}

test("behavior: at the default batch size (64) a person's seal is about 357 bytes and its QR version 16 at level M", () => {
  const config = loadConfig({});
  expect(config.batch.maxSize).toBe(64);
  const { seal, version } = qrVersion(config.batch.maxSize, config.publicUrl);
  expect(seal).toBe(357);
  expect(version).toBe(16);
  // One more level (a batch of 128) already needs version 17.
  expect(qrVersion(128, config.publicUrl).version).toBe(17);
});
