/**
 * Intake: validate an extract, render revision 1, seal it and commit its row, within a bounded
 * backlog.
 *
 * Durability: an extract is acknowledged only after its row is committed. Rows arriving in the
 * same turn of the event loop share one transaction (one disk sync), so bulk intake does not
 * pay a sync per extract.
 * @module
 */
import { isoDateOf } from "../core/dates.ts";
import { SceauError, isSceauError } from "../core/errors.ts";
import { debtorNameOf, foldSearch, validateExtract } from "../core/extract.ts";
import { sha256, type HashFunction } from "../core/hash.ts";
import { leafHash } from "../core/merkle.ts";
import { DOCUMENT_ID_LENGTH, SALT_LENGTH, encodeSealBody, type RegistryRef } from "../core/seal.ts";
import { formatDocumentId } from "../core/qr-text.ts";
import { sealBodyOf } from "../core/seal-body.ts";
import type { Logger } from "../core/log.ts";
import type {
  Failpoint,
  InsertOutcome,
  IssuerObserver,
  JournalPort,
  NewExtract,
  OfficeInfo,
  RenderPort,
} from "./ports.ts";

interface IntakeDeps {
  readonly journal: Pick<JournalPort, "extracts">;
  readonly render: RenderPort;
  readonly offices: ReadonlyMap<string, OfficeInfo>;
  readonly registry: RegistryRef;
  readonly verifierUrl: string;
  readonly counterUrl?: string;
  /** Most extracts accepted but not yet anchored (rendering included). */
  readonly backlogMax: number;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log: Logger;
  readonly failpoint?: (name: Failpoint) => void;
  readonly observer?: IssuerObserver;
  /** Keccak-256 for leaf hashes (default noble's; the wiring passes the WebAssembly one). */
  readonly keccak256?: HashFunction;
}

interface IntakeHooks {
  readonly isStopped: () => boolean;
  /** The chain loop's current backoff, for the retry hint of `BACKLOG_FULL`. */
  readonly retryDelayMs: () => number;
  /** New extracts were committed: batches may be due. */
  readonly stored: () => void;
}

export interface SubmitOptions {
  /** The bulk job line the extract comes from; recorded with it in one transaction. */
  readonly bulk?: { readonly job: string; readonly line: number };
}

/** Retry hint while the issuer stops: a restart (or another instance) takes about this long. */
const STOPPING_RETRY_SECONDS = 10;
/** Least time between two intake commits. */
const GROUP_COMMIT_MS = 10;

interface QueuedRow {
  readonly row: NewExtract;
  readonly resolve: (o: InsertOutcome) => void;
  readonly reject: (e: unknown) => void;
}

export class Intake {
  private readonly deps: IntakeDeps;
  private readonly hooks: IntakeHooks;
  private queue: QueuedRow[] = [];
  private flushScheduled = false;
  private lastFlushAt = 0;
  /** Extracts stored but not anchored, kept in step with the journal. */
  private backlog = 0;
  /** Submissions past the backlog check and not yet stored. */
  private inflight = 0;

  constructor(deps: IntakeDeps, hooks: IntakeHooks) {
    this.deps = deps;
    this.hooks = hooks;
  }

  /** Counts the journal's extracts not yet anchored (at start). */
  start(): void {
    this.backlog = this.deps.journal.extracts.countUnanchored();
  }

  /** `extracts` stored extracts were anchored: they leave the backlog. */
  anchored(extracts: number): void {
    this.backlog -= extracts;
  }

  /** Whether one more extract fits in the backlog. */
  hasRoom(): boolean {
    return this.backlog + this.inflight < this.deps.backlogMax;
  }

  /** Extracts accepted and not yet anchored, and those still being rendered. */
  backlogSize(): { stored: number; rendering: number; max: number } {
    return { stored: this.backlog, rendering: this.inflight, max: this.deps.backlogMax };
  }

