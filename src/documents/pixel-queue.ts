/**
 * The queue in front of pixel decoding (PDFs rendered without a stamp, photos and scans): each
 * such file may hold a core for its whole time budget and a few hundred megabytes, so what waits
 * is bounded, and no client address can take every core.
 *
 * - At most `slots` files are decoded at once; others wait in arrival order.
 * - At most `maxQueued` wait, none longer than `maxWaitMs`: beyond, `VERIFY_BUSY` (HTTP 503 with
 *   `Retry-After`) rather than an answer that comes too late to be of use.
 * - One address has at most `perClient` files running or waiting, and, when there are several
 *   slots, leaves at least one of them to the others: a flood from one address delays that
 *   address only.
 * @module
 */
import { SceauError } from "../core/errors.ts";

export interface PixelQueueLimits {
  /** Files decoded at once. */
  readonly slots: number;
  /** Files waiting for a slot. */
  readonly maxQueued: number;
  /** Longest wait for a slot, in milliseconds. */
  readonly maxWaitMs: number;
  /** Files from one client running or waiting. */
  readonly perClient: number;
  /** The `Retry-After` a refusal suggests, in seconds. */
  readonly retryAfterSeconds: number;
}

/** Why a file was refused: the queue is full, its wait ran out, or its address has its share. */
export type BusyReason = "queue-full" | "wait-exceeded" | "address-busy";

interface Waiting {
  readonly client: string;
  readonly start: () => void;
  readonly timer: NodeJS.Timeout | null;
}

export class PixelQueue {
  private readonly limits: PixelQueueLimits;
  private readonly runningPerClientMax: number;
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** Files running or waiting, by client. */
  private readonly byClient = new Map<string, { running: number; total: number }>();

  constructor(limits: PixelQueueLimits) {
    this.limits = { ...limits, slots: Math.max(1, limits.slots) };
    const { slots, perClient } = this.limits;
    this.runningPerClientMax = Math.max(1, Math.min(perClient, slots > 1 ? slots - 1 : 1));
  }

  /** Files being decoded and files waiting, now. */
  size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs `task` in a slot once one is free for `client`.
   * @throws {SceauError} `VERIFY_BUSY` (details `reason`, `retryAfterSeconds`) when the file
   * cannot wait
   */
  async run<T>(client: string, task: () => Promise<T>): Promise<T> {
    const mine = this.byClient.get(client) ?? { running: 0, total: 0 };
    if (mine.total >= this.limits.perClient) throw this.busy("address-busy");
    const canStart = this.running < this.limits.slots && mine.running < this.runningPerClientMax;
    if (!canStart && this.waiting.length >= this.limits.maxQueued) throw this.busy("queue-full");
    mine.total++;
    this.byClient.set(client, mine);
    try {
      if (canStart) this.begin(mine);
      else await this.wait(client, mine);
      try {
        return await task();
      } finally {
        this.running--;
        mine.running--;
      }
    } finally {
      mine.total--;
      if (mine.total === 0) this.byClient.delete(client);
      this.next();
    }
  }

  private begin(mine: { running: number }): void {
    this.running++;
    mine.running++;
  }

  private wait(client: string, mine: { running: number }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer =
        this.limits.maxWaitMs > 0
          ? setTimeout(() => {
              const i = this.waiting.indexOf(entry);
              if (i >= 0) this.waiting.splice(i, 1);
              reject(this.busy("wait-exceeded"));
            }, this.limits.maxWaitMs)
          : null;
      const entry: Waiting = {
        client,
        timer,
        start: () => {
          if (timer) clearTimeout(timer);
          this.begin(mine);
          resolve();
        },
      };
      this.waiting.push(entry);
    });
  }

  /** Starts the oldest waiting files whose address has room, while slots are free. */
  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.limits.slots; ) {
      const entry = this.waiting[i] as Waiting;
      const running = this.byClient.get(entry.client)?.running ?? 0;
      if (running >= this.runningPerClientMax) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      entry.start();
    }
  }

  private busy(reason: BusyReason): SceauError {
    const retryAfterSeconds = this.limits.retryAfterSeconds;
    const why = {
      "queue-full": "too many files are waiting to be read",
      "wait-exceeded": "the file waited too long for its turn",
      "address-busy": `at most ${this.limits.perClient} files from one address are read at once`,
    }[reason];
    return new SceauError(
      "VERIFY_BUSY",
      `The service is busy (${why}). Retry after ${retryAfterSeconds} s.`,
      {
        details: { reason, retryAfterSeconds },
      },
    );
  }
}
