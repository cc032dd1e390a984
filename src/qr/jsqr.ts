/**
 * jsQR with a hard time limit: jobs run one at a time in a worker thread (`jsqr-worker.ts`), and a
 * job still running at its deadline is stopped by terminating the worker. A new worker is started
 * for the next job. Jobs waiting in the queue past their deadline never start.
 * @module
 */
import { Worker } from "node:worker_threads";
import { hardLimits, watchHeap } from "../workers/heap-watch.ts";
import type { JsQrAnswer, JsQrJob } from "./jsqr-worker.ts";

export type JsQrOutcome =
  | { readonly status: "found"; readonly text: string }
  | { readonly status: "none" }
  | { readonly status: "timeout" };

interface Pending {
  readonly job: JsQrJob;
  readonly deadlineAt: number;
  readonly resolve: (outcome: JsQrOutcome) => void;
}

/**
 * The JavaScript heap the jsQR thread may use, in MB (`src/workers/heap-watch.ts`): its images are
 * at most 1,600 pixels a side (about 10 MB in RGBA, outside the heap) and jsQR's own objects need
 * far less. A thread over it is stopped, and its job ends as `none`.
 */
const JSQR_HEAP_MB = 128;

export class JsQrRunner {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: NodeJS.Timeout; unwatch: () => void } | null = null;
  private nextId = 1;
  private closed = false;

  /**
   * Decodes one grey (1 channel) or RGBA (4 channels) image, giving up after `timeoutMs`
   * (waiting time in the queue included).
   */
  decode(
    image: { readonly data: Uint8Array | Uint8ClampedArray; readonly width: number; readonly height: number },
    channels: 1 | 4,
    timeoutMs: number,
  ): Promise<JsQrOutcome> {
    if (this.closed || timeoutMs <= 0) return Promise.resolve({ status: "timeout" });
    // A copy the worker can own: the caller's buffer may be a view into a shared pool.
    const data = new Uint8Array(image.width * image.height * channels);
    data.set(image.data.subarray(0, data.length));
    const job: JsQrJob = { id: this.nextId++, data, width: image.width, height: image.height, channels };
    return new Promise((resolve) => {
      this.queue.push({ job, deadlineAt: performance.now() + timeoutMs, resolve });
      this.pump();
    });
  }

  /** Stops the worker; queued and running jobs end as `timeout`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ status: "timeout" });
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.unwatch();
      this.current.pending.resolve({ status: "timeout" });
      this.current = null;
    }
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private pump(): void {
    while (!this.current && this.queue.length > 0) {
      const pending = this.queue.shift() as Pending;
      const left = pending.deadlineAt - performance.now();
      if (left <= 0) {
        pending.resolve({ status: "timeout" });
        continue;
      }
      const worker = this.ensureWorker();
      const timer = setTimeout(() => {
        // jsQR cannot be interrupted: the only bound is to kill its thread.
        this.finish(pending.job.id, { status: "timeout" });
        this.dropWorker();
      }, left);
      const unwatch = watchHeap(worker, JSQR_HEAP_MB, () => {
        this.finish(pending.job.id, { status: "none" });
        this.dropWorker();
      });
      this.current = { pending, timer, unwatch };
      worker.postMessage(pending.job, [pending.job.data.buffer as ArrayBuffer]);
    }
  }

  private finish(id: number, outcome: JsQrOutcome): void {
    const cur = this.current;
    if (!cur || cur.pending.job.id !== id) return;
    clearTimeout(cur.timer);
    cur.unwatch();
    this.current = null;
    cur.pending.resolve(outcome);
    queueMicrotask(() => {
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./jsqr-worker.ts", import.meta.url), {
      resourceLimits: hardLimits(JSQR_HEAP_MB),
    });
    // An idle decoder must not keep the process alive.
    worker.unref();
    worker.on("message", (answer: JsQrAnswer) => {
      this.finish(
        answer.id,
        answer.text === null ? { status: "none" } : { status: "found", text: answer.text },
      );
    });
    const onGone = (): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.current) this.finish(this.current.pending.job.id, { status: "none" });
    };
    worker.on("error", onGone);
    worker.on("exit", onGone);
    this.worker = worker;
    return worker;
  }

  private dropWorker(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }
}
