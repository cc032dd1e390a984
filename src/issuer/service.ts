/**
 * The issuing use case: validate an extract, render revision 1, seal it, batch seals into a
 * Merkle tree, anchor the root, and hand out the stamped PDF.
 *
 * Durability: an extract is acknowledged only after its row is committed. Batching and
 * anchoring run from the journal's state, so a restart resumes whatever was left unfinished;
 * before (re)sending a root the chain is asked whether it is anchored already, so no root is
 * anchored twice.
 * @module
 */
import { EventEmitter } from "node:events";
import { concatBytes } from "../core/bytes.ts";
import { isoDateOf } from "../core/dates.ts";
import { SceauError, isSceauError } from "../core/errors.ts";
import { validateExtract, type Extract } from "../core/extract.ts";
import { sha256 } from "../core/hash.ts";
import { buildTree, getProof, leafHash } from "../core/merkle.ts";
import {
  DOCUMENT_ID_LENGTH,
  SALT_LENGTH,
  encodeSealBody,
  encodeSealWithBody,
  formatDocumentId,
  keyDataOf,
  sealToQrText,
  type RegistryRef,
} from "../core/seal.ts";
import type { OfficeInfo } from "../pdf/render.ts";
import type { BatchRow, ExtractRow, Journal } from "../store/journal.ts";
import type { AnchorPort, RenderPort, StampPort } from "./ports.ts";

export interface IssuerOffice extends OfficeInfo {
  readonly id: string;
}

export interface IssuerDeps {
  readonly journal: Journal;
  readonly anchor: AnchorPort;
  readonly render: RenderPort;
  readonly stamp: StampPort;
  readonly offices: ReadonlyMap<string, IssuerOffice>;
  readonly registry: RegistryRef;
  readonly verifierUrl: string;
  readonly batch: { readonly maxSize: number; readonly maxWaitMs: number };
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

export type ExtractState = "pending" | "anchoring" | "anchored";

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
  } | null;
}

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;

export class IssuerService {
  private readonly deps: IssuerDeps;
  private readonly events = new EventEmitter();
  private batchTimer: NodeJS.Timeout | undefined;
  private anchoring: Promise<void> | undefined;
  private anchorAgain = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 250;
  private stopped = false;

  constructor(deps: IssuerDeps) {
    this.deps = deps;
    this.events.setMaxListeners(0);
  }

  /** Resumes unfinished work from the journal: batches every waiting extract, anchors every sealed batch. */
  start(): void {
    this.stopped = false;
    this.closeBatches(true);
    this.kickAnchoring();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    clearTimeout(this.retryTimer);
    await this.anchoring;
  }

  /**
   * Validates, seals and durably records an extract for `officeId`. The same office and
   * `reference` twice returns the first extract.
   * @throws {SceauError} `VALIDATION_FAILED`, `FORBIDDEN` (the extract names another office)
   */
  async submit(officeId: string, input: unknown): Promise<{ status: ExtractStatus; created: boolean }> {
    const nowMs = this.deps.now();
    const issuedAt = Math.floor(nowMs / 1000);
    const extract = validateExtract(input, {
      today: isoDateOf(issuedAt),
      offices: new Set(this.deps.offices.keys()),
    });
    if (extract.office !== officeId) {
      throw new SceauError(
        "FORBIDDEN",
        "The extract names an office other than the one this token belongs to.",
      );
    }
    if (extract.reference !== undefined) {
      const existing = this.deps.journal.findByReference(officeId, extract.reference);
      if (existing) return { status: this.statusOf(existing), created: false };
    }
    const office = this.deps.offices.get(officeId);
    if (!office) throw new SceauError("FORBIDDEN", "Unknown office.");

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
    const key = keyDataOf(extract);
    const body = encodeSealBody({
      registry: this.deps.registry,
      documentId,
      salt,
      issuedAt,
      office: extract.office,
      debtor: key.debtor,
      country: key.country,
      postalCode: key.postalCode,
      town: key.town,
      coverage: extract.coverage,
      summary: key.summary,
      pdfDigest: sha256(revision1),
    });
    try {
      this.deps.journal.insertExtract({
        id,
        office: officeId,
        reference: extract.reference ?? null,
        extractJson: JSON.stringify(extract),
        issuedAt,
        sealBody: body,
        leaf: leafHash(body),
        revision1,
        createdAt: nowMs,
      });
    } catch (e) {
      // Two concurrent requests with the same reference: the loser returns the winner's extract.
      if (extract.reference !== undefined && isUniqueViolation(e)) {
        const existing = this.deps.journal.findByReference(officeId, extract.reference);
        if (existing) return { status: this.statusOf(existing), created: false };
      }
      throw e;
    }
    this.scheduleBatch();
    const row = this.deps.journal.getExtract(id);
    if (!row) throw new SceauError("INTERNAL", "The extract vanished after being stored.");
    return { status: this.statusOf(row), created: true };
  }

  /** Status of an extract of `officeId`; another office's extract is `FORBIDDEN`. */
  status(officeId: string, id: string): ExtractStatus {
    return this.statusOf(this.row(officeId, id));
  }

