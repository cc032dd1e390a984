/**
 * Fuzz targets shared by the long fuzz script (scripts/fuzz.ts, 100,000+ cases per target) and
 * the seeded run in the tests: the seal decoder, the QR text parser, the PDF revision reader and
 * `POST /api/v1/verify`. A target takes one generated input and must return normally or throw a
 * SceauError with one of the codes it lists (an HTTP target: answer a report or a 4xx with one of
 * its codes, at that code's status): anything else (another code, a TypeError, a RangeError, a
 * 5xx, a hang) is a bug.
 */
import fc from "fast-check";
import { makeSample } from "../../scripts/samples.ts";
import { SceauError, isErrorCode, type ErrorCode } from "../../src/core/errors.ts";
import { sha256 } from "../../src/core/hash.ts";
import { decodeQrText, sealToQrText } from "../../src/core/qr-text.ts";
import { decodeSeal, encodeSeal } from "../../src/core/seal.ts";
import { HTTP_STATUS } from "../../src/http/errors.ts";
import { checkPdfIntegritySync, revisionEnds } from "../../src/pdf/integrity.ts";
import { firstPage, readXrefChain } from "../../src/pdf/parse.ts";
import { readSealTexts } from "../../src/pdf/seal-text.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { COMPANY_SEAL, PERSON_SEAL } from "../vectors/seal-v1.ts";

export interface FuzzTarget<T> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** The error codes the code under test may answer with (documented for it); any other fails. */
  readonly codes: readonly ErrorCode[];
  /**
   * Runs one case against `codes` (default: the target's own list); answers "ok" or the code
   * seen, and throws {@link UndocumentedError} (or the unexpected error) when the case fails.
   */
  run(input: T, codes?: readonly ErrorCode[]): string | Promise<string>;
  /** A case slower than this counts as a hang (default 2,000 ms). */
  readonly maxMs?: number;
}

/** Raised when a target sees an error outside its list: what the fuzz run reports. */
export class UndocumentedError extends Error {
  override readonly name = "UndocumentedError";
}

/**
 * Runs `f`; returns "ok" or the code of the SceauError it threw when `codes` lists it, and fails
 * on anything else: another code, or an error that is no SceauError.
 */
export function expectCodes(codes: readonly ErrorCode[], f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    return allowed(codes, e);
  }
}

/** A target that runs `call` on each input and accepts only `codes`. */
function target<T>(
  name: string,
  input: fc.Arbitrary<T>,
  codes: readonly ErrorCode[],
  call: (x: T) => unknown,
): FuzzTarget<unknown> {
  return {
    name,
    input,
    codes,
    run: (x, allowedCodes = codes) => expectCodes(allowedCodes, () => call(x as T)),
  };
}

function allowed(codes: readonly ErrorCode[], e: unknown): string {
  if (!(e instanceof SceauError)) throw e;
  if (!codes.includes(e.code)) {
    throw new UndocumentedError(
      `${e.code} is not among this target's codes (${codes.join(", ")}): ${e.message}`,
      {
        cause: e,
      },
    );
  }
  return e.code;
}

/** Codes of the seal decoder (README "Error codes"). */
const SEAL_CODES: readonly ErrorCode[] = [
  "SEAL_EMPTY",
  "SEAL_UNKNOWN_VERSION",
  "SEAL_TRUNCATED",
  "SEAL_TRAILING_BYTES",
  "SEAL_FIELD_INVALID",
  "SEAL_TOO_LARGE",
];
/** Codes of the QR text parser: its own, and the seal decoder's. */
const QR_TEXT_CODES: readonly ErrorCode[] = ["QR_TEXT_INVALID", "QR_LINK_INVALID", ...SEAL_CODES];
/** Codes of the PDF revision reader. */
const PDF_READER_CODES: readonly ErrorCode[] = ["PDF_UNREADABLE"];

const seeds = [encodeSeal(PERSON_SEAL), encodeSeal(COMPANY_SEAL)];

/** Tokens that make PDF (and multipart) parsers take other paths when inserted anywhere. */
const PDF_TOKENS = [
  "<<",
  ">>",
  "[",
  "]",
  "(",
  ")",
  "\\",
  "<",
  ">",
  "/SceauSeal ",
  "/SceauStampBox [",
  "%%EOF\n",
  "startxref\n",
  "xref\n0 1\n",
  "trailer\n",
  " 0 obj\n",
  "endobj\n",
  "stream\n",
  "endstream\n",
  " 0 R ",
  "/Length ",
  "/Prev ",
  "/Root ",
  "/Kids [",
  "/Contents ",
  "%",
  "\r\n",
  "--boundary\r\n",
  'Content-Disposition: form-data; name="file"; filename="x"\r\n',
];

