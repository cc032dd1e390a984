/**
 * What the issuer tells in-process listeners: `anchored` (the batch ids whose receipt was
 * stored) and `revoked` (a revocation id), and waiting for either with a deadline.
 * @module
 */
import { EventEmitter } from "node:events";
import type { Logger } from "../core/log.ts";

type IssuerEvent = "anchored" | "revoked";

export class IssuerEvents {
  private readonly emitter = new EventEmitter();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
    this.emitter.setMaxListeners(0);
  }

  on(event: IssuerEvent, listener: (...args: unknown[]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** Tells listeners; a listener that throws is logged and never stops the caller. */
  emit(event: "anchored", batchIds: readonly number[]): void;
  emit(event: "revoked", revocationId: number): void;
  emit(event: IssuerEvent, arg: readonly number[] | number): void {
    try {
      this.emitter.emit(event, arg);
    } catch (e) {
      this.log("error", "A listener failed.", { event, error: e });
    }
  }

  /**
   * Resolves with `done()` once it is not null, looking again at each `event` (and at least every
   * second), or with `fallback()` after `timeoutMs` or once `stopped()`.
   */
  async waitFor<T>(
    timeoutMs: number,
    event: IssuerEvent,
    done: () => T | null,
    fallback: () => T,
    stopped: () => boolean,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = done();
      if (result !== null) return result;
      const left = deadline - Date.now();
      if (left <= 0 || stopped()) return fallback();
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.emitter.off(event, wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        this.emitter.on(event, wake);
      });
    }
  }
}
