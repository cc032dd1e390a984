/**
 * The journal's rows: what the stores hand out (camel case, bytes as `Uint8Array`), the raw
 * shapes SQLite returns (snake case, `Buffer`), and the mappers between them.
 * @module
 */

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
  /** Folded text the office's listing searches (see {@link foldSearch}). */
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
}

export interface BulkLineError {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

/** An anchored extract of a bulk job: its line, id, reference, batch root and transaction. */
export interface BulkAnchoredLine {
  readonly line: number;
  readonly extractId: string;
  readonly reference: string | null;
  readonly root: Uint8Array;
  readonly txHash: string;
}

export interface RawExtract {
  seq: number;
  id: string;
  office: string;
  reference: string | null;
  extract_json: string;
  issued_at: number;
  seal_body: Buffer;
  leaf: Buffer;
  revision1: Buffer;
  batch_id: number | null;
  leaf_index: number | null;
  proof: Buffer | null;
  created_at: number;
  verifier_url: string | null;
}

export interface RawMeta {
  seq: number;
  id: string;
  office: string;
  reference: string | null;
  issued_at: number;
  debtor_name: string | null;
  leaf: Buffer;
  batch_id: number | null;
  created_at: number;
}

export interface RawBatch {
  id: number;
  office: string | null;
  root: Buffer;
  size: number;
  state: BatchState;
  attempts: number;
  tx_hash: string | null;
  block_number: number | null;
  anchored_at: number | null;
  created_at: number;
}

export interface RawRevocation {
  id: number;
  office: string;
  scope: RevocationScope;
  extract_id: string | null;
  batch_id: number | null;
  leaf: Buffer | null;
  reason: number;
  state: RevocationState;
  attempts: number;
  tx_hash: string | null;
  block_number: number | null;
  revoked_at: number | null;
  requested_at: number;
}

export const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function toExtract(r: RawExtract): ExtractRow {
  return {
    seq: r.seq,
    id: r.id,
    office: r.office,
    reference: r.reference,
    extractJson: r.extract_json,
    issuedAt: r.issued_at,
    sealBody: bytes(r.seal_body),
    leaf: bytes(r.leaf),
    revision1: bytes(r.revision1),
    batchId: r.batch_id,
    leafIndex: r.leaf_index,
    proof: r.proof ? bytes(r.proof) : null,
    createdAt: r.created_at,
    verifierUrl: r.verifier_url,
  };
}

export function toMeta(r: RawMeta): ExtractMeta {
  return {
    seq: r.seq,
    id: r.id,
    office: r.office,
    reference: r.reference,
    issuedAt: r.issued_at,
    debtorName: r.debtor_name,
    leaf: bytes(r.leaf),
    batchId: r.batch_id,
    createdAt: r.created_at,
  };
}

export function toBatch(r: RawBatch): BatchRow {
  return {
    id: r.id,
    office: r.office,
    root: bytes(r.root),
    size: r.size,
    state: r.state,
    attempts: r.attempts,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    anchoredAt: r.anchored_at,
    createdAt: r.created_at,
  };
}

export function toRevocation(r: RawRevocation): RevocationRow {
  return {
    id: r.id,
    office: r.office,
    scope: r.scope,
    extractId: r.extract_id,
    batchId: r.batch_id,
    leaf: r.leaf ? bytes(r.leaf) : null,
    reason: r.reason,
    state: r.state,
    attempts: r.attempts,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    revokedAt: r.revoked_at,
    requestedAt: r.requested_at,
  };
}

export interface RawListed {
  seq: number;
  id: string;
  reference: string | null;
  issued_at: number;
  debtor_name: string | null;
  batch_state: BatchState | null;
  root: Buffer | null;
  tx_hash: string | null;
  block_number: number | null;
  r_scope: RevocationScope | null;
  r_reason: number | null;
  r_state: RevocationState | null;
  r_at: number | null;
}

export function toListed(r: RawListed): ListedExtract {
  return {
    seq: r.seq,
    id: r.id,
    reference: r.reference,
    issuedAt: r.issued_at,
    debtorName: r.debtor_name,
    batchState: r.batch_state,
    root: r.root ? bytes(r.root) : null,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    revocation:
      r.r_scope && r.r_reason !== null && r.r_state
        ? { scope: r.r_scope, reason: r.r_reason, state: r.r_state, revokedAt: r.r_at }
        : null,
  };
}

export interface RawBulkJob {
  id: string;
  office: string | null;
  total: number;
  created_at: number;
  finished_at: number | null;
}

export function toBulkJob(r: RawBulkJob): BulkJobRow {
  return { id: r.id, office: r.office, total: r.total, createdAt: r.created_at, finishedAt: r.finished_at };
}

export interface RawBulkLine {
  line: number;
  extract_id: string | null;
  created: number;
  error: string | null;
}

export function toBulkLine(r: RawBulkLine): BulkLineRow {
  return {
    line: r.line,
    extractId: r.extract_id,
    created: r.created === 1,
    error: r.error ? (JSON.parse(r.error) as BulkLineError) : null,
  };
}

export interface RawBulkAnchored {
  line: number;
  id: string;
  reference: string | null;
  root: Buffer;
  tx_hash: string;
}

export function toBulkAnchored(r: RawBulkAnchored): BulkAnchoredLine {
  return { line: r.line, extractId: r.id, reference: r.reference, root: bytes(r.root), txHash: r.tx_hash };
}
