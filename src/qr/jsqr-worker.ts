/**
 * jsQR in a worker thread: it has no time bound of its own (9 to 26 s on noisy pages), so it runs
 * here, where the main thread can terminate it at the request's deadline.
 * @module
 */
import { parentPort } from "node:worker_threads";
import jsQRModule from "jsqr";

// The package is CommonJS with its function under `default`.
const jsQR = jsQRModule.default;

export interface JsQrJob {
  readonly id: number;
  /** Grey (1 byte per pixel) or RGBA (4). */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 4;
}

export interface JsQrAnswer {
  readonly id: number;
  readonly text: string | null;
}

parentPort?.on("message", (job: JsQrJob) => {
  const { data, width, height, channels } = job;
  let rgba: Uint8ClampedArray;
  if (channels === 4) {
    rgba = new Uint8ClampedArray(data.buffer, data.byteOffset, width * height * 4);
  } else {
    rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, o = 0; i < width * height; i++, o += 4) {
      const v = data[i] ?? 0;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
  }
  const found = jsQR(rgba, width, height, { inversionAttempts: "dontInvert" });
  const answer: JsQrAnswer = { id: job.id, text: found && found.data.length > 0 ? found.data : null };
  parentPort?.postMessage(answer);
});
