/**
 * The issuing use case: validate an extract, render revision 1, seal it, batch seals into a
 * Merkle tree per office, anchor the roots, revoke, and hand out the stamped PDF. This class is
 * the façade; the work is done by its parts, each over the ports:
 *
 * - `intake.ts`: validation, rendering, sealing and the group commit, within a bounded backlog;
 * - `batcher.ts`: closing batches by size or age;
 * - `chain-loop.ts`: every chain write, exactly once, with backoff and recovery;
 * - `revocations.ts`: revocation requests;
 * - `status.ts`: what is answered about extracts, batches and revocations.
 *
 * Batching, anchoring and revocation run from the journal's state, so a restart resumes whatever
 * was left unfinished. Outages: intake goes on while the chain is unreachable, up to a bounded
 * backlog (`BACKLOG_FULL` beyond it); statuses say `pending` until a receipt is stored.
 * @module
 */
import { fromHex } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import type { Extract } from "../core/extract.ts";
import type { RevocationReason } from "../core/revocation.ts";
import type { HashFunction } from "../core/hash.ts";
import { sealToQrText } from "../core/qr-text.ts";
import { encodeSealWithBody, type RegistryRef } from "../core/seal.ts";
import type { Logger } from "../core/log.ts";
import { CompromiseWatch } from "./alarm.ts";
import { Batcher } from "./batcher.ts";
import { ChainLoop } from "./chain-loop.ts";
import { IssuerEvents } from "./events.ts";
import { Intake, type SubmitOptions } from "./intake.ts";
import type {
  BatchRow,
  ChainPort,
  ExtractMeta,
  ExtractRow,
  Failpoint,
  InsertOutcome,
  IssuerObserver,
  JournalPort,
  ListState,
  OfficeInfo,
  RenderPort,
  StampPort,
} from "./ports.ts";
import { Revocations } from "./revocations.ts";
import {
  batchStatus,
  extractStatus,
  listItem,
  stateOf,
  type BatchStatus,
  type ExtractStatus,
  type ListItem,
  type RevocationStatus,
} from "./status.ts";

// The types callers of the façade name (the wiring, HTTP and the office's pages).
export type { Failpoint } from "./ports.ts";
export type { ExtractStatus, ListItem } from "./status.ts";

/** An office the issuer issues for: the office as its extracts print it. */
export type IssuerOffice = OfficeInfo;

export interface IssuerDeps {
  readonly journal: JournalPort;
  readonly chain: ChainPort;
  readonly render: RenderPort;
  readonly stamp: StampPort;
  readonly offices: ReadonlyMap<string, IssuerOffice>;
  readonly registry: RegistryRef;
  readonly verifierUrl: string;
  /** Where people order their own extract, printed on new extracts; default `<verifierUrl>/counter`. */
  readonly counterUrl?: string;
  readonly batch: {
    readonly maxSize: number;
    readonly maxWaitMs: number;
    /** Most roots anchored by one transaction when several batches wait. */
    readonly maxRootsPerTx: number;
  };
  /** Most extracts accepted but not yet anchored (rendering included). */
  readonly backlogMax: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  /**
   * Confirmations (the including block counted) after which an anchoring is final, and how often
   * anchorings not yet final are looked at (default: final at inclusion, every second).
   */
  readonly finality?: { readonly minConfirmations: number; readonly pollMs: number };
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log: Logger;
  readonly failpoint?: (name: Failpoint) => void;
  /**
   * Called when the registry is missing on the chain (a fresh development chain): may redeploy
   * it and replay the journal, or throw.
   */
  readonly recoverRegistry?: () => Promise<void>;
  /** Told of intake, batches and anchoring (metrics). */
  readonly observer?: IssuerObserver;
  /** The service's own issuer accounts, for the compromise alarm (`alarm.ts`); none: not watched. */
  readonly issuerAccounts?: readonly string[];
  /**
   * Keccak-256 for leaves and trees (default noble's). Sealing a batch is mostly Keccak-256, so
   * the wiring passes the WebAssembly one, about six times faster.
   */
  readonly keccak256?: HashFunction;
}

/** Where a page of the office's listing ends: the next page starts after it. */
export interface ListCursor {
  /** Only extracts older than this journal sequence number. */
  readonly beforeSeq: number;
}

const LIST_MAX = 200;

export class IssuerService {
  private readonly deps: IssuerDeps;
  private readonly events: IssuerEvents;
  private readonly intake: Intake;
  private readonly batcher: Batcher;
  private readonly chainLoop: ChainLoop;
  private readonly revocations: Revocations;
  private readonly watch: CompromiseWatch;
  private stopped = true;

