/**
 * Decoded-size accounting for pdf.js, which has no limit of its own on what a stream inflates to:
 * a 4 MB file can hold a flate stream of 4 GB (a content stream, an image, a font), and pdf.js
 * grows one buffer to hold all of it. Two bounds, both meant for the renderer's worker thread
 * only (`raster-worker.ts`), which runs nothing but pdf.js:
 *
 * 1. {@link scanFlateStreams}, before pdf.js sees the file: every stream that starts as a zlib
 *    stream is inflated natively, counting and discarding the output, and the file is refused at
 *    the first stream over the budget. A plain flate bomb costs a few tens of milliseconds.
 * 2. {@link installDecodeBudget}, while pdf.js opens the file and draws a page: every byte array
 *    allocated in this thread (`Uint8Array`, `Uint8ClampedArray`, the output of the platform's
 *    `DecompressionStream`) is counted against the budget, and once it is spent every further
 *    allocation fails at once. This covers what the scan cannot see: other filters before flate,
 *    encrypted streams, JPEG, JBIG2 and JPX images decoded by pdf.js itself. pdf.js catches the
 *    failure and goes on drawing what it can; the caller then reports the page as too large.
 *
 * The count is of bytes allocated, not bytes alive: a conservative bound.
 * @module
 */
import { createInflate } from "node:zlib";
import { SceauError } from "../core/errors.ts";

export function contentTooLarge(maxBytes: number): SceauError {
  return new SceauError(
    "PDF_CONTENT_TOO_LARGE",
    `The PDF decodes to more than ${maxBytes.toLocaleString("en-US")} bytes for one page; it is not searched.`,
    { details: { maxDecodedBytes: maxBytes } },
  );
}

const STREAM = Buffer.from("stream", "latin1");
const ENDSTREAM = Buffer.from("endstream", "latin1");
/** How far after `stream` its end of line is looked for. */
const MAX_KEYWORD_LINE = 256;

/**
 * Where the data of each `stream` keyword starts (after its end of line, as pdf.js reads it) and
 * ends (the next `endstream`). Linear in the file's size whatever it holds: the next `endstream`
 * is searched for once per run of keywords before it.
 */
function* streamSpans(pdf: Buffer): Generator<{ start: number; end: number }> {
  let at = 0;
  let nextEnd = -1;
  for (;;) {
    const k = pdf.indexOf(STREAM, at);
    if (k < 0) return;
    at = k + STREAM.length;
    // "endstream" contains "stream": not a start.
    if (k >= 3 && pdf[k - 3] === 0x65 && pdf[k - 2] === 0x6e && pdf[k - 1] === 0x64) continue;
    let start = at;
    const eol = Math.min(pdf.length, at + MAX_KEYWORD_LINE);
    while (start < eol && pdf[start] !== 0x0a && pdf[start] !== 0x0d) start++;
    if (start === eol) start = at;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    if (nextEnd < start) {
      const e = pdf.indexOf(ENDSTREAM, start);
      nextEnd = e < 0 ? pdf.length : e;
    }
    yield { start, end: nextEnd };
  }
}

/** The two-byte zlib header pdf.js accepts for /FlateDecode. */
function isZlibHeader(cmf: number | undefined, flg: number | undefined): boolean {
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 0x08 && ((cmf << 8) + flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** Bytes `data` inflates to, counting at most `limit + 1` of them. Broken data counts what it gave. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    let total = 0;
    const inflate = createInflate({ chunkSize: 256 * 1024 });
    const done = (): void => {
      inflate.removeAllListeners();
      inflate.on("error", () => undefined);
      inflate.destroy();
      resolve(total);
    };
    inflate.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) done();
    });
    inflate.on("end", done);
    inflate.on("error", done);
    inflate.end(data);
  });
}

/**
 * Refuses a file with a flate stream that inflates to more than `maxBytes`.
 * @throws {SceauError} `PDF_CONTENT_TOO_LARGE`
 */
export async function scanFlateStreams(pdf: Uint8Array, maxBytes: number): Promise<void> {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  for (const { start, end } of streamSpans(buf)) {
    if (!isZlibHeader(buf[start], buf[start + 1])) continue;
    // A stream cannot inflate to more than about 1,032 times its size.
    if ((end - start) * 1032 <= maxBytes) continue;
    if ((await inflatedSize(buf.subarray(start, end), maxBytes)) > maxBytes) throw contentTooLarge(maxBytes);
  }
}

export interface DecodeBudget {
  /** Starts counting from zero against `maxBytes`. */
  begin(maxBytes: number): void;
  /** Stops counting; true when the budget ran out since `begin`. */
  end(): boolean;
}

/** The constructors counted: pdf.js's decoders allocate their output through these. */
const COUNTED = ["Uint8Array", "Uint8ClampedArray"] as const;

let installed: DecodeBudget | null = null;

/**
 * Counts, in this thread, the byte arrays allocated between `begin` and `end`. Installed once per
 * thread; only in a thread that runs pdf.js and nothing else.
 */
export function installDecodeBudget(): DecodeBudget {
  if (installed) return installed;
  let limit = Number.POSITIVE_INFINITY;
  let used = 0;
  let exceeded = false;
  const count = (bytes: number): void => {
    if (!Number.isFinite(limit)) return;
    used += bytes;
    if (used > limit) {
      exceeded = true;
      throw new RangeError("Decode budget exceeded.");
    }
  };
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of COUNTED) {
    const original = g[name] as typeof Uint8Array;
    g[name] = new Proxy(original, {
      construct(target, args: unknown[], newTarget: (...a: unknown[]) => unknown) {
        const [first] = args;
        if (typeof first === "number") count(first);
        else if (
          typeof first === "object" &&
          first !== null &&
          !(first instanceof ArrayBuffer) &&
          !(first instanceof SharedArrayBuffer) &&
          typeof (first as { length?: unknown }).length === "number"
        ) {
          count((first as { length: number }).length);
        }
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
  }
  const Native = globalThis.DecompressionStream;
  class CountedDecompressionStream {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<BufferSource>;
    constructor(format: CompressionFormat) {
      const inner = new Native(format);
      this.writable = inner.writable;
      this.readable = inner.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            try {
              count(chunk.byteLength);
              controller.enqueue(chunk);
            } catch (e) {
              controller.error(e);
            }
          },
        }),
      );
    }
  }
  g.DecompressionStream = CountedDecompressionStream;
  installed = {
    begin(maxBytes) {
      limit = maxBytes;
      used = 0;
      exceeded = false;
    },
    end() {
      limit = Number.POSITIVE_INFINITY;
      return exceeded;
    },
  };
  return installed;
}
