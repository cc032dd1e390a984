import fc from "fast-check";
import { describe, expect, test } from "vitest";
import sharp from "sharp";
import { crc32 } from "node:zlib";
import { pdfHeaderAt, sniffInput } from "./sniff.ts";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? Array.from(Buffer.from(p, "latin1")) : p)));

/** An ISO BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytes([0, 0, 0, 16 + 4 * compatible.length], "ftyp", major, [0, 0, 0, 0], ...compatible);

describe("telling uploads apart by their first bytes", () => {
  test("behavior: real JPEG, PNG and WebP files from sharp", async () => {
    const img = sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } });
    expect(sniffInput(await img.clone().jpeg().toBuffer())).toBe("jpeg");
    expect(sniffInput(await img.clone().png().toBuffer())).toBe("png");
    expect(sniffInput(await img.clone().webp().toBuffer())).toBe("webp");
    expect(sniffInput(await img.clone().gif().toBuffer())).toBe("other-image");
    expect(sniffInput(await img.clone().tiff().toBuffer())).toBe("other-image");
  });

  test("behavior: PDF, also after leading junk", () => {
    expect(sniffInput(bytes("%PDF-1.7\n"))).toBe("pdf");
    expect(sniffInput(bytes("\r\n\r\n   %PDF-1.4"))).toBe("pdf");
  });

  test("behavior: a JPEG or PNG that any PDF reader opens (%PDF- in its first 1,024 bytes) is a PDF", async () => {
    const img = sharp({ create: { width: 64, height: 64, channels: 3, background: "#fff" } });
    const jpeg = await img.clone().jpeg().toBuffer();
    // A comment segment right after SOI, holding the PDF header.
    const comment = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
    expect(sniffInput(Buffer.concat([jpeg.subarray(0, 2), com, jpeg.subarray(2)]))).toBe("pdf");
    // A PNG with the header in a tEXt chunk after IHDR.
    const png = await img.clone().png().toBuffer();
    const data = Buffer.from("Comment\0%PDF-1.7\n", "latin1");
    const type = Buffer.from("tEXt", "latin1");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
    const text = Buffer.concat([length, type, data, crc]);
    expect(sniffInput(Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]))).toBe("pdf");
  });

  test("behavior: trailing data after the picture (a motion photo's video, or a PDF past 1,024 bytes) leaves it an image", async () => {
    // Noise, so the picture is larger than the 1,024 bytes a PDF reader looks at.
    const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7919) % 251));
    const jpeg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg()
      .toBuffer();
    expect(jpeg.length).toBeGreaterThan(1024);
    const video = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypisom\0\0\0\0mp41", "latin1")]);
    expect(sniffInput(Buffer.concat([jpeg, video]))).toBe("jpeg");
    const withPdf = Buffer.concat([jpeg, Buffer.from("%PDF-1.7\n", "latin1")]);
    expect(sniffInput(withPdf)).toBe("jpeg");
    // ... which the verifier then finds (and never calls such a file valid).
    expect(pdfHeaderAt(withPdf)).toBe(jpeg.length);
    expect(pdfHeaderAt(Buffer.concat([jpeg, video]))).toBe(-1);
  });

  test("property: the header is found where Node's own search finds it, in any bytes", () => {
    // Bytes drawn from the header's own letters and a few others, so near-misses are common.
    const alphabet = fc.constantFrom(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x00, 0xff);
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 64 }), fc.nat(8), (values, cut) => {
        const all = Uint8Array.from(values);
        // Also a view that starts inside its buffer.
        const view = all.subarray(Math.min(cut, all.length));
        const header = Buffer.from("%PDF-", "latin1");
        expect(pdfHeaderAt(view)).toBe(
          Buffer.from(view.buffer, view.byteOffset, view.byteLength).indexOf(header),
        );
      }),
      { numRuns: 2000 },
    );
    expect(pdfHeaderAt(bytes("%PDF"))).toBe(-1);
    expect(pdfHeaderAt(bytes("%%PDF-"))).toBe(1);
  });

  test("behavior: HEIC and HEIF from iPhones, but not AVIF, which shares mif1", () => {
    expect(sniffInput(ftyp("heic", "mif1", "heic"))).toBe("heic");
    expect(sniffInput(ftyp("mif1", "heic", "miaf"))).toBe("heic");
    expect(sniffInput(ftyp("heix"))).toBe("heic");
    expect(sniffInput(ftyp("avif", "mif1", "miaf"))).toBe("other-image");
    expect(sniffInput(ftyp("mif1", "avif"))).toBe("other-image");
    expect(sniffInput(ftyp("isom", "mp41"))).toBe("unknown");
  });

  test("error: empty, short and unknown bodies", () => {
    expect(sniffInput(new Uint8Array(0))).toBe("unknown");
    expect(sniffInput(bytes([0xff, 0xd8]))).toBe("unknown");
    expect(sniffInput(bytes("hello"))).toBe("unknown");
    expect(sniffInput(bytes([0, 0, 0, 0xff], "ftyp"))).toBe("unknown");
  });
});