  constructor(deps: IssuerDeps) {
    this.deps = deps;
    const isStopped = (): boolean => this.stopped;
    this.events = new IssuerEvents(deps.log);
    const { recoverRegistry } = deps;
    this.chainLoop = new ChainLoop(
      {
        ...deps,
        finality: deps.finality ?? { minConfirmations: 1, pollMs: 1000 },
        // The service's own redeployment and replay is not a compromise.
        ...(recoverRegistry ? { recoverRegistry: () => this.watch.unwatched(recoverRegistry) } : {}),
      },
      {
        isStopped,
        events: this.events,
        anchored: (extracts) => {
          this.intake.anchored(extracts);
        },
      },
    );
    this.watch = new CompromiseWatch({
      chain: deps.chain,
      journal: deps.journal,
      issuerAccounts: deps.issuerAccounts ?? [],
      pollMs: deps.finality?.pollMs ?? 1000,
      now: deps.now,
      log: deps.log,
      ...(deps.observer ? { observer: deps.observer } : {}),
    });
    this.batcher = new Batcher(deps, {
      isStopped,
      closed: () => {
        this.chainLoop.kick();
      },
    });
    this.intake = new Intake(deps, {
      isStopped,
      retryDelayMs: () => this.chainLoop.retryDelayMs,
      stored: () => {
        this.batcher.close();
      },
    });
    this.revocations = new Revocations(deps, {
      isStopped,
      events: this.events,
      requested: () => {
        this.chainLoop.kick();
      },
    });
  }

  /** Resumes unfinished work from the journal: closes due batches, anchors, revokes. */
  start(): void {
    this.stopped = false;
    this.intake.start();
    this.batcher.close();
    this.chainLoop.kick();
    if (this.deps.issuerAccounts) this.watch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watch.stop();
    this.batcher.stop();
    const idle = this.chainLoop.stop();
    this.intake.flush();
    await idle;
  }

  /** Subscribes to `anchored` (batch ids) and `revoked` (revocation id) events. */
  on(event: "anchored", listener: (batchIds: readonly number[]) => void): () => void;
  on(event: "revoked", listener: (revocationId: number) => void): () => void;
  on(event: "anchored" | "revoked", listener: (arg: readonly number[] & number) => void): () => void {
    return this.events.on(event, listener as (...args: unknown[]) => void);
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** The compromise alarms raised since start-up (see `alarm.ts`). */
  alarms(): CompromiseWatch["alarms"] {
    return this.watch.alarms;
  }

  /** Closes every waiting batch now, full or not (the bulk CLI at the end of its input). */
  flushBatches(): void {
    this.intake.flush();
    this.batcher.close(true);
  }

  /** Whether one more extract fits in the backlog. */
  hasRoom(): boolean {
    return this.intake.hasRoom();
  }

  /** Extracts accepted and not yet anchored, and those still being rendered. */
  backlogSize(): { stored: number; rendering: number; max: number } {
    return this.intake.backlogSize();
  }

  /**
   * Validates, seals and durably records an extract for `officeId` (null: an operator, who may
   * issue for any configured office). The same office and `reference` twice returns the first
   * extract.
   * @throws {SceauError} `VALIDATION_FAILED`, `FORBIDDEN` (the extract names another office),
   * `BACKLOG_FULL`, `JOURNAL_UNAVAILABLE` (the journal cannot write, or the issuer is stopping)
   */
  async submit(
    officeId: string | null,
    input: unknown,
    options: SubmitOptions = {},
  ): Promise<{ status: ExtractStatus; created: boolean }> {
    const outcome = await this.accept(officeId, input, options);
    return { status: this.status(null, outcome.id), created: outcome.created };
  }

  /** {@link submit} without building the status: the bulk path. */
  accept(officeId: string | null, input: unknown, options: SubmitOptions = {}): Promise<InsertOutcome> {
    return this.intake.accept(officeId, input, options);
  }

  /** Status of an extract of `officeId` (null: any office); another office's is `FORBIDDEN`. */
  status(officeId: string | null, id: string): ExtractStatus {
    return this.statusOf(this.meta(officeId, id));
  }

  /**
   * Resolves once the extract's batch is final (anchored with the confirmations wanted), or with
   * its current status after `timeoutMs`.
   */
  async waitAnchored(officeId: string | null, id: string, timeoutMs: number): Promise<ExtractStatus> {
    return this.events.waitFor(
      timeoutMs,
      "anchored",
      () => {
        const s = this.status(officeId, id);
        return s.state === "final" ? s : null;
      },
      () => this.status(officeId, id),
      () => this.stopped,
    );
  }

  /** An office's extracts, newest first, a page at a time: `nextCursor` asks for the next page. */
  list(
    officeId: string,
    q: { query?: string; state?: ListState; cursor?: ListCursor; limit?: number },
  ): { items: ListItem[]; nextCursor: ListCursor | null } {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), LIST_MAX);
    const rows = this.deps.journal.extracts.list(officeId, {
      ...(q.query === undefined ? {} : { query: q.query }),
      ...(q.state === undefined ? {} : { state: q.state }),
      ...(q.cursor === undefined ? {} : { beforeSeq: q.cursor.beforeSeq }),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(listItem),
      nextCursor: rows.length > limit && last ? { beforeSeq: last.seq } : null,
    };
  }

