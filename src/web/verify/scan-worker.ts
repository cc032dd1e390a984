/**
 * The QR-scanning worker: decodes camera frames with zxing-wasm (zxing-cpp) off the page's main
 * thread, so the preview stays smooth. Its WebAssembly comes from this origin (the page passes
 * the URL), never from a CDN; this script alone is allowed to compile WebAssembly.
 * @module
 */
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import type { FromWorker, ToWorker } from "./scan-protocol.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
};

let ready: Promise<unknown> | null = null;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") {
    ready = prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? m.wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
    ready.then(
      () => {
        scope.postMessage({ type: "ready" });
      },
      (err: unknown) => {
        scope.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) });
      },
    );
    return;
  }
  void scan(m.id, m.width, m.height, m.data);
};

async function scan(id: number, width: number, height: number, data: ArrayBuffer): Promise<void> {
  try {
    await ready;
    const image = { data: new Uint8ClampedArray(data), width, height, colorSpace: "srgb" } as ImageData;
    const results = await readBarcodes(image, {
      formats: ["QRCode"],
      tryHarder: true,
      maxNumberOfSymbols: 4,
    });
    scope.postMessage({
      type: "result",
      id,
      texts: results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text),
    });
  } catch (err) {
    scope.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
}
