/**
 * The issuing use case: validate an extract, render revision 1, seal it, batch seals into a
 * Merkle tree per office, anchor the roots, revoke, and hand out the stamped PDF.
 *
 * Durability: an extract is acknowledged only after its row is committed. Rows arriving in the
 * same turn of the event loop share one transaction (one disk sync), so bulk intake does not
 * pay a sync per extract. Batching, anchoring and revocation run from the journal's state, so a
 * restart resumes whatever was left unfinished.
 *
 * Exactly once on chain: every chain write goes through one serial loop. Before a transaction is
 * sent its attempt is counted in the journal; a batch or revocation with an earlier attempt is
 * first looked up on chain (a crash may have come after sending, before the receipt was stored),
 * and the contract itself refuses to anchor a root twice.
 *
 * Outages: intake goes on while the chain is unreachable, up to a bounded backlog
 * (`BACKLOG_FULL` beyond it); the loop retries with exponential backoff; statuses say `pending`
 * until a receipt is stored.
 * @module
 */
import { EventEmitter } from "node:events";
import { concatBytes, fromHex } from "../core/bytes.ts";
import { isoDateOf } from "../core/dates.ts";
import { SceauError, isSceauError } from "../core/errors.ts";
import { validateExtract, type Extract } from "../core/extract.ts";
import { sha256, type HashFunction } from "../core/hash.ts";
import { buildTree, getProofs, leafHash } from "../core/merkle.ts";
import { REVOCATION_REASONS, reasonName, type RevocationReason } from "../core/revocation.ts";
import { formatDocumentId, sealToQrText } from "../core/qr-text.ts";
import { sealBodyOf } from "../core/seal-body.ts";
import {
  DOCUMENT_ID_LENGTH,
  SALT_LENGTH,
  encodeSealBody,
  encodeSealWithBody,
  type RegistryRef,
} from "../core/seal.ts";
import type { OfficeInfo } from "../pdf/render.ts";
import {
  debtorNameOf,
  foldSearch,
  type BatchRow,
  type ChainFacts,
  type ExtractMeta,
  type ExtractRow,
  type InsertOutcome,
  type Journal,
  type ListState,
  type ListedExtract,
  type NewExtract,
  type RevocationRow,
} from "../store/journal.ts";
import type { ChainPort, IssuerObserver, RenderPort, StampPort } from "./ports.ts";

export interface IssuerOffice extends OfficeInfo {
  readonly id: string;
}

/** Named points where a test may have the process killed (see `SCEAU_FAILPOINT`). */
export type Failpoint = "intake-stored" | "batch-sealed" | "anchor-sent" | "anchor-confirmed" | "revoke-sent";

export interface IssuerDeps {
  readonly journal: Journal;
  readonly chain: ChainPort;
  readonly render: RenderPort;
  readonly stamp: StampPort;
  readonly offices: ReadonlyMap<string, IssuerOffice>;
  readonly registry: RegistryRef;
  readonly verifierUrl: string;
  readonly batch: {
    readonly maxSize: number;
    readonly maxWaitMs: number;
    /** Most roots anchored by one transaction when several batches wait. */
    readonly maxRootsPerTx: number;
  };
  /** Most extracts accepted but not yet anchored (rendering included). */
  readonly backlogMax: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
  readonly failpoint?: (name: Failpoint) => void;
  /**
   * Called when the registry is missing on the chain (a fresh development chain): may redeploy
   * it and replay the journal, or throw.
   */
  readonly recoverRegistry?: () => Promise<void>;
  /** Told of intake, batches and anchoring (metrics). */
  readonly observer?: IssuerObserver;
  /** The Keccak-256 leaves and trees are hashed with (default: noble's; the service passes a faster one). */
  readonly keccak256?: HashFunction;
}

export type ExtractState = "pending" | "anchoring" | "anchored";

export interface RevocationStatus {
  readonly scope: "extract" | "batch";
  readonly reason: RevocationReason | `code-${number}`;
  /** `pending` until the revocation's receipt is stored. */
  readonly state: "pending" | "recorded";
  readonly requestedAt: string;
  readonly revokedAt: string | null;
  readonly txHash: string | null;
}

export interface ExtractStatus {
  readonly id: string;
  readonly office: string;
  readonly reference: string | null;
  readonly state: ExtractState;
  readonly issuedAt: string;
  readonly batch: {
    readonly root: string;
    readonly txHash: string | null;
    readonly blockNumber: number | null;
    readonly anchoredAt: string | null;
  } | null;
  readonly revocation: RevocationStatus | null;
}

