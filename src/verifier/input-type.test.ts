import { describe, expect, test } from "vitest";
import sharp from "sharp";
import { sniffInput } from "./input-type.ts";

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
