/**
 * A per-request time budget. Decoding attempts ask it before they start; the costly ones get
 * the remaining time as their hard limit.
 * @module
 */

export class Deadline {
  readonly budgetMs: number;
  private readonly started: number;
  private readonly clock: () => number;

  constructor(budgetMs: number, clock: () => number = () => performance.now()) {
    this.budgetMs = budgetMs;
    this.clock = clock;
    this.started = clock();
  }

  /** Milliseconds spent since the start. */
  elapsed(): number {
    return this.clock() - this.started;
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.budgetMs - this.elapsed());
  }

  expired(): boolean {
    return this.remaining() <= 0;
  }
}