export interface BatchStatus {
  readonly root: string;
  readonly office: string | null;
  readonly size: number;
  readonly state: ExtractState;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  readonly anchoredAt: string | null;
  readonly extracts: readonly string[];
  readonly revocation: RevocationStatus | null;
}

export interface ListItem {
  readonly id: string;
  readonly reference: string | null;
  readonly debtorName: string | null;
  readonly issuedAt: string;
  readonly state: ExtractState;
  readonly batch: {
    readonly root: string;
    readonly txHash: string | null;
    readonly blockNumber: number | null;
  } | null;
  readonly revocation: {
    readonly scope: "extract" | "batch";
    readonly reason: RevocationReason | `code-${number}`;
    readonly state: "pending" | "recorded";
    readonly revokedAt: string | null;
  } | null;
}

export interface SubmitOptions {
  /** The bulk job line the extract comes from; recorded with it in one transaction. */
  readonly bulk?: { readonly job: string; readonly line: number };
}

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;
const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();
const LIST_MAX = 200;
/** Least time between two intake commits. */
const GROUP_COMMIT_MS = 10;

interface QueuedRow {
  readonly row: NewExtract;
  readonly resolve: (o: InsertOutcome) => void;
  readonly reject: (e: unknown) => void;
}

export class IssuerService {
  private readonly deps: IssuerDeps;
  private readonly events = new EventEmitter();
  private batchTimer: NodeJS.Timeout | undefined;
  private chainRun: Promise<void> | undefined;
  private chainAgain = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private stopped = true;
  private queue: QueuedRow[] = [];
  private flushScheduled = false;
  private lastFlushAt = 0;
  /** Extracts stored but not anchored, kept in step with the journal. */
  private backlog = 0;
  /** Submissions past the backlog check and not yet stored. */
  private inflight = 0;
  private chainDown = false;
  /** Delay before closing batches is tried again after the journal failed (doubling). */
  private batchRetryMs: number;

  constructor(deps: IssuerDeps) {
    this.deps = deps;
    this.retryDelayMs = deps.retry.initialMs;
    this.batchRetryMs = deps.retry.initialMs;
    this.events.setMaxListeners(0);
  }

  /** Resumes unfinished work from the journal: closes due batches, anchors, revokes. */
  start(): void {
    this.stopped = false;
    this.backlog = this.deps.journal.countUnanchored();
    this.closeBatches();
    this.kickChain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.flushIntake();
    await this.chainRun;
  }

