/**
 * Scanning with the camera: the back camera's video in the page, frames handed to the scanning
 * worker one at a time (a new frame only once the last is decoded, so a slow phone never queues
 * work), the torch where the camera has one.
 * @module
 */
import type { FromWorker, ToWorker } from "./scan-protocol.ts";

export interface Scanner {
  /** Switches the torch; null when the camera has none (or the browser cannot say). */
  readonly setTorch: ((on: boolean) => Promise<void>) | null;
  stop(): void;
}

export interface ScanOptions {
  readonly video: HTMLVideoElement;
  readonly workerUrl: string;
  readonly wasmUrl: string;
  /** Called with every QR text seen; returning true ends the scan. */
  readonly onText: (text: string) => boolean;
  /** The decoder could not start (the scan is then stopped). */
  readonly onFailure: (message: string) => void;
}

/** Largest side of the frames sent to the worker: enough for a seal's QR held in the frame. */
const MAX_SIDE = 960;

/**
 * Opens the camera and scans until `onText` accepts a text or `stop` is called.
 * @throws the browser's error (`NotAllowedError`, `NotFoundError`, ...) when there is no camera
 */
export async function startScanner(o: ScanOptions): Promise<Scanner> {
  if (!("mediaDevices" in navigator) || typeof navigator.mediaDevices.getUserMedia !== "function") {
    throw new DOMException("No camera API", "NotFoundError");
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 960 } },
  });
  const track = stream.getVideoTracks()[0];
  o.video.srcObject = stream;
  o.video.muted = true;
  o.video.playsInline = true;
  await o.video.play().catch(() => undefined);

  const worker = new Worker(o.workerUrl);
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  let stopped = false;
  let busy = false;
  let frame = 0;
  let timer: number | undefined;

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    worker.terminate();
    for (const t of stream.getTracks()) t.stop();
    o.video.srcObject = null;
  };

  const next = (): void => {
    if (stopped) return;
    timer = window.setTimeout(grab, 80);
  };

  const grab = (): void => {
    if (stopped || busy || !ctx) return;
    const w = o.video.videoWidth;
    const h = o.video.videoHeight;
    if (w === 0 || h === 0) {
      next();
      return;
    }
    // The centre square, where the framing guide is.
    const side = Math.min(w, h);
    const scale = Math.min(1, MAX_SIDE / side);
    const out = Math.round(side * scale);
    canvas.width = out;
    canvas.height = out;
    ctx.drawImage(o.video, (w - side) / 2, (h - side) / 2, side, side, 0, 0, out, out);
    const pixels = ctx.getImageData(0, 0, out, out);
    busy = true;
    const message: ToWorker = {
      type: "scan",
      id: ++frame,
      width: out,
      height: out,
      data: pixels.data.buffer,
    };
    worker.postMessage(message, [pixels.data.buffer]);
  };

  let started = false;
  const fail = (message: string): void => {
    stop();
    o.onFailure(message);
  };
  worker.onerror = (e) => {
    fail(e.message);
  };
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === "ready") {
      started = true;
      grab();
      return;
    }
    if (m.type === "error" && !started) {
      fail(m.message);
      return;
    }
    busy = false;
    if (m.type === "result") {
      for (const text of m.texts) {
        if (o.onText(text)) {
          stop();
          return;
        }
      }
    }
    next();
  };
  worker.postMessage({ type: "init", wasmUrl: o.wasmUrl } satisfies ToWorker);

  let setTorch: Scanner["setTorch"] = null;
  const caps = track && typeof track.getCapabilities === "function" ? track.getCapabilities() : null;
  if (track && caps && "torch" in caps && caps.torch) {
    setTorch = (on) => track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
  }
  return { setTorch, stop };
}
