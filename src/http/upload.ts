/**
 * Reading the body of `POST /api/v1/verify`: JSON `{"qr"}`, a raw file with its content type, or
 * a `multipart/form-data` upload with the file in the field `file` (a `qr` text field also
 * works). The size limit applies while reading: a body over it is answered with 413 before it is
 * read to the end.
 * @module
 */
import busboy from "busboy";
import type { Request } from "express";
import { SceauError } from "../core/errors.ts";
import { ACCEPTED_TYPES, HEIC_TYPES, heicError } from "../core/sniff.ts";

export type VerifyInput =
  | { readonly kind: "text"; readonly qr: string }
  | {
      readonly kind: "file";
      readonly bytes: Uint8Array;
      readonly declaredType: string | null;
      /** The multipart part's file name: a `.pdf` name claims a PDF as its type does. */
      readonly fileName?: string | null;
    };

/** Raw bodies of these types are read as a file (the file's first bytes then decide what it is). */
export const RAW_FILE_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/jpg",
  "image/pjpeg",
  "image/png",
  "image/webp",
  "application/octet-stream",
];

/** The longest text a QR code can hold (version 40, 7,089 digits), rounded up. */
const MAX_QR_TEXT = 8192;

function unsupported(type: string): SceauError {
  return new SceauError(
    "UNSUPPORTED_MEDIA_TYPE",
    `${type ? `Content type ${type} is not accepted.` : "The request has no content type."} Send a PDF, a JPEG, PNG or WebP image (raw or as the multipart field "file"), or application/json {"qr": "<scanned text>"}.`,
    { details: { accepted: [...ACCEPTED_TYPES] } },
  );
}

/** Answers HEIC and unknown types from the headers alone, before any of the body is read. */
export function checkContentType(req: Request): void {
  const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (HEIC_TYPES.includes(type)) throw heicError();
  if (type === "application/json" || type === "multipart/form-data" || RAW_FILE_TYPES.includes(type)) return;
  throw unsupported(type);
}

export function qrFromJson(body: unknown): VerifyInput {
  const qr = (body as { qr?: unknown } | undefined)?.qr;
  if (typeof qr !== "string" || qr.length === 0) {
    throw new SceauError("BAD_REQUEST", 'Send JSON {"qr": "<scanned text>"}.');
  }
  if (qr.length > MAX_QR_TEXT)
    throw new SceauError("PAYLOAD_TOO_LARGE", "The QR text is longer than any QR code can hold.");
  return { kind: "text", qr };
}

export function fileFromRaw(req: Request): VerifyInput {
  const body = req.body as unknown;
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new SceauError("BAD_REQUEST", "The request body is empty.");
  const declared = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? null;
  return {
    kind: "file",
    bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    declaredType: declared,
  };
}

/**
 * Reads a multipart upload: the field `file` (one file, at most `maxBytes`), or the text field
 * `qr`. Other fields and files are ignored.
 * @throws {SceauError} `PAYLOAD_TOO_LARGE` over the limit, `BAD_REQUEST` for a malformed body or
 * one with neither field
 */
export function readMultipart(req: Request, maxBytes: number): Promise<VerifyInput> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          fileSize: maxBytes,
          files: 2,
          fields: 8,
          fieldSize: MAX_QR_TEXT,
          parts: 16,
          headerPairs: 32,
        },
      });
    } catch (cause) {
      reject(new SceauError("BAD_REQUEST", "Malformed multipart/form-data request.", { cause }));
      return;
    }
    let settled = false;
    const fail = (e: SceauError): void => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      // Stop reading: the rest of an oversized body is not wanted.
      req.resume();
      reject(e);
    };
    let file: { chunks: Buffer[]; size: number; type: string; name: string | null } | null = null;
    let qr: string | null = null;
    const malformed = (cause: unknown): void => {
      fail(new SceauError("BAD_REQUEST", "Malformed multipart/form-data request.", { cause }));
    };
    bb.on("file", (name, stream, info) => {
      // A body that ends inside a file fails the file's stream too: an 'error' without a
      // listener would take the whole process down.
      stream.on("error", malformed);
      if (name !== "file" || file) {
        stream.resume();
        return;
      }
      const f = { chunks: [] as Buffer[], size: 0, type: info.mimeType, name: info.filename ?? null };
      file = f;
      stream.on("data", (chunk: Buffer) => {
        f.chunks.push(chunk);
        f.size += chunk.length;
      });
      stream.on("limit", () => {
        fail(new SceauError("PAYLOAD_TOO_LARGE", `The file exceeds the upload limit of ${maxBytes} bytes.`));
      });
    });
    bb.on("field", (name, value, info) => {
      if (name === "qr") {
        if (info.valueTruncated) fail(new SceauError("PAYLOAD_TOO_LARGE", "The QR text is too long."));
        qr = value;
      }
    });
    bb.on("error", malformed);
    bb.on("close", () => {
      if (settled) return;
      settled = true;
      if (file && file.size > 0) {
        const bytes = Buffer.concat(file.chunks, file.size);
        resolve({
          kind: "file",
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          declaredType: file.type,
          fileName: file.name,
        });
      } else if (qr) {
        // qrFromJson only throws SceauError (BAD_REQUEST, PAYLOAD_TOO_LARGE).
        try {
          resolve(qrFromJson({ qr }));
        } catch (e) {
          reject(e instanceof Error ? e : new SceauError("BAD_REQUEST", String(e)));
        }
      } else {
        reject(new SceauError("BAD_REQUEST", 'Send the file in the multipart field "file".'));
      }
    });
    req.pipe(bb);
  });
}
