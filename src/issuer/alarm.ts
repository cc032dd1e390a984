/**
 * The compromise alarm: the service watches its registry at every block. A `RootAnchored` by one
 * of its own issuer accounts (the service's and each office's own) whose root its journal does
 * not hold, or any role granted or revoked after start-up (the service changes roles only while
 * it starts), means someone else holds a key or the admin role; an `IssuerWithdrawn` of one of
 * its accounts means the governance withdrew roots it anchored (a stolen key's, or its own). Each is logged as an error, told to the observer (metrics), and kept:
 * the office's status and `/readyz` report it until the service is restarted.
 * @module
 */
import { toHex } from "../core/bytes.ts";
import type { Logger } from "../core/log.ts";
import type { ChainPort, IssuerObserver, JournalPort, RegistryEvent } from "./ports.ts";

export interface AlarmRecord {
  readonly kind: RegistryEvent["kind"];
  readonly message: string;
  readonly txHash: string;
  readonly blockNumber: number;
  /** When the service saw it (ISO 8601). */
  readonly seenAt: string;
}

interface AlarmDeps {
  readonly chain: ChainPort;
  readonly journal: Pick<JournalPort, "batches">;
  /** The service's own issuer accounts. */
  readonly issuerAccounts: readonly string[];
  readonly pollMs: number;
  readonly now: () => number;
  readonly log: Logger;
  readonly observer?: IssuerObserver;
}

/** Most alarms kept (the count goes on). */
const KEEP = 20;

export class CompromiseWatch {
  private readonly deps: AlarmDeps;
  private readonly own: Set<string>;
  private next: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** While the service itself rewrites the registry (a development chain replayed). */
  private paused = false;
  private readonly kept: AlarmRecord[] = [];
  private total = 0;

  constructor(deps: AlarmDeps) {
    this.deps = deps;
    this.own = new Set(deps.issuerAccounts.map((a) => a.toLowerCase()));
  }

  /** The alarms raised since start-up: how many, and the latest few. */
  get alarms(): { readonly count: number; readonly latest: readonly AlarmRecord[] } {
    return { count: this.total, latest: [...this.kept] };
  }

  start(): void {
    if (!this.deps.chain.registryEvents) return;
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Runs `work` (the service redeploying and replaying a development chain, which grants roles
   * and anchors again) without watching it, then watches from the chain's new head.
   */
  async unwatched(work: () => Promise<void>): Promise<void> {
    this.paused = true;
    try {
      await work();
    } finally {
      this.next = null;
      this.paused = false;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => {
        this.schedule(this.deps.pollMs);
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    const { chain } = this.deps;
    if (!chain.registryEvents || this.paused) return;
    try {
      const { head, events } = await chain.registryEvents(this.next);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by unwatched() while the read was in flight
      if (this.paused) return;
      for (const e of events) this.look(e);
      this.next = head + 1;
    } catch (e) {
      // A chain that cannot be read: the chain loop reports it; the next tick reads from here.
      this.deps.log("debug", "The compromise watch could not read the registry.", { error: e });
    }
  }

  private look(e: RegistryEvent): void {
    if (e.kind === "anchored") {
      if (!this.own.has(e.account.toLowerCase())) return;
      if (this.deps.journal.batches.byRoot(e.root)) return;
      this.raise(
        e,
        `ALARM: root ${toHex(e.root)} was anchored by this service's issuer account ${e.account}, but the journal does not hold it: someone else has the key.`,
      );
      return;
    }
    if (e.kind === "withdrawn") {
      if (!this.own.has(e.account.toLowerCase())) return;
      this.raise(
        e,
        `ALARM: the roots anchored by this service's issuer account ${e.account} from ${new Date(e.from * 1000).toISOString()} were withdrawn by ${e.withdrawer}: its extracts sealed since then no longer verify.`,
      );
      return;
    }
    this.raise(
      e,
      `ALARM: role ${e.role} was ${e.granted ? "granted to" : "revoked from"} ${e.account} by ${e.sender}, not by this service.`,
    );
  }

  private raise(e: RegistryEvent, message: string): void {
    this.total++;
    this.kept.push({
      kind: e.kind,
      message,
      txHash: e.txHash,
      blockNumber: e.blockNumber,
      seenAt: new Date(this.deps.now()).toISOString(),
    });
    if (this.kept.length > KEEP) this.kept.shift();
    this.deps.observer?.alarmRaised?.(e.kind);
    this.deps.log("error", message, { txHash: e.txHash, block: e.blockNumber, kind: e.kind });
  }
}
