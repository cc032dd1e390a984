/**
 * Hostile inputs for the abuse tests and the flood benchmark: gzip and flate bombs built in
 * milliseconds (identical compressed segments repeated, so no gigabyte is ever held), and PDFs
 * written byte by byte around them, as an attacker would, with no library tidying them up.
 */
import { constants, crc32, deflateRawSync, gzipSync } from "node:zlib";
import sharp from "sharp";

/** One compressed segment of `n` zero bytes that ends on a full flush: it can be repeated as is. */
function zeroSegment(n: number): Buffer {
  return deflateRawSync(Buffer.alloc(n), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
}

/** The final empty stored block of a raw deflate stream. */
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

function adler32OfZeros(n: number): number {
  const a = 1;
  const b = Number(BigInt(n) % 65521n);
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950, what PDF's /FlateDecode holds) inflating to `megabytes` MiB of zeros. */
export function zlibZeros(megabytes: number): Buffer {
  const seg = zeroSegment(1024 * 1024);
  const n = megabytes * 1024 * 1024;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(adler32OfZeros(n));
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array<Buffer>(megabytes).fill(seg),
    FINAL_BLOCK,
    adler,
  ]);
}

/** A gzip body (RFC 1952) inflating to `megabytes` MiB of zeros: what `Content-Encoding: gzip` carries. */
export function gzipZeros(megabytes: number): Buffer {
  const seg = zeroSegment(1024 * 1024);
  const n = megabytes * 1024 * 1024;
  const zeros = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(zeros, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(n % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff]);
  return Buffer.concat([header, ...Array<Buffer>(megabytes).fill(seg), FINAL_BLOCK, trailer]);
}

/** A JSON text of about `bytes` bytes (a padded object), gzip-compressed: a parser bomb. */
export function gzipJson(bytes: number, fields: Record<string, unknown> = {}): Buffer {
  const pad = " ".repeat(Math.max(0, bytes - JSON.stringify(fields).length - 2));
  const text = `{${pad}${JSON.stringify(fields).slice(1)}`;
  return gzipSync(Buffer.from(text));
}

/** A PDF body written object by object, with a correct cross-reference table. */
function rawPdf(objects: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, "latin1"),
      typeof body === "string" ? Buffer.from(body, "latin1") : body,
      Buffer.from("\nendobj\n", "latin1"),
    ]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF",
    "",
  ].join("\n");
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}

/** `<< dict /Length n >> stream ... endstream` around `data`. */
function pdfStream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"),
    data,
    Buffer.from("\nendstream", "latin1"),
  ]);
}

/** One A4 page whose content is `content` and whose resources are `resources`. */
function onePage(content: Buffer, resources: string, extra: readonly (string | Buffer)[] = []): Buffer {
  return rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents 4 0 R >>`,
    content,
    ...extra,
  ]);
}

/**
 * A one-page PDF drawing one image XObject (`data` under `filter`, `width` × `height` in
 * `colorSpace` at 8 bits) over the whole page; `content` replaces the page's drawing.
 */
export function imagePagePdf(
  data: Buffer,
  width: number,
  height: number,
  colorSpace: string,
  filter: string,
  content?: Buffer,
): Buffer {
  return onePage(
    content
      ? pdfStream("/Filter /FlateDecode", content)
      : pdfStream("", Buffer.from("q 595 0 0 842 0 0 cm /Im0 Do Q", "latin1")),
    "<< /XObject << /Im0 5 0 R >> >>",
    [
      pdfStream(
        `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace ${colorSpace} /BitsPerComponent 8 /Filter ${filter}`,
        data,
      ),
    ],
  );
}

/**
 * A PDF without a stamp whose one page draws an image XObject that inflates to `megabytes` MiB:
 * a grey image of 16,384 pixels per row and as many rows as the zeros fill (a flate bomb as the
 * review built it: about 1 KiB of file per MiB decoded).
 */
export function flateBombImagePdf(megabytes: number): Buffer {
  const width = 16_384;
  const height = Math.floor((megabytes * 1024 * 1024) / width);
  return imagePagePdf(zlibZeros(megabytes), width, height, "/DeviceGray", "/FlateDecode");
}

/** A PDF whose page content stream itself inflates to `megabytes` MiB (of NUL bytes, PDF whitespace). */
export function flateBombContentPdf(megabytes: number): Buffer {
  return onePage(pdfStream("/Filter /FlateDecode", zlibZeros(megabytes)), "<< >>");
}

/**
 * A PDF holding one photo-like page of noise (a JPEG, `side` pixels square): no QR code, and
 * every decoding attempt works hard on it, so it costs its whole time budget. The slow file of
 * the queue tests.
 */
export async function noisePdf(side = 1400, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(side * side);
  let a = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    raw[i] = a >>> 24;
  }
  const jpeg = await sharp(raw, { raw: { width: side, height: side, channels: 1 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return imagePagePdf(jpeg, side, side, "/DeviceGray", "/DCTDecode");
}

/**
 * A PDF whose page tree says two pages but holds one: pdf.js opens it and fails on the second
 * page with its own message, which must never reach a client.
 */
export function missingPagePdf(): Buffer {
  return rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ]);
}
