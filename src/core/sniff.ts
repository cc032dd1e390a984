/**
 * What an uploaded file is, from its first bytes. The declared content type is only a hint:
 * browsers and phones often send `application/octet-stream`, or the wrong image type.
 *
 * A file is typed by what a viewer would open it as. PDF readers look for `%PDF-` anywhere in
 * the first 1,024 bytes (ISO 32000-1, annex H), whatever comes before it, so a JPEG or PNG with
 * the header in a comment or a text chunk is also a PDF, and shows whatever PDF follows the
 * picture: such a file is checked as a PDF, never as an image.
 *
 * Pure functions of the bytes, with no `node:` imports: the verification's own rule of what a
 * file is, which the HTTP edge also uses to refuse a declared type early (with the same errors).
 * @module
 */
import { SceauError } from "./errors.ts";

export type InputKind = "pdf" | "jpeg" | "png" | "webp" | "heic" | "other-image" | "unknown";

/** Content types `POST /api/v1/verify` accepts (the 415 answer lists them). */
export const ACCEPTED_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "image/webp",
  "multipart/form-data",
  "application/json",
  "application/octet-stream",
] as const;

/** Declared types that mean HEIC/HEIF (iPhone photos). */
export const HEIC_TYPES = ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"];

/**
 * The answer to a HEIC photo, declared (by the HTTP edge) or sniffed (by the verifier). HEIC (iPhone
 * photos): libvips as shipped decodes no HEVC, and the user can simply send JPEG.
 */
export function heicError(): SceauError {
  return new SceauError(
    "HEIC_UNSUPPORTED",
    "HEIC photos are not accepted: send the photo as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible).",
    { details: { accepted: [...ACCEPTED_TYPES] } },
  );
}

/** ISO BMFF brands of HEIC/HEIF images. AVIF shares `mif1`, so its own brands are checked first. */
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]);
const AVIF_BRANDS = new Set(["avif", "avis"]);

const ascii = (bytes: Uint8Array, from: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** How far into a file PDF readers look for the `%PDF-` header. */
const PDF_HEADER_WINDOW = 1024;
/** `%PDF-` */
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d] as const;

/** Where `%PDF-` first occurs in `bytes`, or -1. */
export function pdfHeaderAt(bytes: Uint8Array): number {
  const last = bytes.length - PDF_HEADER.length;
  // `indexOf` finds each `%` natively; only those are compared further.
  for (
    let at = bytes.indexOf(PDF_HEADER[0]);
    at >= 0 && at <= last;
    at = bytes.indexOf(PDF_HEADER[0], at + 1)
  ) {
    if (
      bytes[at + 1] === PDF_HEADER[1] &&
      bytes[at + 2] === PDF_HEADER[2] &&
      bytes[at + 3] === PDF_HEADER[3] &&
      bytes[at + 4] === PDF_HEADER[4]
    ) {
      return at;
    }
  }
  return -1;
}

/**
 * What `bytes` would be opened as, from its first bytes: a PDF whenever `%PDF-` is in the first
 * {@link PDF_HEADER_WINDOW} bytes, else the image type its signature names, else `unknown`.
 */
export function sniffInput(bytes: Uint8Array): InputKind {
  // First: what any PDF reader would open as a PDF is a PDF, whatever image it also is.
  if (pdfHeaderAt(bytes.subarray(0, PDF_HEADER_WINDOW)) >= 0) return "pdf";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
  if (ascii(bytes, 4, 4) === "ftyp") {
    // The major brand, then the compatible brands, up to the end of the ftyp box.
    const boxSize = Math.min(
      ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0),
      256,
    );
    const brands = [ascii(bytes, 8, 4)];
    for (let at = 16; at + 4 <= Math.min(boxSize, bytes.length); at += 4) brands.push(ascii(bytes, at, 4));
    if (brands.some((b) => AVIF_BRANDS.has(b))) return "other-image";
    if (brands.some((b) => HEIC_BRANDS.has(b))) return "heic";
    return "unknown";
  }
  if (ascii(bytes, 0, 4) === "GIF8" || ascii(bytes, 0, 2) === "BM") return "other-image";
  if (ascii(bytes, 0, 4) === "II*\x00" || ascii(bytes, 0, 4) === "MM\x00*") return "other-image";
  return "unknown";
}
