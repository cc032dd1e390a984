/**
 * What the issuer needs from the outside world, as interfaces: the journal, the chain, the PDF
 * renderer and the stamp, and the observer it reports to. The adapters (`src/store`,
 * `src/chain`, `src/pdf`) implement these types and the wiring (`src/wiring`) plugs them in;
 * nothing here imports them. The logger is the core's (`core/log.ts`).
 * @module
 */
import type { ChainReceipt } from "../core/chain.ts";
import type { Extract } from "../core/extract.ts";

// ---- Rendering ----

/** The issuing office as printed on its extracts. */
export interface OfficeInfo {
  readonly id: string;
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly canton: string;
  /** Place printed in "issued at <place>, <date>". */
  readonly place: string;
}

/** Everything revision 1 of an extract's PDF is made of: its bytes are a function of this. */
export interface RenderInput {
  readonly extract: Extract;
  readonly office: OfficeInfo;
  readonly documentId: Uint8Array;
  /** Unix seconds. */
  readonly issuedAt: number;
  /** The official verification address, printed in words beside the QR. */
  readonly verifierUrl: string;
  /**
   * The layout version (docs/formats.md, "The extract PDF"); by default the renderer's latest.
   * Issued extracts are never re-rendered: the journal keeps revision 1, which records its layout.
   */
  readonly layout?: number;
  /** Where people order their own extract, printed from layout v2 on; default `<verifierUrl>/counter`. */
  readonly counterUrl?: string;
}

/** Renders revision 1 of an extract. */
export type RenderPort = (input: RenderInput) => Promise<Uint8Array>;
/** Stamps a seal's QR into revision 1; it may take `revision1`'s buffer (callers pass a copy). */
export type StampPort = (revision1: Uint8Array, qrText: string) => Promise<Uint8Array>;

// ---- The journal's rows ----

export type BatchState = "sealed" | "anchoring" | "anchored";
export type RevocationScope = "extract" | "batch";
export type RevocationState = "pending" | "sending" | "recorded";

export interface ExtractRow {
  readonly seq: number;
  readonly id: string;
  readonly office: string;
  readonly reference: string | null;
  readonly extractJson: string;
  readonly issuedAt: number;
  readonly sealBody: Uint8Array;
  readonly leaf: Uint8Array;
  readonly revision1: Uint8Array;
  readonly batchId: number | null;
  readonly leafIndex: number | null;
  readonly proof: Uint8Array | null;
  readonly createdAt: number;
  /**
   * Base URL of the verification page printed on the extract and put in its QR code, as it was
   * at intake; null for extracts stored before schema 3.
   */
  readonly verifierUrl: string | null;
}

/** An extract without its personal data and PDF: what statuses and listings need. */
export interface ExtractMeta {
  readonly seq: number;
  readonly id: string;
  readonly office: string;
  readonly reference: string | null;
  readonly issuedAt: number;
  readonly debtorName: string | null;
  readonly leaf: Uint8Array;
  readonly batchId: number | null;
  readonly createdAt: number;
}

export interface BatchRow {
  readonly id: number;
  readonly office: string | null;
  readonly root: Uint8Array;
  readonly size: number;
  readonly state: BatchState;
  /** Anchoring transactions tried so far; above 0 the root may be on chain already. */
  readonly attempts: number;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  /** Block time of the anchoring (Unix seconds). */
  readonly anchoredAt: number | null;
  readonly createdAt: number;
  /** Hash of the block that included the anchoring (null before, and for journals before schema 4). */
  readonly blockHash: string | null;
  /** Confirmations of that block when last looked at (the including block counts as one). */
  readonly confirmations: number | null;
  /** Anchored and `SCEAU_MIN_CONFIRMATIONS` deep: no longer watched for reorganisations. */
  readonly final: boolean;
}