type Op = { kind: string; at: number; value: number; length: number };

const ops = (maxOps: number): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.record({
      kind: fc.constantFrom(
        "flip",
        "set",
        "insert",
        "delete",
        "truncate",
        "splice",
        "number",
        "token",
        "repeat",
      ),
      at: fc.nat(),
      value: fc.nat({ max: 0xffffffff }),
      length: fc.integer({ min: 1, max: 40 }),
    }),
    { minLength: 1, maxLength: maxOps },
  );

/** Applies byte-level and token-level mutations to `a` (`b` is a second genuine input to splice in). */
function mutate(a: Uint8Array, b: Uint8Array, list: readonly Op[]): Uint8Array {
  let out = Buffer.from(a);
  for (const op of list) {
    const at = out.length === 0 ? 0 : op.at % out.length;
    switch (op.kind) {
      case "flip":
        if (out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << (op.value % 8));
        break;
      case "set":
        if (out.length > 0) out[at] = op.value & 0xff;
        break;
      case "insert":
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.alloc(op.length, op.value & 0xff),
          out.subarray(at),
        ]);
        break;
      case "delete":
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + op.length)]);
        break;
      case "truncate":
        out = out.subarray(0, at);
        break;
      case "splice":
        out = Buffer.concat([out.subarray(0, at), Buffer.from(b.subarray(op.value % Math.max(1, b.length)))]);
        break;
      case "number": {
        // Replace the n-th run of digits (offsets, lengths, object numbers) by another number.
        const text = out.toString("latin1");
        const runs = [...text.matchAll(/\d+/g)];
        const run = runs.length > 0 ? runs[op.value % runs.length] : undefined;
        if (run?.index !== undefined) {
          const n = [0, 1, op.value, op.value * 1e6, 2 ** 53, -1][op.length % 6] ?? 0;
          out = Buffer.concat([
            out.subarray(0, run.index),
            Buffer.from(String(n), "latin1"),
            out.subarray(run.index + run[0].length),
          ]);
        }
        break;
      }
      case "token": {
        const token = Buffer.from(PDF_TOKENS[op.value % PDF_TOKENS.length] ?? "", "latin1");
        out = Buffer.concat([out.subarray(0, at), token, out.subarray(at)]);
        break;
      }
      case "repeat": {
        // Deep nesting or long runs: a token repeated up to 2,000 times.
        const token = Buffer.from(PDF_TOKENS[op.value % PDF_TOKENS.length] ?? "", "latin1");
        const times = 1 + ((op.value >>> 8) % 2000);
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.alloc(token.length * times, token),
          out.subarray(at),
        ]);
        break;
      }
    }
  }
  return new Uint8Array(out);
}

/** Mutations of genuine inputs: byte flips, insertions, deletions, truncations, splices, tokens. */
function mutatedFrom(genuine: readonly Uint8Array[], maxOps = 6): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...genuine), fc.constantFrom(...genuine), ops(maxOps))
    .map(([a, b, list]) => mutate(a, b, list));
}

/** Byte-level mutations of valid seals. */
const mutatedSeal: fc.Arbitrary<Uint8Array> = mutatedFrom(seeds);

export const SEAL_TARGETS: readonly FuzzTarget<unknown>[] = [
  target("seal decoder: mutated seals", mutatedSeal, SEAL_CODES, decodeSeal),
  target(
    "seal decoder: random bytes after a valid version byte",
    fc.uint8Array({ maxLength: 3000 }).map((b) => Uint8Array.of(1, ...b)),
    SEAL_CODES,
    decodeSeal,
  ),
  target(
    "QR text parser: mutated text",
    fc.tuple(mutatedSeal, fc.string({ maxLength: 40 }), fc.nat()).map(([bytes, junk, at]) => {
      const text = sealToQrText(bytes.length > 0 ? bytes : Uint8Array.of(1), "https://verify.example.ch");
      const i = at % (text.length + 1);
      return text.slice(0, i) + junk + text.slice(i);
    }),
    QR_TEXT_CODES,
    decodeQrText,
  ),
  target(
    "QR text parser: arbitrary unicode",
    fc.string({ unit: "binary", maxLength: 4000 }),
    QR_TEXT_CODES,
    decodeQrText,
  ),
];

// ---- The PDF revision reader ----

