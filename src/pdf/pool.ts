/**
 * A pool of worker threads for the CPU-heavy PDF work (rendering revision 1, stamping), so the
 * main thread keeps serving requests, sealing and writing the journal while every core renders.
 * With size 0 the work runs on the calling thread.
 *
 * Each worker holds at most two tasks, so the next one is already waiting when one finishes;
 * the rest wait in one queue, first come first served. A worker that dies fails its own tasks
 * and is replaced.
 * @module
 */
import { Worker } from "node:worker_threads";
import { SceauError, isErrorCode } from "../core/errors.ts";
import type { RenderPort, StampPort } from "../issuer/ports.ts";
import type { PoolRequest, PoolResponse } from "./pool-protocol.ts";

export interface PdfPool {
  readonly size: number;
  readonly render: RenderPort;
  readonly stamp: StampPort;
  /** Tasks waiting for a worker. */
  queued(): number;
  close(): Promise<void>;
}

const PER_WORKER = 2;

interface Task {
  readonly request: PoolRequest;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  readonly running: Map<number, Task>;
}

/** Starts `size` workers (0: run on the calling thread). */
export async function createPdfPool(size: number): Promise<PdfPool> {
  if (size === 0) {
    const { renderExtract } = await import("./render.ts");
    const { stampSeal } = await import("./stamp.ts");
    return {
      size: 0,
      render: renderExtract,
      stamp: stampSeal,
      queued: () => 0,
      close: () => Promise.resolve(),
    };
  }
  const url = new URL("./pool-worker.ts", import.meta.url);
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closing = false;

  const spawn = (slot?: Slot): Slot => {
    const worker = new Worker(url);
    const s: Slot = slot ?? { worker, running: new Map() };
    s.worker = worker;
    worker.on("message", (m: PoolResponse) => {
      const task = s.running.get(m.id);
      if (!task) return;
      s.running.delete(m.id);
      if (m.ok) task.resolve(m.bytes);
      else task.reject(toError(m.error));
      pump();
    });
    const fail = (why: string): void => {
      if (s.worker !== worker) return;
      for (const task of s.running.values()) {
        task.reject(new SceauError("INTERNAL", `A PDF worker stopped: ${why}`));
      }
      s.running.clear();
      if (!closing) {
        spawn(s);
        pump();
      }
    };
    worker.on("error", (e) => {
      fail(e.message);
    });
    worker.on("exit", (code) => {
      fail(`exit code ${code}`);
    });
    return s;
  };

  const pump = (): void => {
    for (;;) {
      const task = queue[0];
      if (!task) return;
      let best: Slot | undefined;
      for (const s of slots)
        if (s.running.size < PER_WORKER && (!best || s.running.size < best.running.size)) best = s;
      if (!best) return;
      queue.shift();
      best.running.set(task.request.id, task);
      best.worker.postMessage(task.request, transferable(task.request));
    }
  };

  const submit = (make: (id: number) => PoolRequest): Promise<Uint8Array> => {
    if (closing) return Promise.reject(new SceauError("INTERNAL", "The PDF pool is closed."));
    return new Promise((resolve, reject) => {
      queue.push({ request: make(nextId++), resolve, reject });
      pump();
    });
  };

  for (let i = 0; i < size; i++) slots.push(spawn());
  return {
    size,
    render: (input) => submit((id) => ({ id, kind: "render", input })),
    stamp: (revision1, qrText) => submit((id) => ({ id, kind: "stamp", revision1, qrText })),
    queued: () => queue.length,
    close: async () => {
      closing = true;
      for (const task of queue.splice(0)) task.reject(new SceauError("INTERNAL", "The PDF pool is closed."));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/**
 * The revision 1 sent to a stamp is the caller's own copy, read from the journal for this call:
 * moving its buffer to the worker saves copying it. Only a buffer the view covers entirely is
 * moved (a view into a shared pool must be copied).
 */
function transferable(request: PoolRequest): ArrayBuffer[] {
  if (request.kind !== "stamp") return [];
  const r = request.revision1;
  const buffer = r.buffer;
  return buffer instanceof ArrayBuffer && r.byteOffset === 0 && r.byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

function toError(e: { message: string; code?: string; details?: unknown }): Error {
  if (e.code !== undefined && isErrorCode(e.code))
    return new SceauError(e.code, e.message, { details: e.details });
  return new SceauError("INTERNAL", `PDF worker: ${e.message}`);
}
