/**
 * POST /api/v1/verify and `sceau verify` against the whole service on a local chain: every
 * accepted input (PDF, photo, scanned PDF, QR text; raw or multipart), every limit answered with
 * its own code, messages in the request's language, and the command line's exit status.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { readSealTexts } from "../../src/pdf/seal-text.ts";
import { PERSON_EXTRACT } from "../fixtures/extracts.ts";
import { startChainProxy } from "../helpers/chain-proxy.ts";
import { pngBomb, qrPhoto } from "../helpers/photos.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

const MAX_UPLOAD = 3 * 1024 * 1024;
let e2e: E2E;
let base: string;
let pdf: Uint8Array;
let qrText: string;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function post(
  body: BodyInit | Buffer,
  type: string | null,
  query = "",
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${base}/api/v1/verify${query}`, {
    method: "POST",
    headers: { ...(type === null ? {} : { "content-type": type }), ...headers },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const file = (bytes: Uint8Array | Buffer, type = "application/octet-stream"): FormData => {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), "upload");
  return form;
};

const check = (a: Answer, code: string): Record<string, any> | undefined =>
  (a.body.checks as Record<string, any>[]).find((c) => c.code === code);

beforeAll(async () => {
  e2e = await startE2E({ SCEAU_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
  base = e2e.service.url;
  const auth = { authorization: `Bearer ${e2e.token}` };
  const res = await fetch(`${base}/api/v1/extracts?wait=true`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ ...PERSON_EXTRACT, reference: "verify-e2e" }),
  });
  const { id } = (await res.json()) as { id: string };
  pdf = new Uint8Array(
    await (await fetch(`${base}/api/v1/extracts/${id}/pdf`, { headers: auth })).arrayBuffer(),
  );
  [qrText = ""] = readSealTexts(pdf);
});
afterAll(async () => {
  await e2e.close();
});

describe("inputs", () => {
  test("our PDF: valid, its seal read from the stamp without rendering", async () => {
    const a = await post(Buffer.from(pdf), "application/pdf");
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ verdict: "valid", source: "pdf", decoding: { via: "stamp" } });
    expect(a.headers.get("server-timing")).toMatch(/^verify;dur=\d/);
  });

  test("our PDF as the multipart field file, with no type: valid", async () => {
    const a = await post(file(pdf), null);
    expect(a.body).toMatchObject({ verdict: "valid", source: "pdf" });
  });

  test("a PDF changed after issuance (an appended update) is modified, with EXTRA_CHANGES", async () => {
    const changed = Buffer.concat([Buffer.from(pdf), Buffer.from("% a later edit\n%%EOF\n")]);
    const a = await post(changed, "application/pdf");
    expect(a.body.verdict).toBe("modified");
    expect(check(a, "PDF_INTEGRITY")).toMatchObject({ status: "invalid", reason: "EXTRA_CHANGES" });
  });

  test("a phone photo (JPEG, turned, EXIF orientation) as multipart: valid, file check skipped", async () => {
    const photo = await qrPhoto(qrText, { rotate: 17, quality: 60, orientation: 6, noise: 8, seed: 5 });
    const a = await post(file(photo, "image/jpeg"), null);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ verdict: "valid", source: "image", decoding: { via: "pixels" } });
    expect(check(a, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "IMAGE" });
    expect(a.body.keyData.debtor.lastName).toBe("Dvořák-Ørsted");
  });

  test("PNG and WebP raw bodies, and a JPEG declared as PNG: the bytes decide", async () => {
    for (const [photo, type] of [
      [await qrPhoto(qrText, { format: "png", rotate: 3 }), "image/png"],
      [await qrPhoto(qrText, { format: "webp", quality: 50 }), "image/webp"],
      [await qrPhoto(qrText, { format: "jpeg" }), "image/png"],
    ] as const) {
      const a = await post(photo, type);
      expect(a.body).toMatchObject({ verdict: "valid", source: "image" });
    }
  });

  test("a scanned PDF (the page is only a picture): the QR is found in its pixels; a copy, valid with scope data (docs/verdict.md)", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const jpg = await doc.embedJpg(await qrPhoto(qrText, { rotate: 4, side: 1200, qrFraction: 0.3 }));
    page.drawImage(jpg, { x: 0, y: 0, width: 595, height: 595 });
    const a = await post(Buffer.from(await doc.save()), "application/pdf");
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      verdict: "valid",
      scope: "data",
      source: "pdf",
      decoding: { via: "pixels" },
    });
    expect(check(a, "MERKLE_PROOF")?.status).toBe("valid");
    expect(check(a, "PDF_INTEGRITY")).toMatchObject({ status: "skipped", reason: "NOT_STAMPED" });
  });

  test("QR text with the URL, without it, and as a multipart field: valid", async () => {
    const bare = qrText.slice(qrText.indexOf("#") + 1);
    for (const a of [
      await post(JSON.stringify({ qr: qrText }), "application/json"),
      await post(JSON.stringify({ qr: bare }), "application/json"),
    ]) {
      expect(a.body).toMatchObject({ verdict: "valid", source: "qr-text", decoding: null });
    }
    const form = new FormData();
    form.append("qr", bare);
    expect((await post(form, null)).body.verdict).toBe("valid");
  });

  test("a photo with two QR codes: the one that is a seal wins", async () => {
    const a = await post(await qrPhoto(qrText, { also: "https://example.com/menu" }), "image/jpeg");
    expect(a.body.verdict).toBe("valid");
  });

  test("a photo whose only QR code is not a seal: invalid, QR_TEXT_INVALID", async () => {
    const a = await post(await qrPhoto("https://example.com/menu"), "image/jpeg");
    expect(a.status).toBe(200);
    expect(a.body.verdict).toBe("invalid");
    expect(check(a, "SEAL_FORMAT")).toMatchObject({ status: "invalid", reason: "QR_TEXT_INVALID" });
  });
});

describe("limits, each with its code, decided before decoding", () => {
  test("an upload over the size limit is 413 PAYLOAD_TOO_LARGE, raw or multipart", async () => {
    const big = Buffer.alloc(MAX_UPLOAD + 1024, 0x41);
    big.set([0xff, 0xd8, 0xff]);
    const raw = await post(big, "image/jpeg");
    expect(raw.status).toBe(413);
    expect(raw.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const multi = await post(file(Buffer.concat([big, big])), null);
    expect(multi.status).toBe(413);
    expect(multi.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("a 100,000 × 100,000 PNG bomb is 413 IMAGE_TOO_LARGE, from its header alone", async () => {
    const bomb = pngBomb(100_000, 100_000);
    expect(bomb.length).toBeLessThan(100);
    const a = await post(bomb, "image/png");
    expect(a.status).toBe(413);
    expect(a.body.error).toMatchObject({
      code: "IMAGE_TOO_LARGE",
      details: { width: 100_000, height: 100_000, maxPixels: 50_000_000 },
    });
  });

  test("a PDF without stamp and with more pages than searched is 413 PDF_TOO_MANY_PAGES", async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 6; i++) doc.addPage();
    const a = await post(Buffer.from(await doc.save()), "application/pdf");
    expect(a.status).toBe(413);
    expect(a.body.error).toMatchObject({ code: "PDF_TOO_MANY_PAGES", details: { pages: 6, maxPages: 5 } });
  });

  test("our own PDF is read from its stamp whatever its page count", async () => {
    // The stamp's key is found without opening the document: no page count applies.
    const a = await post(Buffer.from(pdf), "application/pdf");
    expect(a.body.decoding.via).toBe("stamp");
  });

  test("an unsupported type is 415 listing the accepted ones, declared or sniffed", async () => {
    const declared = await post("hello", "text/plain");
    expect(declared.status).toBe(415);
    expect(declared.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(declared.body.error.details.accepted).toEqual(
      expect.arrayContaining([
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "multipart/form-data",
      ]),
    );
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } })
      .gif()
      .toBuffer();
    const sniffed = await post(gif, "application/octet-stream");
    expect(sniffed.status).toBe(415);
    expect(sniffed.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  test("HEIC is 415 HEIC_UNSUPPORTED asking for JPEG, by content type or by its bytes", async () => {
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1"),
      Buffer.alloc(64),
    ]);
    for (const a of [
      await post(heic, "image/heic"),
      await post(heic, "application/octet-stream"),
      await post(file(heic, "image/heic"), null),
    ]) {
      expect(a.status).toBe(415);
      expect(a.body.error.code).toBe("HEIC_UNSUPPORTED");
      expect(a.body.error.message).toContain("JPEG");
    }
  });

  test("no QR code at all is 422 QR_NOT_FOUND", async () => {
    const blank = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#eee" } })
      .jpeg()
      .toBuffer();
    const a = await post(blank, "image/jpeg");
    expect(a.status).toBe(422);
    expect(a.body.error.code).toBe("QR_NOT_FOUND");
  });
});

describe("languages", () => {
  test("?lang= and Accept-Language choose the messages; codes stay the same", async () => {
    const de = await post(Buffer.from(pdf), "application/pdf", "?lang=de");
    expect(de.headers.get("content-language")).toBe("de");
    expect(de.body.lang).toBe("de");
    expect(check(de, "PDF_INTEGRITY")?.message).toBe("Die PDF-Datei ist genau die ausgestellte.");
    const it = await post(Buffer.from(pdf), "application/pdf", "", { "accept-language": "it-CH, fr;q=0.8" });
    expect(it.body.summary).toBe("Valido: l'estratto è autentico e integro.");
    expect(it.body.checks.map((c: { code: string }) => c.code)).toEqual(
      de.body.checks.map((c: { code: string }) => c.code),
    );
  });

  test("errors a person sees are worded in their language too", async () => {
    const a = await post("x", "image/heic", "?lang=fr");
    expect(a.body.error.code).toBe("HEIC_UNSUPPORTED");
    expect(a.body.error.message).toMatch(/^Les photos HEIC/);
  });
});

describe("sceau verify", () => {
  function cli(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["src/cli/main.ts", "verify", ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          SCEAU_RPC_URL: e2e.rpcUrl,
          SCEAU_REGISTRY_ADDRESS: e2e.service.registryAddress,
          SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
          SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
          SCEAU_RPC_TIMEOUT_MS: "1000",
          // The service's official address: the QR codes it prints hold exactly this.
          SCEAU_PUBLIC_URL: e2e.service.config.publicUrl,
          ...env,
        },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("close", (code) => {
        resolve({ code, out, err });
      });
    });
  }

  test("exit 0 only for valid; 1 for modified (or invalid, revoked); 2 for unusable input; 3 when the chain is down", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sceau-cli-"));
    const good = join(dir, "extract.pdf");
    writeFileSync(good, pdf);
    const bad = join(dir, "changed.pdf");
    writeFileSync(bad, Buffer.concat([Buffer.from(pdf), Buffer.from("%x\n")]));
    const [valid, json, modified, missing, down] = await Promise.all([
      cli([good]),
      cli(["--qr", qrText, "--json", "--lang", "fr"]),
      cli([bad]),
      cli([join(dir, "nope.pdf")]),
      cli(["--qr", qrText], { SCEAU_RPC_URL: "http://127.0.0.1:9" }),
    ]);
    expect(valid.code).toBe(0);
    expect(valid.out).toMatch(/^Verdict: VALID/);
    expect(valid.out).toContain("Dvořák-Ørsted, Łukasz Ðurić, born 1985-03-14");
    expect(valid.out).toMatch(/ok +LEAF_NOT_REVOKED/);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ verdict: "valid", lang: "fr", source: "qr-text" });
    expect(modified.code).toBe(1);
    expect(modified.out).toMatch(/^Verdict: MODIFIED/);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("Cannot read");
    expect(down.code).toBe(3);
    expect(down.out).toMatch(/^Verdict: UNAVAILABLE/);
  });

  test("a PDF whose QR must be read from pixels (reprinted by pdftocairo) is a copy: valid, the seal's data only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sceau-cli-"));
    const original = join(dir, "extract.pdf");
    writeFileSync(original, pdf);
    const reprinted = join(dir, "reprinted.pdf");
    execFileSync("pdftocairo", ["-pdf", original, reprinted]);
    const r = await cli([reprinted]);
    expect(r.err).not.toContain("TypeError");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Verdict: VALID/);
    expect(r.out).toContain("Genuine seal: check that the paper says the same.");
    expect(r.out).toContain("QR code    read from the pixels");
    expect(r.out).toMatch(/- +PDF_INTEGRITY/);
  });

  test("a photo named .pdf is never valid on the command line; the same photo named .jpg is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sceau-cli-"));
    const photo = await qrPhoto(qrText, { rotate: 5, seed: 3 });
    writeFileSync(join(dir, "extract.pdf"), photo);
    writeFileSync(join(dir, "photo.jpg"), photo);
    const [named, plain] = await Promise.all([
      cli([join(dir, "extract.pdf"), "--json"]),
      cli([join(dir, "photo.jpg"), "--json"]),
    ]);
    expect(JSON.parse(named.out)).toMatchObject({ verdict: "modified", source: "image" });
    expect(named.code).toBe(1);
    expect(JSON.parse(plain.out)).toMatchObject({ verdict: "valid", source: "image" });
  });
});

describe("one verifier for the service and the command line", () => {
  test("behavior: sceau verify reads the chain as the service does, each status at a head read during the request", async () => {
    const proxy = await startChainProxy(e2e.rpcUrl);
    try {
      const child = spawn(process.execPath, ["src/cli/main.ts", "verify", "--qr", qrText, "--json"], {
        env: {
          PATH: process.env.PATH ?? "",
          SCEAU_RPC_URL: proxy.url,
          SCEAU_REGISTRY_ADDRESS: e2e.service.registryAddress,
          SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
          SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
          SCEAU_PUBLIC_URL: e2e.service.config.publicUrl,
        },
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ verdict: "valid" });
      // The fresh-head reader (src/chain/fresh-reader.ts) asks for the head before any status.
      expect(proxy.forwarded.get("eth_getBlockByNumber") ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
  });
});