/** One signed version of a transaction, journaled before it is sent. */
export interface SignedTx {
  readonly hash: string;
  /** The sending account (checksummed). */
  readonly account: string;
  readonly nonce: number;
  /** The signed transaction, 0x-prefixed hex: what is sent again after a restart or a drop. */
  readonly raw: string;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

export interface RevocationRow {
  readonly id: number;
  readonly office: string;
  readonly scope: RevocationScope;
  readonly extractId: string | null;
  readonly batchId: number | null;
  readonly leaf: Uint8Array | null;
  readonly reason: number;
  readonly state: RevocationState;
  readonly attempts: number;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  /** Block time of the revocation (Unix seconds). */
  readonly revokedAt: number | null;
  readonly requestedAt: number;
}

export interface NewExtract {
  readonly id: string;
  readonly office: string;
  readonly reference: string | null;
  readonly extractJson: string;
  readonly issuedAt: number;
  readonly sealBody: Uint8Array;
  readonly leaf: Uint8Array;
  readonly revision1: Uint8Array;
  readonly createdAt: number;
  /** Display name of the debtor, for the office's own listing. */
  readonly debtorName: string;
  /** Folded text the office's listing searches (see `foldSearch` in `core/extract.ts`). */
  readonly search: string;
  /** Base URL of the verification page revision 1 names: the QR code will open it. */
  readonly verifierUrl: string;
  /** The bulk job line this extract comes from, recorded in the same transaction. */
  readonly bulk?: { readonly job: string; readonly line: number };
}

/** What happened to one {@link NewExtract}: stored, or an earlier extract with its reference. */
export interface InsertOutcome {
  readonly id: string;
  readonly created: boolean;
}

export type ListState = "pending" | "anchoring" | "anchored" | "revoked";

export interface ListQuery {
  /** Words that must all occur in the reference, id or debtor name (case and accents ignored). */
  readonly query?: string;
  readonly state?: ListState;
  /** Only extracts older than this sequence number (the cursor). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export interface ListedExtract {
  readonly seq: number;
  readonly id: string;
  readonly reference: string | null;
  readonly issuedAt: number;
  readonly debtorName: string | null;
  readonly batchState: BatchState | null;
  /** The batch is final (see {@link BatchRow.final}). */
  readonly batchFinal: boolean;
  readonly root: Uint8Array | null;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  readonly revocation: {
    readonly scope: RevocationScope;
    readonly reason: number;
    readonly state: RevocationState;
    readonly revokedAt: number | null;
  } | null;
}

export interface BulkJobRow {
  readonly id: string;
  /** Office the job's lines must name; null for an operator's job (any configured office). */
  readonly office: string | null;
  readonly total: number;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface BulkCounts {
  readonly processed: number;
  readonly accepted: number;
  readonly failed: number;
  readonly anchored: number;
}

export interface BulkLineRow {
  readonly line: number;
  readonly extractId: string | null;
  readonly created: boolean;
  readonly error: BulkLineError | null;
  /** A failed line's `reference` and debtor name, as its text gives them (answers only, not stored). */
  readonly reference?: string;
  readonly debtorName?: string;
}

export interface BulkLineError {
  readonly code: string;
  readonly message: string;
  /** Every bad field; `code` and `params` as in `FieldIssue` (absent in lines stored before they existed). */
  readonly issues?: readonly {
    readonly path: string;
    readonly code?: string;
    readonly message: string;
    readonly params?: Readonly<Record<string, string | number>>;
  }[];
}

/** An anchored extract of a bulk job: its line, id, reference, batch root and transaction. */
export interface BulkAnchoredLine {
  readonly line: number;
  readonly extractId: string;
  readonly reference: string | null;
  readonly root: Uint8Array;
  readonly txHash: string;
}

/** An extract waiting for a batch: what closing a batch needs. */
export interface UnbatchedExtract {
  readonly id: string;
  readonly leaf: Uint8Array;
  readonly createdAt: number;
}

/** A batch member's place in its tree and its proof (the sibling hashes, concatenated). */
export interface BatchMember {
  readonly id: string;
  readonly leafIndex: number;
  readonly proof: Uint8Array;
}

export interface NewRevocation {
  readonly office: string;
  readonly scope: RevocationScope;
  readonly extractId: string | null;
  readonly batchId: number | null;
  readonly leaf: Uint8Array | null;
  readonly reason: number;
  /** Milliseconds since the epoch. */
  readonly requestedAt: number;
}

export interface NewBulkJob {
  readonly id: string;
  readonly office: string | null;
  /** The whole upload. */
  readonly source: Uint8Array;
  readonly total: number;
  readonly createdAt: number;
}

// ---- The journal ----

/**
 * The issuer's durable state, one store per aggregate. Every write is committed before it
 * returns; a failure of the storage itself is `JOURNAL_UNAVAILABLE` (nothing of it was stored).
 */
export interface JournalPort {
  readonly extracts: ExtractJournal;
  readonly batches: BatchJournal;
  readonly revocations: RevocationJournal;
  readonly bulkJobs: BulkJournal;
}

export interface ExtractJournal {
  /**
   * Stores extracts in one transaction (one disk sync). An extract whose office and reference
   * are taken is not stored; its outcome names the earlier extract. A bulk line is recorded
   * with its extract.
   */
  insert(rows: readonly NewExtract[]): InsertOutcome[];
  get(id: string): ExtractRow | null;
  /** An extract without its personal data and PDF. */
  meta(id: string): ExtractMeta | null;
  findByReference(office: string, reference: string): ExtractMeta | null;
  /** Extracts accepted but not yet anchored. */
  countUnanchored(): number;
  /** Per office: extracts waiting for a batch and when the oldest of them was accepted. */
  unbatchedByOffice(): { office: string; count: number; oldestCreatedAt: number }[];
  /** An office's extracts not yet in a batch, oldest first. */
  unbatched(office: string, limit: number): UnbatchedExtract[];
  /** An office's extracts, newest first, without their personal data beyond the debtor's name. */
  list(office: string, q: ListQuery): ListedExtract[];
}

export interface BatchJournal {
  /**
   * Records a closed batch of one office and each member's place and proof, atomically.
   * @returns the new batch id
   */
  create(office: string, root: Uint8Array, members: readonly BatchMember[], now: number): number;
  get(id: number): BatchRow | null;
  byRoot(root: Uint8Array): BatchRow | null;
  /** Ids of a batch's extracts, in leaf order. */
  members(batchId: number): string[];
  /** Batches not yet anchored, oldest first. */
  unanchored(limit: number): BatchRow[];
  /** Counts one more anchoring attempt for each batch; committed before the transaction is sent. */
  markSending(batchIds: readonly number[]): void;
  markAnchoring(batchIds: readonly number[], txHash: string): void;
  /**
   * Records a signed version of the batches' anchoring transaction and makes it theirs, in one
   * commit, before it is sent.
   */
  markSigned(batchIds: readonly number[], tx: SignedTx, now: number): void;
  /** Every signed version sharing the nonce of transaction `txHash` (empty when not journaled). */
  versions(txHash: string): SignedTx[];
  /** Included in a block; `final` once it has the confirmations wanted. */
  markAnchored(
    batchIds: readonly number[],
    receipt: ChainReceipt,
    confirmations: number,
    final: boolean,
  ): void;
  /** Anchored batches not yet final, oldest first. */
  unfinal(limit: number): BatchRow[];
  /**
   * A reorganisation removed the batches' anchoring: back to `anchoring`, and the journal's
   * chain log says what happened.
   */
  markReorganised(batchIds: readonly number[], detail: string, now: number): void;
}

export interface RevocationJournal {
  /** Records a revocation request; it reaches the chain later (see {@link next}). */
  insert(r: NewRevocation): RevocationRow;
  get(id: number): RevocationRow | null;
  ofExtract(extractId: string): RevocationRow | null;
  ofBatch(batchId: number): RevocationRow | null;
  /**
   * The oldest revocation not yet recorded on chain whose extract or batch is anchored, with the
   * batch's id filled in for a leaf revocation.
   */
  next(): RevocationRow | null;
  /** Counts one more attempt; committed before the transaction is sent. */
  markSending(id: number): void;
  markSent(id: number, txHash: string): void;
  markRecorded(id: number, receipt: ChainReceipt): void;
}

export interface BulkJournal {
  create(job: NewBulkJob): void;
  get(id: string): BulkJobRow | null;
  /**
   * The job's upload as stored.
   * @throws {SceauError} `NOT_FOUND` for an unknown job
   */
  source(id: string): Uint8Array;
  /** Ids of the jobs not finished, oldest first. */
  unfinished(): string[];
  /** Line numbers of a job that have an outcome already. */
  linesDone(id: string): Set<number>;
  recordFailures(id: string, failures: readonly { line: number; error: BulkLineError }[]): void;
  /** Lines whose extract existed already (the same office and reference). */
  recordExisting(id: string, lines: readonly { line: number; extractId: string }[]): void;
  finish(id: string, now: number): void;
  counts(id: string): BulkCounts;
  /** A job's line outcomes by line number, after `afterLine`. */
  lines(id: string, q: { outcome?: "accepted" | "failed"; afterLine?: number; limit: number }): BulkLineRow[];
  /** Anchored extracts of a job in the given batches (null: all of the job's). */
  anchored(id: string, batchIds: readonly number[] | null): BulkAnchoredLine[];
}

// ---- The chain ----

/** What the registry holds about a root, as of the latest block. */
export interface RootInfo {
  /** Anchoring account (checksummed); null when the root is not anchored. */
  readonly issuer: string | null;
  /** Block time of the anchoring (Unix seconds); 0 when not anchored. */
  readonly anchoredAt: number;
  /** Block time of the root's revocation; 0 when not revoked. */
  readonly revokedAt: number;
  /** Reason code of the root's revocation; 0 when not revoked. */
  readonly reason: number;
}

/** Callbacks of a chain write. */
export interface SendHooks {
  /**
   * Receives each signed version of the transaction before it is sent: the issuer journals it,
   * so a restart sends the same transaction again rather than a new one.
   */
  readonly onSigned?: (tx: SignedTx) => void;
  /** Versions of this transaction journaled earlier: resume them instead of signing anew. */
  readonly resume?: readonly SignedTx[];
  /** True once the service stops: a wait for inclusion gives up. */
  readonly stopped?: () => boolean;
  /**
   * Receives the transaction hash once the node accepted it, before the receipt: the issuer
   * records it then, so a crash before the receipt leaves the transaction findable.
   */
  readonly onSent?: (txHash: string) => void;
}

/**
 * A registry event the compromise alarm looks at, with its `txHash` and `blockNumber`: an
 * anchoring (`account` checksummed), a role change, or an `IssuerWithdrawn` (the account's roots
 * anchored from `from`, in seconds, no longer count).
 */
export type RegistryEvent = { readonly txHash: string; readonly blockNumber: number } & (
  | { readonly kind: "anchored"; readonly root: Uint8Array; readonly account: string }
  | {
      readonly kind: "role";
      readonly granted: boolean;
      readonly role: string;
      readonly account: string;
      readonly sender: string;
    }
  | {
      readonly kind: "withdrawn";
      readonly account: string;
      readonly withdrawer: string;
      readonly from: number;
    }
);

export interface ChainPort {
  /**
   * The registry's anchoring and role events from `fromBlock` to the head (null: none, only the
   * head), for the compromise alarm. Optional: a chain without it is not watched.
   */
  registryEvents?(fromBlock: number | null): Promise<{ head: number; events: RegistryEvent[] }>;
  rootInfo(root: Uint8Array): Promise<RootInfo>;
  /** Block time of a leaf's revocation; 0 when not revoked. */
  leafRevokedAt(leaf: Uint8Array): Promise<number>;
  /**
   * Anchors the roots in one transaction.
   * @throws {SceauError} `REGISTRY_MISSING` when the receipt holds no anchoring event per root
   */
  anchorRoots(roots: readonly Uint8Array[], hooks: SendHooks): Promise<ChainReceipt>;
  revokeRoot(root: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt>;
  revokeLeaf(root: Uint8Array, leaf: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt>;
  /**
   * Where transaction `txHash` is now on the canonical chain, and its block's confirmations (the
   * including block counted); null when it is in no block (removed by a reorganisation, or
   * never included).
   */
  inclusion(txHash: string): Promise<(ChainReceipt & { readonly confirmations: number }) | null>;
  /** The transaction that anchored `root`, from its event; null when none is found. */
  findAnchoring(root: Uint8Array): Promise<ChainReceipt | null>;
  /** The transaction that revoked `root` (leaf null) or `leaf`, from its event. */
  findRevocation(root: Uint8Array, leaf: Uint8Array | null): Promise<ChainReceipt | null>;
}

// ---- Observing ----

/** Named points where a test may have the process killed (see `SCEAU_FAILPOINT`). */
export type Failpoint = "intake-stored" | "batch-sealed" | "anchor-sent" | "anchor-confirmed" | "revoke-sent";

/**
 * What the issuer reports as it works, for metrics. Every method is optional work for the
 * observer and must not throw.
 */
export interface IssuerObserver {
  /** `count` new extracts were committed to the journal. */
  extractsStored(count: number): void;
  batchSealed(size: number): void;
  /**
   * Batches whose anchoring receipt was stored: each batch's size and closing time (ms), the
   * transaction's time from sending to receipt (null when it was found on chain after a restart
   * or a retry), and the time now (ms).
   */
  batchesAnchored(
    batches: readonly { readonly size: number; readonly sealedAtMs: number }[],
    transactionMs: number | null,
    nowMs: number,
  ): void;
  /** A reorganisation removed the anchoring of `batches` batches: they are sent again. */
  anchoringReorganised?(batches: number): void;
  /** The compromise alarm went off (`anchored`: a root not in the journal; `role`: a role change). */
  alarmRaised?(kind: RegistryEvent["kind"]): void;
  /** A run of the chain loop failed and will be retried. */
  chainWriteFailed(): void;
  revocationRecorded(scope: "extract" | "batch"): void;
  /** A journal write failed (disk full, I/O error). */
  journalWriteFailed(): void;
}
