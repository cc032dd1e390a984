/**
 * The journal's raw rows as SQLite returns them (snake case, `Buffer`) and their mappers to the
 * rows the issuer's journal port defines (camel case, `Uint8Array`).
 * @module
 */
import type {
  BatchRow,
  BatchState,
  BulkAnchoredLine,
  BulkJobRow,
  BulkLineError,
  BulkLineRow,
  ExtractMeta,
  ExtractRow,
  ListedExtract,
  RevocationRow,
  RevocationScope,
  RevocationState,
} from "../issuer/ports.ts";

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
  block_hash: string | null;
  confirmations: number | null;
  final: number;
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
    blockHash: r.block_hash,
    confirmations: r.confirmations,
    final: r.final === 1,
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
  batch_final: number | null;
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
    batchFinal: r.batch_final === 1,
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