  /** The QR text of an anchored extract. */
  qrText(officeId: string | null, id: string): string {
    return this.sealed(officeId, id).text;
  }

  /** The sealed PDF: revision 1 plus the stamp. */
  async pdf(officeId: string | null, id: string): Promise<Uint8Array> {
    const { row, text } = this.sealed(officeId, id);
    return this.deps.stamp(row.revision1, text);
  }

  /** The validated extract as stored. */
  extract(officeId: string | null, id: string): Extract {
    this.meta(officeId, id);
    const row = this.deps.journal.extracts.get(id);
    if (!row) throw new SceauError("NOT_FOUND", `No extract ${id}.`);
    return JSON.parse(row.extractJson) as Extract;
  }

  /**
   * Revokes one extract (its leaf) with a reason: recorded in the journal at once, on chain by
   * the chain loop once the extract is anchored. Asking again with the same reason returns the
   * same revocation.
   * @throws {SceauError} `CONFLICT` when it is revoked already for another reason or with its batch
   */
  revokeExtract(
    officeId: string | null,
    id: string,
    reason: RevocationReason,
  ): RevocationStatus & { id: number } {
    return this.revocations.revokeExtract(this.meta(officeId, id), reason);
  }

  /** Revokes a whole batch (its root) of `officeId`. */
  revokeBatch(
    officeId: string | null,
    rootHex: string,
    reason: RevocationReason,
  ): RevocationStatus & { id: number } {
    return this.revocations.revokeBatch(this.batchRow(officeId, rootHex), reason);
  }

  /** Resolves once the revocation is recorded on chain, or with its state after `timeoutMs`. */
  waitRevoked(revocationId: number, timeoutMs: number): Promise<RevocationStatus> {
    return this.revocations.waitRevoked(revocationId, timeoutMs);
  }

  /** A batch of `officeId`, by its root. */
  batchStatus(officeId: string | null, rootHex: string): BatchStatus {
    const b = this.batchRow(officeId, rootHex);
    const { batches, revocations } = this.deps.journal;
    return batchStatus(b, batches.members(b.id), revocations.ofBatch(b.id));
  }

  // ---- internals ----

  private sealed(officeId: string | null, id: string): { row: ExtractRow; text: string } {
    const meta = this.meta(officeId, id);
    const row = this.deps.journal.extracts.get(meta.id);
    const batch = meta.batchId === null ? null : this.deps.journal.batches.get(meta.batchId);
    if (!row || !batch || batch.state !== "anchored" || !row.proof) {
      throw new SceauError("CONFLICT", "The extract is not anchored yet; its seal is available once it is.", {
        details: { state: stateOf(batch?.state ?? null) },
      });
    }
    const proof: Uint8Array[] = [];
    for (let i = 0; i < row.proof.length; i += 32) proof.push(row.proof.subarray(i, i + 32));
    // The address the extract was issued with (and printed in revision 1), not today's: a
    // re-download, or a re-run of the CLI with another SCEAU_PUBLIC_URL, gives the same file.
    // Extracts stored before the journal recorded it take the configured one.
    const verifierUrl = row.verifierUrl ?? this.deps.verifierUrl;
    return { row, text: sealToQrText(encodeSealWithBody(row.sealBody, batch.root, proof), verifierUrl) };
  }

  /** An extract of `officeId` (null: any office), without its personal data. */
  private meta(officeId: string | null, id: string): ExtractMeta {
    const meta = this.deps.journal.extracts.meta(id);
    if (!meta) throw new SceauError("NOT_FOUND", `No extract ${id}.`);
    if (officeId !== null && meta.office !== officeId) {
      throw new SceauError("FORBIDDEN", "This extract belongs to another office.");
    }
    return meta;
  }

  /** A batch of `officeId` (null: any office), by its root. */
  private batchRow(officeId: string | null, rootHex: string): BatchRow {
    const batch = this.deps.journal.batches.byRoot(fromHex(rootHex, 32));
    if (!batch) throw new SceauError("NOT_FOUND", `No batch with root ${rootHex}.`);
    if (officeId !== null && batch.office !== officeId) {
      throw new SceauError("FORBIDDEN", "This batch belongs to another office.");
    }
    return batch;
  }

  private statusOf(meta: ExtractMeta): ExtractStatus {
    const { batches, revocations } = this.deps.journal;
    const batch = meta.batchId === null ? null : batches.get(meta.batchId);
    const revocation =
      revocations.ofExtract(meta.id) ?? (meta.batchId === null ? null : revocations.ofBatch(meta.batchId));
    return extractStatus(meta, batch, revocation);
  }
}