  /** Subscribes to `anchored` (batch ids) and `revoked` (revocation id) events. */
  on(event: "anchored", listener: (batchIds: readonly number[]) => void): () => void;
  on(event: "revoked", listener: (revocationId: number) => void): () => void;
  on(event: "anchored" | "revoked", listener: (arg: readonly number[] & number) => void): () => void {
    const l = listener as (...args: unknown[]) => void;
    this.events.on(event, l);
    return () => this.events.off(event, l);
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** Closes every waiting batch now, full or not (the bulk CLI at the end of its input). */
  flushBatches(): void {
    this.flushIntake();
    this.closeBatches(true);
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
   * `BACKLOG_FULL`
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
  async accept(officeId: string | null, input: unknown, options: SubmitOptions = {}): Promise<InsertOutcome> {
    if (this.stopped) throw new SceauError("CHAIN_UNAVAILABLE", "The issuer is stopping.");
    if (!this.hasRoom()) {
      throw new SceauError(
        "BACKLOG_FULL",
        `${this.backlog} extracts are waiting to be anchored (the limit is ${this.deps.backlogMax}); retry later.`,
        { details: { retryAfterSeconds: Math.max(5, Math.ceil(this.retryDelayMs / 1000)) } },
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
      const existing = this.deps.journal.findByReference(office.id, extract.reference);
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

  /** Status of an extract of `officeId` (null: any office); another office's is `FORBIDDEN`. */
  status(officeId: string | null, id: string): ExtractStatus {
    return this.statusOf(this.meta(officeId, id));
  }

  /** Resolves once the extract's batch is anchored, or with its current status after `timeoutMs`. */
  async waitAnchored(officeId: string | null, id: string, timeoutMs: number): Promise<ExtractStatus> {
    return this.waitFor(
      timeoutMs,
      "anchored",
      () => {
        const s = this.status(officeId, id);
        return s.state === "anchored" ? s : null;
      },
      () => this.status(officeId, id),
    );
  }

  /** An office's extracts, newest first, paged by an opaque cursor. */
  list(
    officeId: string,
    q: { query?: string; state?: ListState; cursor?: string; limit?: number },
  ): { items: ListItem[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), LIST_MAX);
    const beforeSeq = q.cursor === undefined ? undefined : parseCursor(q.cursor);
    const rows = this.deps.journal.listExtracts(officeId, {
      ...(q.query === undefined ? {} : { query: q.query }),
      ...(q.state === undefined ? {} : { state: q.state }),
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(listItem),
      nextCursor: rows.length > limit && last ? Buffer.from(String(last.seq)).toString("base64url") : null,
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
    const row = this.deps.journal.getExtract(id);
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
    const meta = this.meta(officeId, id);
    const code = REVOCATION_REASONS[reason];
    const existing = this.deps.journal.revocationOfExtract(meta.id);
    if (existing) return this.sameRevocation(existing, code);
    const ofBatch = meta.batchId === null ? null : this.deps.journal.revocationOfBatch(meta.batchId);
    if (ofBatch) {
      throw new SceauError("CONFLICT", "The extract's whole batch is revoked already.", {
        details: { revocation: revocationStatus(ofBatch) },
      });
    }
    const row = this.deps.journal.insertRevocation({
      office: meta.office,
      scope: "extract",
      extractId: meta.id,
      batchId: null,
      leaf: meta.leaf,
      reason: code,
      requestedAt: this.deps.now(),
    });
    this.deps.log("info", "Revocation requested.", { scope: "extract", id: meta.id, reason });
    this.kickChain();
    return { id: row.id, ...revocationStatus(row) };
  }

  /** Revokes a whole batch (its root) of `officeId`. */
  revokeBatch(
    officeId: string | null,
    rootHex: string,
    reason: RevocationReason,
  ): RevocationStatus & { id: number } {
    const batch = this.batchRow(officeId, rootHex);
    const code = REVOCATION_REASONS[reason];
    const existing = this.deps.journal.revocationOfBatch(batch.id);
    if (existing) return this.sameRevocation(existing, code);
    const row = this.deps.journal.insertRevocation({
      office: batch.office ?? "",
      scope: "batch",
      extractId: null,
      batchId: batch.id,
      leaf: null,
      reason: code,
      requestedAt: this.deps.now(),
    });
    this.deps.log("info", "Revocation requested.", { scope: "batch", root: hex(batch.root), reason });
    this.kickChain();
    return { id: row.id, ...revocationStatus(row) };
  }

  /** Resolves once the revocation is recorded on chain, or with its state after `timeoutMs`. */
  async waitRevoked(revocationId: number, timeoutMs: number): Promise<RevocationStatus> {
    const current = (): RevocationStatus => {
      const row = this.deps.journal.getRevocation(revocationId);
      if (!row) throw new SceauError("NOT_FOUND", `No revocation ${revocationId}.`);
      return revocationStatus(row);
    };
    return this.waitFor(
      timeoutMs,
      "revoked",
      () => {
        const s = current();
        return s.state === "recorded" ? s : null;
      },
      current,
    );
  }

  /** A batch of `officeId`, by its root. */
  batchStatus(officeId: string | null, rootHex: string): BatchStatus {
    const b = this.batchRow(officeId, rootHex);
    const revocation = this.deps.journal.revocationOfBatch(b.id);
    return {
      root: hex(b.root),
      office: b.office,
      size: b.size,
      state: stateOf(b),
      txHash: b.state === "sealed" ? null : b.txHash,
      blockNumber: b.state === "anchored" ? b.blockNumber : null,
      anchoredAt: b.state === "anchored" && b.anchoredAt !== null ? iso(b.anchoredAt) : null,
      extracts: this.deps.journal.batchMembers(b.id),
      revocation: revocation ? revocationStatus(revocation) : null,
    };
  }

  // ---- internals ----

  private sameRevocation(existing: RevocationRow, code: number): RevocationStatus & { id: number } {
    if (existing.reason !== code) {
      throw new SceauError("CONFLICT", `Revoked already, for the reason ${reasonName(existing.reason)}.`, {
        details: { revocation: revocationStatus(existing) },
      });
    }
    return { id: existing.id, ...revocationStatus(existing) };
  }

  private async waitFor<T>(
    timeoutMs: number,
    event: "anchored" | "revoked",
    done: () => T | null,
    fallback: () => T,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = done();
      if (result !== null) return result;
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) return fallback();
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.events.off(event, wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        this.events.on(event, wake);
      });
    }
  }

  private sealed(officeId: string | null, id: string): { row: ExtractRow; text: string } {
    const meta = this.meta(officeId, id);
    const row = this.deps.journal.getExtract(meta.id);
    const batch = meta.batchId === null ? null : this.deps.journal.getBatch(meta.batchId);
    if (!row || !batch || batch.state !== "anchored" || !row.proof) {
      throw new SceauError("CONFLICT", "The extract is not anchored yet; its seal is available once it is.", {
        details: { state: this.statusOf(meta).state },
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

  private meta(officeId: string | null, id: string): ExtractMeta {
    const meta = this.deps.journal.getExtractMeta(id);
    if (!meta) throw new SceauError("NOT_FOUND", `No extract ${id}.`);
    if (officeId !== null && meta.office !== officeId) {
      throw new SceauError("FORBIDDEN", "This extract belongs to another office.");
    }
    return meta;
  }

  private batchRow(officeId: string | null, rootHex: string): BatchRow {
    const batch = this.deps.journal.getBatchByRoot(fromHex(rootHex, 32));
    if (!batch) throw new SceauError("NOT_FOUND", `No batch with root ${rootHex}.`);
    if (officeId !== null && batch.office !== officeId) {
      throw new SceauError("FORBIDDEN", "This batch belongs to another office.");
    }
    return batch;
  }

  private statusOf(meta: ExtractMeta): ExtractStatus {
    const batch = meta.batchId === null ? null : this.deps.journal.getBatch(meta.batchId);
    const revocation =
      this.deps.journal.revocationOfExtract(meta.id) ??
      (meta.batchId === null ? null : this.deps.journal.revocationOfBatch(meta.batchId));
    return {
      id: meta.id,
      office: meta.office,
      reference: meta.reference,
      state: batch ? stateOf(batch) : "pending",
      issuedAt: iso(meta.issuedAt),
      batch: batch
        ? {
            root: hex(batch.root),
            txHash: batch.state === "sealed" ? null : batch.txHash,
            blockNumber: batch.state === "anchored" ? batch.blockNumber : null,
            anchoredAt:
              batch.state === "anchored" && batch.anchoredAt !== null ? iso(batch.anchoredAt) : null,
          }
        : null,
      revocation: revocation ? revocationStatus(revocation) : null,
    };
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
          this.flushIntake();
        };
        if (wait > 0) setTimeout(flush, wait);
        else setImmediate(flush);
      }
    });
  }

  /** Commits every queued extract in one transaction, then acknowledges them. */
  private flushIntake(): void {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let outcomes: InsertOutcome[];
    try {
      outcomes = this.deps.journal.insertExtracts(items.map((i) => i.row));
    } catch (e) {
      if (isSceauError(e, "JOURNAL_UNAVAILABLE")) {
        this.deps.observer?.journalWriteFailed();
        this.deps.log("error", "The journal cannot store extracts; they are refused.", {
          extracts: items.length,
          error: describe(e),
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
      this.closeBatches();
    }
  }

  /**
   * Closes every office's full batches, and a partial batch whose oldest extract has waited
   * `maxWaitMs`; then sets a timer for the next partial batch due.
   */
  private closeBatches(force = false): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.stopped) return;
    try {
      this.closeDueBatches(force);
      this.batchRetryMs = this.deps.retry.initialMs;
    } catch (e) {
      // The journal could not record a batch (disk full): its extracts stay unbatched and
      // stored; try again later rather than let the error escape a timer.
      if (isSceauError(e, "JOURNAL_UNAVAILABLE")) this.deps.observer?.journalWriteFailed();
      const delay = this.batchRetryMs;
      this.batchRetryMs = Math.min(delay * 2, this.deps.retry.maxMs);
      this.deps.log("error", "Closing batches failed; retrying.", { error: describe(e), retryInMs: delay });
      this.batchTimer = setTimeout(() => {
        this.closeBatches(force);
      }, delay);
      // Batches closed before the failure still go to the chain.
      this.kickChain();
    }
  }

  private closeDueBatches(force: boolean): void {
    const { maxSize, maxWaitMs } = this.deps.batch;
    const now = this.deps.now();
    let closed = false;
    let next = Infinity;
    for (const o of this.deps.journal.unbatchedByOffice()) {
      let remaining = o.count;
      let oldest = o.oldestCreatedAt;
      while (remaining > 0) {
        const due = oldest + maxWaitMs;
        if (remaining < maxSize && due > now && !force) {
          next = Math.min(next, due);
          break;
        }
        const members = this.deps.journal.unbatched(o.office, maxSize);
        if (members.length === 0) break;
        const tree = buildTree(
          members.map((m) => m.leaf),
          this.deps.keccak256,
        );
        const proofs = getProofs(tree, this.deps.keccak256);
        this.deps.journal.createBatch(
          o.office,
          tree.root,
          members.map((m, i) => ({
            id: m.id,
            leafIndex: i,
            proof: concatBytes(...(proofs[i] as Uint8Array[])),
          })),
          now,
        );
        this.deps.failpoint?.("batch-sealed");
        this.deps.observer?.batchSealed(members.length);
        closed = true;
        remaining -= members.length;
        oldest = this.deps.journal.unbatched(o.office, 1)[0]?.createdAt ?? now;
      }
    }
    if (closed) this.kickChain();
    if (next !== Infinity) {
      this.batchTimer = setTimeout(
        () => {
          this.closeBatches();
        },
        Math.max(0, next - now),
      );
    }
  }

  private kickChain(): void {
    if (this.stopped) return;
    if (this.chainRun || this.retryTimer) {
      // Running: it looks again when done. Backing off: the retry timer comes back.
      this.chainAgain = this.chainRun !== undefined;
      return;
    }
    this.chainRun = this.chainWork()
      .then(
        () => {
          if (this.chainDown) this.deps.log("info", "The chain answers again.");
          this.chainDown = false;
          this.retryDelayMs = this.deps.retry.initialMs;
        },
        (e: unknown) => {
          if (this.stopped) return;
          this.chainDown = true;
          this.deps.observer?.chainWriteFailed();
          this.deps.log("warn", "Chain work failed; retrying.", {
            error: describe(e),
            retryInMs: this.retryDelayMs,
          });
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.kickChain();
          }, this.retryDelayMs);
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.deps.retry.maxMs);
        },
      )
      .finally(() => {
        this.chainRun = undefined;
        if (this.chainAgain && !this.retryTimer) {
          this.chainAgain = false;
          this.kickChain();
        }
      });
  }

  /** Anchors waiting batches, then records waiting revocations, until nothing is left. */
  private async chainWork(): Promise<void> {
    let recovered = false;
    for (;;) {
      if (this.stopped) return;
      try {
        if (await this.anchorNext()) continue;
        if (await this.revokeNext()) continue;
        return;
      } catch (e) {
        if (isSceauError(e, "REGISTRY_MISSING") && this.deps.recoverRegistry && !recovered) {
          recovered = true;
          this.deps.log("warn", "The registry is missing on the chain.", { error: describe(e) });
          await this.deps.recoverRegistry();
          continue;
        }
        throw e;
      }
    }
  }

  private async anchorNext(): Promise<boolean> {
    const batches = this.deps.journal.unanchoredBatches(this.deps.batch.maxRootsPerTx);
    if (batches.length === 0) return false;
    const toSend: BatchRow[] = [];
    for (const b of batches) {
      // An earlier attempt may have reached the chain: never send that root again.
      if (b.attempts > 0 && (await this.deps.chain.rootInfo(b.root)).issuer !== null) {
        const receipt = await this.deps.chain.findAnchoring(b.root);
        if (!receipt) {
          throw new SceauError("CHAIN_UNAVAILABLE", "The root is anchored but its event was not found yet.");
        }
        this.recordAnchored([b], receipt, null);
        continue;
      }
      toSend.push(b);
    }
    if (toSend.length === 0) return true;
    const ids = toSend.map((b) => b.id);
    this.deps.journal.markSending(ids);
    const sentAt = performance.now();
    const receipt = await this.deps.chain.anchorRoots(
      toSend.map((b) => b.root),
      {
        onSent: (txHash) => {
          this.deps.journal.markAnchoring(ids, txHash);
          this.deps.failpoint?.("anchor-sent");
        },
      },
    );
    this.deps.failpoint?.("anchor-confirmed");
    this.recordAnchored(toSend, receipt, performance.now() - sentAt);
    this.deps.log("info", "Batches anchored.", {
      batches: toSend.length,
      extracts: toSend.reduce((n, b) => n + b.size, 0),
      txHash: receipt.txHash,
      block: receipt.blockNumber,
    });
    return true;
  }

  private recordAnchored(
    batches: readonly BatchRow[],
    facts: ChainFacts,
    transactionMs: number | null,
  ): void {
    const ids = batches.map((b) => b.id);
    this.deps.journal.markAnchored(ids, facts);
    this.backlog -= batches.reduce((n, b) => n + b.size, 0);
    this.deps.observer?.batchesAnchored(
      batches.map((b) => ({ size: b.size, sealedAtMs: b.createdAt })),
      transactionMs,
      this.deps.now(),
    );
    this.emit("anchored", ids);
  }

  private async revokeNext(): Promise<boolean> {
    const r = this.deps.journal.nextRevocation();
    if (!r) return false;
    const batch = r.batchId === null ? null : this.deps.journal.getBatch(r.batchId);
    if (!batch) throw new SceauError("INTERNAL", `Revocation ${r.id} has no batch.`);
    const leaf = r.scope === "extract" ? r.leaf : null;
    if (r.scope === "extract" && !leaf) throw new SceauError("INTERNAL", `Revocation ${r.id} has no leaf.`);
    if (r.attempts > 0) {
      const revokedAt = leaf
        ? await this.deps.chain.leafRevokedAt(leaf)
        : (await this.deps.chain.rootInfo(batch.root)).revokedAt;
      if (revokedAt > 0) {
        const receipt = await this.deps.chain.findRevocation(batch.root, leaf);
        if (!receipt) {
          throw new SceauError(
            "CHAIN_UNAVAILABLE",
            "The revocation is recorded but its event was not found yet.",
          );
        }
        this.recordRevoked(r, receipt);
        return true;
      }
    }
    this.deps.journal.markRevocationSending(r.id);
    const hooks = {
      onSent: (txHash: string) => {
        this.deps.journal.markRevocationSent(r.id, txHash);
        this.deps.failpoint?.("revoke-sent");
      },
    };
    const receipt = leaf
      ? await this.deps.chain.revokeLeaf(batch.root, leaf, r.reason, hooks)
      : await this.deps.chain.revokeRoot(batch.root, r.reason, hooks);
    this.recordRevoked(r, receipt);
    this.deps.log("info", "Revocation recorded.", {
      scope: r.scope,
      reason: reasonName(r.reason),
      txHash: receipt.txHash,
      block: receipt.blockNumber,
    });
    return true;
  }

  /** Tells listeners; a listener that throws is logged and never stops the chain loop. */
  private emit(event: "anchored" | "revoked", arg: readonly number[] | number): void {
    try {
      this.events.emit(event, arg);
    } catch (e) {
      this.deps.log("error", "A listener failed.", { event, error: describe(e) });
    }
  }

  private recordRevoked(r: RevocationRow, facts: ChainFacts): void {
    this.deps.journal.markRevocationRecorded(r.id, facts);
    this.deps.observer?.revocationRecorded(r.scope);
    this.emit("revoked", r.id);
  }
}

function stateOf(b: BatchRow): ExtractState {
  return b.state === "anchored" ? "anchored" : b.state === "anchoring" ? "anchoring" : "pending";
}

function revocationStatus(r: RevocationRow): RevocationStatus {
  return {
    scope: r.scope,
    reason: reasonName(r.reason),
    state: r.state === "recorded" ? "recorded" : "pending",
    requestedAt: new Date(r.requestedAt).toISOString(),
    revokedAt: r.state === "recorded" && r.revokedAt !== null ? iso(r.revokedAt) : null,
    txHash: r.state === "recorded" ? r.txHash : null,
  };
}

function listItem(r: ListedExtract): ListItem {
  const state: ExtractState =
    r.batchState === "anchored" ? "anchored" : r.batchState === "anchoring" ? "anchoring" : "pending";
  return {
    id: r.id,
    reference: r.reference,
    debtorName: r.debtorName,
    issuedAt: iso(r.issuedAt),
    state,
    batch: r.root
      ? {
          root: hex(r.root),
          txHash: r.batchState === "sealed" ? null : r.txHash,
          blockNumber: r.batchState === "anchored" ? r.blockNumber : null,
        }
      : null,
    revocation: r.revocation
      ? {
          scope: r.revocation.scope,
          reason: reasonName(r.revocation.reason),
          state: r.revocation.state === "recorded" ? "recorded" : "pending",
          revokedAt:
            r.revocation.state === "recorded" && r.revocation.revokedAt !== null
              ? iso(r.revocation.revokedAt)
              : null,
        }
      : null,
  };
}

function parseCursor(cursor: string): number {
  const n = Number(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(n) || n < 1) throw new SceauError("BAD_REQUEST", "The cursor is not valid.");
  return n;
}

function describe(e: unknown): string {
  if (isSceauError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