  /**
   * Validates, seals and durably records an extract for `officeId` (null: an operator, who may
   * issue for any configured office). The same office and `reference` twice returns the first
   * extract.
   * @throws {SceauError} `VALIDATION_FAILED`, `FORBIDDEN` (the extract names another office),
   * `BACKLOG_FULL`, `JOURNAL_UNAVAILABLE` (the journal cannot write, or the issuer is stopping)
   */
  async accept(officeId: string | null, input: unknown, options: SubmitOptions = {}): Promise<InsertOutcome> {
    if (this.hooks.isStopped()) {
      // Not the chain's fault: the journal takes no more rows in this process. Nothing was
      // stored and the request may be sent again, as for a journal that cannot write.
      throw new SceauError("JOURNAL_UNAVAILABLE", "The issuer is stopping; nothing was stored.", {
        details: { retryAfterSeconds: STOPPING_RETRY_SECONDS },
      });
    }
    if (!this.hasRoom()) {
      throw new SceauError(
        "BACKLOG_FULL",
        `${this.backlog} extracts are waiting to be anchored (the limit is ${this.deps.backlogMax}); retry later.`,
        { details: { retryAfterSeconds: Math.max(5, Math.ceil(this.hooks.retryDelayMs() / 1000)) } },
      );
    }
    const nowMs = this.deps.now();
    const issuedAt = Math.floor(nowMs / 1000);
    const extract = validateExtract(input, {
      today: isoDateOf(issuedAt),
      offices: new Set(this.deps.offices.keys()),
    });
    if (officeId !== null && extract.office !== officeId) {
      throw new SceauError(
        "FORBIDDEN",
        "The extract names an office other than the one this token belongs to.",
      );
    }
    const office = this.deps.offices.get(extract.office);
    if (!office) throw new SceauError("FORBIDDEN", "Unknown office.");
    if (extract.reference !== undefined) {
      const existing = this.deps.journal.extracts.findByReference(office.id, extract.reference);
      if (existing) return { id: existing.id, created: false };
    }

    this.inflight++;
    try {
      const documentId = this.deps.randomBytes(DOCUMENT_ID_LENGTH);
      const salt = this.deps.randomBytes(SALT_LENGTH);
      const id = formatDocumentId(documentId);
      const revision1 = await this.deps.render({
        extract,
        office,
        documentId,
        issuedAt,
        verifierUrl: this.deps.verifierUrl,
        ...(this.deps.counterUrl === undefined ? {} : { counterUrl: this.deps.counterUrl }),
      });
      const body = encodeSealBody(
        sealBodyOf(extract, {
          registry: this.deps.registry,
          documentId,
          salt,
          issuedAt,
          pdfDigest: sha256(revision1),
        }),
      );
      const debtorName = debtorNameOf(extract);
      const uid = extract.debtor.type === "company" ? extract.debtor.uid : "";
      return await this.enqueue({
        id,
        office: office.id,
        reference: extract.reference ?? null,
        extractJson: JSON.stringify(extract),
        issuedAt,
        sealBody: body,
        leaf: leafHash(body, this.deps.keccak256),
        revision1,
        createdAt: nowMs,
        debtorName,
        search: foldSearch(`${id} ${extract.reference ?? ""} ${debtorName} ${uid}`),
        verifierUrl: this.deps.verifierUrl,
        ...(options.bulk ? { bulk: options.bulk } : {}),
      });
    } finally {
      this.inflight--;
    }
  }

  /** Commits every queued extract in one transaction, then acknowledges them. */
  flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let outcomes: InsertOutcome[];
    try {
      outcomes = this.deps.journal.extracts.insert(items.map((i) => i.row));
    } catch (e) {
      if (isSceauError(e, "JOURNAL_UNAVAILABLE")) {
        this.deps.observer?.journalWriteFailed();
        this.deps.log("error", "The journal cannot store extracts; they are refused.", {
          extracts: items.length,
          error: e,
        });
      }
      for (const i of items) i.reject(e);
      return;
    }
    this.deps.failpoint?.("intake-stored");
    let created = 0;
    outcomes.forEach((o, k) => {
      if (o.created) created++;
      items[k]?.resolve(o);
    });
    this.backlog += created;
    if (created > 0) {
      this.deps.observer?.extractsStored(created);
      this.hooks.stored();
    }
  }

  private enqueue(row: NewExtract): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // A commit costs a disk sync (about 2 ms here): under load, commits are spaced a little
        // so that more extracts share each one; when idle, the next turn of the loop commits.
        const wait = this.lastFlushAt + GROUP_COMMIT_MS - performance.now();
        const flush = (): void => {
          this.flush();
        };
        if (wait > 0) setTimeout(flush, wait);
        else setImmediate(flush);
      }
    });
  }
}
