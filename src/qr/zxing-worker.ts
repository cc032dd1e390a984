/**
 * zxing-wasm in a worker thread: one decoding call on a large noisy image can take half a second,
 * and on the main thread it would hold every other request (a genuine photo waited behind a
 * flood of slow uploads). The main thread sends `{ id, pgm | rgba, options }` and gets back the
 * texts of the valid QR codes, or `error: true`.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import { prepareZXingModule, readBarcodes, type ReaderOptions } from "zxing-wasm/reader";

/** What to decode: a grey image as a PGM file, or RGBA pixels. */
export type ZxingRequest = { readonly options: ReaderOptions } & (
  | { readonly pgm: Uint8Array }
  | { readonly rgba: { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number } }
);

export type ZxingJob = ZxingRequest & { readonly id: number };

export type ZxingAnswer =
  | { readonly id: number; readonly texts: string[] }
  | { readonly id: number; readonly error: true };

const require = createRequire(import.meta.url);
const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
// The binary from the package: by default zxing-wasm fetches it from a CDN.
const ready = prepareZXingModule({
  overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  fireImmediately: true,
});

parentPort?.on("message", (job: ZxingJob) => {
  void (async (): Promise<ZxingAnswer> => {
    try {
      await ready;
      const input = "pgm" in job ? job.pgm : ({ ...job.rgba, colorSpace: "srgb" } as unknown as ImageData);
      const results = await readBarcodes(input, job.options);
      return { id: job.id, texts: results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text) };
    } catch {
      return { id: job.id, error: true };
    }
  })().then((answer) => {
    parentPort?.postMessage(answer);
  });
});
