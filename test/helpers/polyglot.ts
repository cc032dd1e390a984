/**
 * Files that are two things at once, as an attacker (or a phone) makes them: a picture that PDF
 * readers also open as a PDF, and a phone's motion photo (a video after the picture).
 *
 * - JPEG: a comment segment (COM) right after SOI holding `%PDF-1.7`, then the picture, then
 *   the PDF after EOI. Image decoders skip comments and stop at EOI; PDF readers find the header
 *   in the first 1,024 bytes and repair the offsets of the PDF that follows.
 * - PNG: a `tEXt` chunk after IHDR holding the header, then the PDF after IEND.
 */
import { crc32 } from "node:zlib";

const HEADER = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

/** `jpeg` with the PDF header in a comment after SOI, and `pdf` after its end. */
export function jpegPdfPolyglot(jpeg: Uint8Array, pdf: Uint8Array): Buffer {
  const j = Buffer.from(jpeg);
  if (j[0] !== 0xff || j[1] !== 0xd8) throw new Error("not a JPEG");
  const comment = Buffer.from(HEADER, "latin1");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(comment.length + 2);
  return Buffer.concat([j.subarray(0, 2), Buffer.from([0xff, 0xfe]), length, comment, j.subarray(2), pdf]);
}

/** `png` with the PDF header in a tEXt chunk after IHDR, and `pdf` after IEND. */
export function pngPdfPolyglot(png: Uint8Array, pdf: Uint8Array): Buffer {
  const p = Buffer.from(png);
  // Signature (8) and IHDR (4 length + 4 type + 13 data + 4 CRC).
  if (p.toString("latin1", 12, 16) !== "IHDR") throw new Error("not a PNG");
  const type = Buffer.from("tEXt", "latin1");
  const data = Buffer.from(`Comment\0${HEADER}`, "latin1");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  return Buffer.concat([p.subarray(0, 33), length, type, data, crc, p.subarray(33), pdf]);
}

/**
 * A motion photo as phones save them: the JPEG, then an MP4 (here an `ftyp` box and an `mdat`
 * of seeded bytes standing for the video) after EOI.
 */
export function motionPhoto(jpeg: Uint8Array, videoBytes = 200_000): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypmp42\0\0\0\0isommp42", "latin1")]);
  const mdatHeader = Buffer.alloc(8);
  mdatHeader.writeUInt32BE(videoBytes + 8);
  mdatHeader.write("mdat", 4, "latin1");
  let a = 0x9e3779b9;
  const video = Buffer.alloc(videoBytes);
  for (let i = 0; i < videoBytes; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    video[i] = a >>> 24;
  }
  return Buffer.concat([Buffer.from(jpeg), ftyp, mdatHeader, video]);
}
