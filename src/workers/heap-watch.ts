/**
 * Memory limits for the threads that decode uploaded files. Node's own limit (`resourceLimits`)
 * ends a thread that reaches it, but not always cleanly: when the last allocation is one large
 * array, as pdf.js's operator list grows, V8 aborts the whole process instead
 * (nodejs/node#47224). So each such thread gets two limits:
 *
 * - a soft one, watched from the parent thread ({@link watchHeap}, every 100 ms): over it, the
 *   thread is terminated like at the end of its time budget, and the process is untouched;
 * - the hard `resourceLimits`, twice as high, for growth faster than the watch can see.
 * @module
 */
import type { ResourceLimits, Worker } from "node:worker_threads";

const INTERVAL_MS = 100;

/** The `resourceLimits` of a thread whose soft heap limit is `softMb`. */
export function hardLimits(softMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: 2 * softMb, maxYoungGenerationSizeMb: 32 };
}

/**
 * Polls `worker`'s heap while it runs; calls `onOver` once when the heap in use passes `softMb`.
 * Returns the function that stops watching.
 */
export function watchHeap(worker: Worker, softMb: number, onOver: () => void): () => void {
  let stopped = false;
  let asking = false;
  const timer = setInterval(() => {
    if (asking || stopped) return;
    asking = true;
    worker
      .getHeapStatistics()
      .then((s) => {
        if (!stopped && s.used_heap_size > softMb * 1024 * 1024) {
          stop();
          onOver();
        }
      })
      // A thread that has already ended has no heap to report.
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
  }, INTERVAL_MS);
  timer.unref();
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