  /** Resolves once the extract's batch is anchored, or rejects after `timeoutMs`. */
  async waitAnchored(officeId: string, id: string, timeoutMs: number): Promise<ExtractStatus> {
    const deadline = this.deps.now() + timeoutMs;
    for (;;) {
      const status = this.status(officeId, id);
      if (status.state === "anchored") return status;
      const left = deadline - this.deps.now();
      if (left <= 0) return status;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.events.off("anchored", done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 1000));
        this.events.on("anchored", done);
      });
    }
  }

  /** The QR text of an anchored extract. */
  qrText(officeId: string, id: string): string {
    const row = this.row(officeId, id);
    const batch = row.batchId === null ? null : this.deps.journal.getBatch(row.batchId);
    if (!batch || batch.state !== "anchored" || !row.proof) {
      throw new SceauError("CONFLICT", "The extract is not anchored yet; its PDF is available once it is.", {
        details: { state: this.statusOf(row).state },
      });
    }
    const proof: Uint8Array[] = [];
    for (let i = 0; i < row.proof.length; i += 32) proof.push(row.proof.subarray(i, i + 32));
    return sealToQrText(encodeSealWithBody(row.sealBody, batch.root, proof), this.deps.verifierUrl);
  }

  /** The sealed PDF: revision 1 plus the stamp. */
  async pdf(officeId: string, id: string): Promise<Uint8Array> {
    const text = this.qrText(officeId, id);
    return this.deps.stamp(this.row(officeId, id).revision1, text);
  }

  /** The validated extract as stored. */
  extract(officeId: string, id: string): Extract {
    return JSON.parse(this.row(officeId, id).extractJson) as Extract;
  }

  private row(officeId: string, id: string): ExtractRow {
    const row = this.deps.journal.getExtract(id);
    if (!row) throw new SceauError("NOT_FOUND", `No extract ${id}.`);
    if (row.office !== officeId) throw new SceauError("FORBIDDEN", "This extract belongs to another office.");
    return row;
  }

  private statusOf(row: ExtractRow): ExtractStatus {
    const batch = row.batchId === null ? null : this.deps.journal.getBatch(row.batchId);
    const state: ExtractState =
      batch?.state === "anchored" ? "anchored" : batch?.state === "anchoring" ? "anchoring" : "pending";
    return {
      id: row.id,
      office: row.office,
      reference: row.reference,
      state,
      issuedAt: new Date(row.issuedAt * 1000).toISOString(),
      batch: batch ? { root: hex(batch.root), txHash: batch.txHash, blockNumber: batch.blockNumber } : null,
    };
  }

  private scheduleBatch(): void {
    const waiting = this.deps.journal.unbatched(this.deps.batch.maxSize);
    if (waiting.length >= this.deps.batch.maxSize) {
      this.closeBatches(false);
      return;
    }
    if (this.batchTimer === undefined) {
      this.batchTimer = setTimeout(() => {
        this.batchTimer = undefined;
        this.closeBatches(true);
      }, this.deps.batch.maxWaitMs);
    }
  }

  /** Closes full batches, and with `all` also the last partial one. */
  private closeBatches(all: boolean): void {
    if (this.stopped) return;
    let closed = false;
    for (;;) {
      const members = this.deps.journal.unbatched(this.deps.batch.maxSize);
      if (members.length === 0 || (!all && members.length < this.deps.batch.maxSize)) break;
      const tree = buildTree(members.map((m) => m.leaf));
      this.deps.journal.createBatch(
        tree.root,
        members.map((m, i) => ({ id: m.id, leafIndex: i, proof: concatBytes(...getProof(tree, i)) })),
        this.deps.now(),
      );
      closed = true;
    }
    if (closed) this.kickAnchoring();
    if (!all && this.deps.journal.unbatched(1).length > 0 && this.batchTimer === undefined)
      this.scheduleBatch();
  }

  private kickAnchoring(): void {
    if (this.stopped) return;
    if (this.anchoring) {
      this.anchorAgain = true;
      return;
    }
    this.anchoring = this.anchorPending()
      .catch((e: unknown) => {
        this.deps.log("warn", "Anchoring failed; retrying.", {
          error: describe(e),
          retryInMs: this.retryDelayMs,
        });
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          this.kickAnchoring();
        }, this.retryDelayMs);
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
      })
      .finally(() => {
        this.anchoring = undefined;
        if (this.anchorAgain) {
          this.anchorAgain = false;
          this.kickAnchoring();
        }
      });
  }

  private async anchorPending(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batches = this.deps.journal.unanchoredBatches();
      if (batches.length === 0) return;
      // Never resend a root the chain already holds (a crash after sending, before the receipt).
      const toSend: BatchRow[] = [];
      for (const b of batches.slice(0, 16)) {
        const facts = await this.deps.anchor.rootInfo(b.root);
        if (facts.issuer !== null) {
          this.deps.journal.markAnchored(b.id, {
            txHash: null,
            blockNumber: b.blockNumber,
            anchoredAt: facts.anchoredAt,
          });
          this.events.emit("anchored", b.id);
        } else {
          toSend.push(b);
        }
      }
      if (toSend.length === 0) continue;
      const receipt = await this.deps.anchor.anchorRoots(
        toSend.map((b) => b.root),
        {
          onSent: (txHash) => {
            this.deps.journal.markAnchoring(
              toSend.map((b) => b.id),
              txHash,
            );
          },
        },
      );
      const anchoredAt = Math.floor(this.deps.now() / 1000);
      for (const b of toSend) {
        this.deps.journal.markAnchored(b.id, {
          txHash: receipt.txHash,
          blockNumber: receipt.blockNumber,
          anchoredAt,
        });
      }
      this.retryDelayMs = 250;
      this.deps.log("info", "Batch anchored.", {
        batches: toSend.length,
        extracts: toSend.reduce((n, b) => n + b.size, 0),
        txHash: receipt.txHash,
        block: receipt.blockNumber,
      });
      this.events.emit("anchored");
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && "code" in e && e.code === "SQLITE_CONSTRAINT_UNIQUE";
}

function describe(e: unknown): string {
  if (isSceauError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