/** PDF syntax soup: random tokens, numbers, names and strings after a PDF header. */
const pdfSoup: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PDF_TOKENS),
      fc.integer({ min: -5, max: 100_000 }).map(String),
      fc.stringMatching(/^\/[A-Za-z#0-9]{0,12}$/),
      fc.string({ maxLength: 30 }).map((t) => `(${t})`),
      fc.stringMatching(/^<[0-9a-fA-F]{0,16}>$/),
    ),
    { maxLength: 400 },
  )
  .map((parts) => new Uint8Array(Buffer.from(`%PDF-1.7\n${parts.join(" ")}`, "latin1")));

/**
 * Targets for the PDF revision reader: finding the stamp's text, finding revision 1 by its digest,
 * and the byte-exact check, which parses revision 1's structure. An attacker controls every byte,
 * and can also make a seal whose digest names any prefix of their file, so the reader is also run
 * on the mutated file's own first revision.
 */
export async function pdfTargets(): Promise<FuzzTarget<unknown>[]> {
  const [a, b] = await Promise.all([makeSample("fr", 3, 0), makeSample("de", 0, 1)]);
  const genuine = [a.pdf, b.pdf];
  const genuineDigest = sha256(a.revision1);
  /** Every reader step on one file; the outcome of the last that failed, else "ok". */
  const read =
    (pdf: Uint8Array) =>
    (codes: readonly ErrorCode[]): string => {
      const text = readSealTexts(pdf)[0] ?? a.qrText;
      const firstEnd = revisionEnds(pdf)[0];
      const ownDigest = sha256(pdf.subarray(0, firstEnd ?? pdf.length));
      const outcomes = [
        ...[
          [ownDigest, text],
          [genuineDigest, a.qrText],
        ].map(([digest, qr]) =>
          expectCodes(codes, () => checkPdfIntegritySync(pdf, digest as Uint8Array, qr as string)),
        ),
        expectCodes(codes, () => firstPage(pdf, readXrefChain(pdf))),
      ];
      return outcomes.filter((o) => o !== "ok").pop() ?? "ok";
    };
  const pdfTarget = (name: string, input: fc.Arbitrary<Uint8Array>): FuzzTarget<unknown> => ({
    name,
    input,
    codes: PDF_READER_CODES,
    run: (pdf, codes = PDF_READER_CODES) => read(pdf as Uint8Array)(codes),
  });
  return [
    pdfTarget("PDF revision reader: mutated sealed PDFs", mutatedFrom(genuine, 8)),
    pdfTarget("PDF revision reader: generated PDF syntax", pdfSoup),
  ];
}

// ---- POST /api/v1/verify ----

const VERDICTS = new Set(["valid", "modified", "revoked", "invalid", "unavailable"]);

/**
 * What `POST /api/v1/verify` may answer a client with (docs/api.md, "Verification inputs"), besides a
 * report; the chain is up and requests come one at a time, so never a 5xx nor `VERIFY_BUSY`.
 */
export const VERIFY_API_CODES: readonly ErrorCode[] = [
  "BAD_REQUEST",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "HEIC_UNSUPPORTED",
  "QR_NOT_FOUND",
  "PDF_UNREADABLE",
  "IMAGE_UNREADABLE",
  "IMAGE_TOO_LARGE",
  "PDF_TOO_MANY_PAGES",
  "PDF_CONTENT_TOO_LARGE",
  "TIME_BUDGET_EXCEEDED",
  "QR_LINK_INVALID",
];

/**
 * Checks one answer of `POST /api/v1/verify`: a report with a verdict (200), or an error whose code
 * is in `codes` and answered with that code's status.
 * @throws {UndocumentedError} otherwise
 */
