/**
 * The issuer's journal: every accepted extract, its seal, its batch and the batch's anchoring
 * state, in SQLite (better-sqlite3). Writes are synchronous and the database runs in WAL mode
 * with `synchronous = FULL`, so a request is acknowledged only once its extract is on disk.
 * @module
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type BatchState = "sealed" | "anchoring" | "anchored";

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
}

export interface BatchRow {
  readonly id: number;
  readonly root: Uint8Array;
  readonly size: number;
  readonly state: BatchState;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  readonly anchoredAt: number | null;
  readonly createdAt: number;
}

export type NewExtract = Omit<ExtractRow, "seq" | "batchId" | "leafIndex" | "proof">;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  root BLOB NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sealed', 'anchoring', 'anchored')),
  tx_hash TEXT,
  block_number INTEGER,
  anchored_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS extracts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  office TEXT NOT NULL,
  reference TEXT,
  extract_json TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  seal_body BLOB NOT NULL,
  leaf BLOB NOT NULL,
  revision1 BLOB NOT NULL,
  batch_id INTEGER REFERENCES batches(id),
  leaf_index INTEGER,
  proof BLOB,
  created_at INTEGER NOT NULL,
  UNIQUE (office, reference)
);
CREATE INDEX IF NOT EXISTS extracts_unbatched ON extracts (seq) WHERE batch_id IS NULL;
CREATE INDEX IF NOT EXISTS extracts_batch ON extracts (batch_id, leaf_index);
`;

interface RawExtract {
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
}

interface RawBatch {
  id: number;
  root: Buffer;
  size: number;
  state: BatchState;
  tx_hash: string | null;
  block_number: number | null;
  anchored_at: number | null;
  created_at: number;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toExtract(r: RawExtract): ExtractRow {
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
  };
}

function toBatch(r: RawBatch): BatchRow {
  return {
    id: r.id,
    root: bytes(r.root),
    size: r.size,
    state: r.state,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    anchoredAt: r.anchored_at,
    createdAt: r.created_at,
  };
}

export class Journal {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  insertExtract(e: NewExtract): void {
    this.db
      .prepare(
        `INSERT INTO extracts (id, office, reference, extract_json, issued_at, seal_body, leaf, revision1, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.id,
        e.office,
        e.reference,
        e.extractJson,
        e.issuedAt,
        e.sealBody,
        e.leaf,
        e.revision1,
        e.createdAt,
      );
  }

  getExtract(id: string): ExtractRow | null {
    const r = this.db.prepare("SELECT * FROM extracts WHERE id = ?").get(id) as RawExtract | undefined;
    return r ? toExtract(r) : null;
  }

  findByReference(office: string, reference: string): ExtractRow | null {
    const r = this.db
      .prepare("SELECT * FROM extracts WHERE office = ? AND reference = ?")
      .get(office, reference) as RawExtract | undefined;
    return r ? toExtract(r) : null;
  }

  /** Extracts not yet in a batch, oldest first. */
  unbatched(limit: number): ExtractRow[] {
    return (
      this.db
        .prepare("SELECT * FROM extracts WHERE batch_id IS NULL ORDER BY seq LIMIT ?")
        .all(limit) as RawExtract[]
    ).map(toExtract);
  }

  /**
   * Records a closed batch and each member's place and proof, atomically.
   * @returns the new batch id
   */
  createBatch(
    root: Uint8Array,
    members: readonly { id: string; leafIndex: number; proof: Uint8Array }[],
    now: number,
  ): number {
    const tx = this.db.transaction(() => {
      const info = this.db
        .prepare("INSERT INTO batches (root, size, state, created_at) VALUES (?, ?, 'sealed', ?)")
        .run(root, members.length, now);
      const batchId = Number(info.lastInsertRowid);
      const update = this.db.prepare(
        "UPDATE extracts SET batch_id = ?, leaf_index = ?, proof = ? WHERE id = ? AND batch_id IS NULL",
      );
      for (const m of members) {
        const changed = update.run(batchId, m.leafIndex, m.proof, m.id).changes;
        if (changed !== 1) throw new Error(`Extract ${m.id} is missing or already batched.`);
      }
      return batchId;
    });
    return tx();
  }

  getBatch(id: number): BatchRow | null {
    const r = this.db.prepare("SELECT * FROM batches WHERE id = ?").get(id) as RawBatch | undefined;
    return r ? toBatch(r) : null;
  }

  /** Batches not yet anchored, oldest first. */
  unanchoredBatches(): BatchRow[] {
    return (
      this.db.prepare("SELECT * FROM batches WHERE state != 'anchored' ORDER BY id").all() as RawBatch[]
    ).map(toBatch);
  }

  markAnchoring(batchIds: readonly number[], txHash: string): void {
    const update = this.db.prepare(
      "UPDATE batches SET state = 'anchoring', tx_hash = ? WHERE id = ? AND state != 'anchored'",
    );
    this.db.transaction(() => {
      for (const id of batchIds) update.run(txHash, id);
    })();
  }

  markAnchored(
    batchId: number,
    facts: { txHash: string | null; blockNumber: number | null; anchoredAt: number },
  ): void {
    this.db
      .prepare(
        "UPDATE batches SET state = 'anchored', tx_hash = COALESCE(?, tx_hash), block_number = ?, anchored_at = ? WHERE id = ?",
      )
      .run(facts.txHash, facts.blockNumber, facts.anchoredAt, batchId);
  }
}