export function checkVerifyAnswer(codes: readonly ErrorCode[], status: number, text: string): string {
  let body: { verdict?: unknown; error?: { code?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new UndocumentedError(`HTTP ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (status === 200) {
    if (!VERDICTS.has(String(body.verdict)))
      throw new UndocumentedError(`200 without a verdict: ${text.slice(0, 300)}`);
    return "ok";
  }
  const code = String(body.error?.code);
  if (status >= 500 || !isErrorCode(code) || !codes.includes(code) || HTTP_STATUS[code] !== status) {
    throw new UndocumentedError(`HTTP ${status} ${code}: ${text.slice(0, 300)}`);
  }
  return code;
}

/** One request to the verification endpoint. */
interface VerifyRequest {
  readonly contentType: string | null;
  readonly contentEncoding: string | null;
  readonly query: string;
  readonly body: Uint8Array;
}

/**
 * Generated and mutated requests to `POST /api/v1/verify` on a running service (`base`): JSON with
 * mutated QR texts or any JSON value, raw files (mutated PDFs, PNG, JPEG and WebP photos, random
 * bytes) under any content type and encoding, and mutated multipart uploads. Every answer must be
 * a report (200) or a 4xx whose code is documented and maps to that status; never a 5xx (the
 * chain is up), never a hang.
 */
export async function verifyApiTarget(base: string): Promise<FuzzTarget<unknown>> {
  const samples = await Promise.all([makeSample("fr", 3, 0), makeSample("it", 0, 2)]);
  const pdfs = samples.map((s) => s.pdf);
  const qr = samples[0].qrText;
  const photos = (
    await Promise.all([
      qrPhoto(qr, { side: 320, format: "png", seed: 1 }),
      qrPhoto(qr, { side: 320, format: "jpeg", quality: 60, rotate: 7, seed: 2 }),
      qrPhoto(qr, { side: 320, format: "webp", seed: 3 }),
    ])
  ).map((b) => new Uint8Array(b));
  const texts = [qr, ...samples.map((s) => s.qrText)].map((t) => new Uint8Array(Buffer.from(t)));
  const multipart = (file: Uint8Array, field: string, boundary: string): Uint8Array =>
    new Uint8Array(
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="upload"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(file),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    );
  const anyType = fc.constantFrom(
    "application/json",
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/heic",
    "image/gif",
    "application/octet-stream",
    "text/plain",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/json; charset=latin1",
    "application/json; charset=utf-16",
    "",
  );
  const request = (
    contentType: fc.Arbitrary<string | null>,
    body: fc.Arbitrary<Uint8Array>,
  ): fc.Arbitrary<VerifyRequest> =>
    fc.record({
      contentType,
      contentEncoding: fc.option(fc.constantFrom("gzip", "deflate", "br", "identity", "x-garbage"), {
        freq: 12,
      }),
      query: fc.oneof(
        { weight: 6, arbitrary: fc.constant("") },
        { weight: 1, arbitrary: fc.constantFrom("?lang=de", "?lang=xx", "?lang=", "?lang=fr&lang=it") },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((q) => `?${encodeURIComponent(q)}=1`) },
      ),
      body,
    });
  const json = (v: fc.Arbitrary<unknown>): fc.Arbitrary<Uint8Array> =>
    v.map((x) => new Uint8Array(Buffer.from(JSON.stringify(x))));
  const mutatedText = mutatedFrom(texts, 4).map((b) => Buffer.from(b).toString("latin1"));
  const input = fc.oneof(
    // JSON: mutated QR texts, the wrong shapes, any JSON, broken JSON.
    {
      weight: 30,
      arbitrary: request(
        fc.constant("application/json"),
        fc.oneof(
          json(mutatedText.map((t) => ({ qr: t }))),
          json(
            fc.record({ qr: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())) }),
          ),
          json(fc.jsonValue({ maxDepth: 4 })),
          fc.string({ maxLength: 200 }).map((t) => new Uint8Array(Buffer.from(t))),
        ),
      ),
    },
    // Our PDFs, mutated, under the right or a wrong type.
    {
      weight: 12,
      arbitrary: request(
        fc.oneof({ weight: 4, arbitrary: fc.constant("application/pdf") }, { weight: 1, arbitrary: anyType }),
        mutatedFrom(pdfs, 6),
      ),
    },
    // Photos, mutated (headers, dimensions, compressed data).
    { weight: 3, arbitrary: request(anyType, mutatedFrom(photos, 3)) },
    // Random bytes under any type.
    { weight: 6, arbitrary: request(fc.option(anyType, { nil: null }), fc.uint8Array({ maxLength: 4096 })) },
    // Multipart uploads, mutated.
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...pdfs, ...photos, ...texts),
          fc.constantFrom("file", "qr", "other", ""),
          fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,70}$/),
          ops(3),
          fc.boolean(),
        )
        .map(([file, field, boundary, list, mutateIt]) => {
          const body = multipart(file, field, boundary);
          return {
            contentType: `multipart/form-data; boundary=${boundary}`,
            contentEncoding: null,
            query: "",
            body: mutateIt ? mutate(body, body, list) : body,
          };
        }),
    },
  );
  return {
    name: "POST /api/v1/verify: generated and mutated requests",
    input,
    codes: VERIFY_API_CODES,
    // A file the QR code is searched for in pixels may take up to the time budget.
    maxMs: 10_000,
    run: async (r, codes = VERIFY_API_CODES) => {
      const req = r as VerifyRequest;
      const headers: Record<string, string> = {};
      if (req.contentType !== null) headers["content-type"] = req.contentType;
      if (req.contentEncoding !== null) headers["content-encoding"] = req.contentEncoding;
      const res = await fetch(`${base}/api/v1/verify${req.query}`, {
        method: "POST",
        headers,
        body: new Uint8Array(req.body),
      });
      return checkVerifyAnswer(codes, res.status, await res.text());
    },
  };
}
