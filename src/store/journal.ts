/**
 * The issuer's journal: every accepted extract, its seal, its batch and the batch's anchoring
 * state, revocations, and bulk jobs, in SQLite (better-sqlite3).
 *
 * Durability: the database runs in WAL mode with `synchronous = FULL`, and every write is a
 * committed transaction before the method returns, so whatever a caller acknowledges after a
 * call is on disk. Intake writes many extracts in one transaction ({@link Journal.insertExtracts})
 * to share one disk sync among them.
 *
 * One process at a time: the database is opened in exclusive locking mode, so a second issuer
 * (a bulk CLI while the service runs) fails at start with `JOURNAL_IN_USE` instead of anchoring
 * the same batches twice. The operating system drops the lock when the process dies.
 *
 * Schema versions (`PRAGMA user_version`): 1 is the foundation's schema; 2 adds offices to
 * batches, send attempts, search columns, revocations and bulk jobs; 3 records each extract's
 * verification address. Opening migrates.
 * @module
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { SceauError } from "../core/errors.ts";

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

export interface ChainFacts {
  readonly txHash: string;
  readonly blockNumber: number;
  /** Block time, Unix seconds. */
  readonly timestamp: number;
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

/** One chain write recorded in the journal, for a replay on a fresh development chain. */
export type HistoryEvent =
  | {
      readonly kind: "anchor";
      readonly batchIds: readonly number[];
      readonly roots: readonly Uint8Array[];
      readonly blockNumber: number;
      readonly timestamp: number;
    }
  | {
      readonly kind: "revoke-root" | "revoke-leaf";
      readonly revocationId: number;
      readonly root: Uint8Array;
      readonly leaf: Uint8Array | null;
      readonly reason: number;
      readonly blockNumber: number;
      readonly timestamp: number;
    };

const SCHEMA_V1 = `
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

const MIGRATION_V2 = `
ALTER TABLE batches ADD COLUMN office TEXT;
ALTER TABLE batches ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE extracts ADD COLUMN debtor_name TEXT;
ALTER TABLE extracts ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE INDEX extracts_office ON extracts (office, seq);
CREATE INDEX extracts_unbatched_office ON extracts (office, seq) WHERE batch_id IS NULL;
CREATE INDEX batches_unanchored ON batches (id) WHERE state != 'anchored';
CREATE TABLE revocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  office TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('extract', 'batch')),
  extract_id TEXT UNIQUE REFERENCES extracts(id),
  batch_id INTEGER REFERENCES batches(id),
  leaf BLOB,
  reason INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'recorded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  tx_hash TEXT,
  block_number INTEGER,
  revoked_at INTEGER,
  requested_at INTEGER NOT NULL,
  CHECK ((scope = 'extract') = (extract_id IS NOT NULL))
);
CREATE UNIQUE INDEX revocations_batch ON revocations (batch_id) WHERE scope = 'batch';
CREATE INDEX revocations_open ON revocations (id) WHERE state != 'recorded';
CREATE TABLE bulk_jobs (
  id TEXT PRIMARY KEY,
  office TEXT,
  source BLOB NOT NULL,
  total INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE bulk_lines (
  job_id TEXT NOT NULL REFERENCES bulk_jobs(id),
  line INTEGER NOT NULL,
  extract_id TEXT,
  created INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  PRIMARY KEY (job_id, line)
) WITHOUT ROWID;
CREATE INDEX bulk_lines_extract ON bulk_lines (extract_id, job_id) WHERE extract_id IS NOT NULL;
`;

/**
 * The verification address an extract was issued with: its stamp is built from it at every
 * download, so a later change of `SCEAU_PUBLIC_URL` never gives an issued extract another file.
 */
const MIGRATION_V3 = `
ALTER TABLE extracts ADD COLUMN verifier_url TEXT;
`;

export const SCHEMA_VERSION = 3;

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
  verifier_url: string | null;
}

interface RawMeta {
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

interface RawBatch {
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

interface RawRevocation {
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
    verifierUrl: r.verifier_url,
  };
}

function toMeta(r: RawMeta): ExtractMeta {
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

function toBatch(r: RawBatch): BatchRow {
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

function toRevocation(r: RawRevocation): RevocationRow {
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

/**
 * Text folded for search: Unicode compatibility decomposition without combining marks, lower
 * case, runs of spaces collapsed. "Dvořák" and "DVORAK" fold alike.
 */
export function foldSearch(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

const META_COLUMNS = "seq, id, office, reference, issued_at, debtor_name, leaf, batch_id, created_at";

export class Journal {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  readonly path: string;

  /**
   * Opens (and creates or migrates) the journal at `path`.
   * @throws {SceauError} `JOURNAL_IN_USE` when another process holds it
   */
  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") ownerOnly(path);
    this.db = new Database(path, { timeout: 200 });
    try {
      this.db.pragma("locking_mode = EXCLUSIVE");
      this.db.pragma("journal_mode = WAL");
      // Takes the exclusive lock now, so a second process fails here and not halfway through.
      this.db.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch (e) {
      this.db.close();
      if (typeof e === "object" && e !== null && "code" in e && String(e.code).startsWith("SQLITE_BUSY")) {
        throw new SceauError(
          "JOURNAL_IN_USE",
          `The journal ${path} is in use by another Sceau process (is the service running?).`,
          { cause: e },
        );
      }
      throw e;
    }
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Reads from the journal: true when it answers.
   * @throws {SceauError} `JOURNAL_UNAVAILABLE` when it cannot be read
   */
  ping(): true {
    try {
      this.stmt("SELECT count(*) FROM batches WHERE id = 0").get();
      return true;
    } catch (e) {
      throw storageError(e, "Reading the journal") ?? e;
    }
  }

  /**
   * Runs a write; a failure of the storage itself (disk full, I/O error, read-only file) becomes
   * `JOURNAL_UNAVAILABLE`: nothing of the write was stored, and it may succeed later.
   */
  private write<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw storageError(e, what) ?? e;
    }
  }

  /** A prepared statement, compiled once per SQL text (preparing costs more than most runs). */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private migrate(): void {
    let version = this.db.pragma("user_version", { simple: true }) as number;
    if (version === 0) {
      // A foundation journal (unversioned) or a new file: both start from schema 1.
      this.db.exec(SCHEMA_V1);
      version = 1;
    }
    if (version > SCHEMA_VERSION) {
      throw new SceauError(
        "CONFIG_INVALID",
        `The journal ${this.path} has schema ${version}; this version of Sceau knows up to ${SCHEMA_VERSION}.`,
      );
    }
    if (version < 2) {
      this.db.transaction(() => {
        this.db.exec(MIGRATION_V2);
        const rows = this.stmt("SELECT id, reference, extract_json FROM extracts").all() as {
          id: string;
          reference: string | null;
          extract_json: string;
        }[];
        const update = this.stmt("UPDATE extracts SET debtor_name = ?, search = ? WHERE id = ?");
        for (const r of rows) {
          const name = debtorNameOf(JSON.parse(r.extract_json) as unknown);
          update.run(name, foldSearch(`${r.id} ${r.reference ?? ""} ${name}`), r.id);
        }
        this.db.pragma("user_version = 2");
      })();
    }
    if (version < 3) {
      this.db.transaction(() => {
        this.db.exec(MIGRATION_V3);
        this.db.pragma("user_version = 3");
      })();
    }
  }

  // ---- Extracts ----

  /**
   * Stores extracts in one transaction. An extract whose office and reference are taken is not
   * stored; its outcome names the earlier extract. A bulk line is recorded with its extract.
   */
  insertExtracts(rows: readonly NewExtract[]): InsertOutcome[] {
    const insert = this.stmt(
      `INSERT INTO extracts (id, office, reference, extract_json, issued_at, seal_body, leaf, revision1,
         created_at, debtor_name, search, verifier_url)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (office, reference) DO NOTHING`,
    );
    const byReference = this.stmt("SELECT id FROM extracts WHERE office = ? AND reference = ?");
    const bulkLine = this.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, ?, ?, NULL)",
    );
    return this.write("Storing extracts", () =>
      this.db.transaction(() =>
        rows.map((e): InsertOutcome => {
          const changes = insert.run(
            e.id,
            e.office,
            e.reference,
            e.extractJson,
            e.issuedAt,
            e.sealBody,
            e.leaf,
            e.revision1,
            e.createdAt,
            e.debtorName,
            e.search,
            e.verifierUrl,
          ).changes;
          let outcome: InsertOutcome = { id: e.id, created: true };
          if (changes === 0) {
            const existing = byReference.get(e.office, e.reference) as { id: string } | undefined;
            if (!existing) throw new Error(`Extract ${e.id} was neither stored nor found by reference.`);
            outcome = { id: existing.id, created: false };
          }
          if (e.bulk) bulkLine.run(e.bulk.job, e.bulk.line, outcome.id, outcome.created ? 1 : 0);
          return outcome;
        }),
      )(),
    );
  }

  getExtract(id: string): ExtractRow | null {
    const r = this.stmt("SELECT * FROM extracts WHERE id = ?").get(id) as RawExtract | undefined;
    return r ? toExtract(r) : null;
  }

  getExtractMeta(id: string): ExtractMeta | null {
    const r = this.stmt(`SELECT ${META_COLUMNS} FROM extracts WHERE id = ?`).get(id) as RawMeta | undefined;
    return r ? toMeta(r) : null;
  }

  findByReference(office: string, reference: string): ExtractMeta | null {
    const r = this.stmt(`SELECT ${META_COLUMNS} FROM extracts WHERE office = ? AND reference = ?`).get(
      office,
      reference,
    ) as RawMeta | undefined;
    return r ? toMeta(r) : null;
  }

  /** Extracts accepted but not yet anchored. */
  countUnanchored(): number {
    const r = this.stmt(
      `SELECT count(*) AS n FROM extracts e LEFT JOIN batches b ON b.id = e.batch_id
         WHERE e.batch_id IS NULL OR b.state != 'anchored'`,
    ).get() as { n: number };
    return r.n;
  }

  /** Per office: extracts waiting for a batch and when the oldest of them was accepted. */
  unbatchedByOffice(): { office: string; count: number; oldestCreatedAt: number }[] {
    return this.stmt(
      `SELECT office, count(*) AS count, min(created_at) AS oldestCreatedAt
         FROM extracts WHERE batch_id IS NULL GROUP BY office ORDER BY min(seq)`,
    ).all() as { office: string; count: number; oldestCreatedAt: number }[];
  }

  /** An office's extracts not yet in a batch, oldest first: ids and leaves only. */
  unbatched(office: string, limit: number): { id: string; leaf: Uint8Array; createdAt: number }[] {
    return (
      this.stmt(
        "SELECT id, leaf, created_at FROM extracts WHERE batch_id IS NULL AND office = ? ORDER BY seq LIMIT ?",
      ).all(office, limit) as { id: string; leaf: Buffer; created_at: number }[]
    ).map((r) => ({ id: r.id, leaf: bytes(r.leaf), createdAt: r.created_at }));
  }

  /** Ids of a batch's extracts, in leaf order. */
  batchMembers(batchId: number): string[] {
    return (
      this.stmt("SELECT id FROM extracts WHERE batch_id = ? ORDER BY leaf_index").all(batchId) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** An office's extracts, newest first, without their personal data beyond the debtor's name. */
  listExtracts(office: string, q: ListQuery): ListedExtract[] {
    const where = ["e.office = ?"];
    const args: unknown[] = [office];
    if (q.beforeSeq !== undefined) {
      where.push("e.seq < ?");
      args.push(q.beforeSeq);
    }
    const words = q.query ? foldSearch(q.query).split(" ").filter(Boolean).slice(0, 8) : [];
    for (const w of words) {
      where.push("instr(e.search, ?) > 0");
      args.push(w);
    }
    const notRevoked = "rl.id IS NULL AND rb.id IS NULL";
    switch (q.state) {
      case "pending":
        where.push(`(b.state IS NULL OR b.state = 'sealed') AND ${notRevoked}`);
        break;
      case "anchoring":
        where.push(`b.state = 'anchoring' AND ${notRevoked}`);
        break;
      case "anchored":
        where.push(`b.state = 'anchored' AND ${notRevoked}`);
        break;
      case "revoked":
        where.push("(rl.id IS NOT NULL OR rb.id IS NOT NULL)");
        break;
      case undefined:
        break;
    }
    args.push(q.limit);
    const rows = this.stmt(
      `SELECT e.seq, e.id, e.reference, e.issued_at, e.debtor_name,
                b.state AS batch_state, b.root, b.tx_hash, b.block_number,
                COALESCE(rb.scope, rl.scope) AS r_scope, COALESCE(rb.reason, rl.reason) AS r_reason,
                COALESCE(rb.state, rl.state) AS r_state, COALESCE(rb.revoked_at, rl.revoked_at) AS r_at
         FROM extracts e
         LEFT JOIN batches b ON b.id = e.batch_id
         LEFT JOIN revocations rl ON rl.extract_id = e.id
         LEFT JOIN revocations rb ON rb.scope = 'batch' AND rb.batch_id = e.batch_id
         WHERE ${where.join(" AND ")}
         ORDER BY e.seq DESC LIMIT ?`,
    ).all(...args) as {
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
    }[];
    return rows.map((r) => ({
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
    }));
  }

  // ---- Batches ----

  /**
   * Records a closed batch of one office and each member's place and proof, atomically.
   * @returns the new batch id
   */
  createBatch(
    office: string,
    root: Uint8Array,
    members: readonly { id: string; leafIndex: number; proof: Uint8Array }[],
    now: number,
  ): number {
    const tx = this.db.transaction(() => {
      const info = this.stmt(
        "INSERT INTO batches (office, root, size, state, created_at) VALUES (?, ?, ?, 'sealed', ?)",
      ).run(office, root, members.length, now);
      const batchId = Number(info.lastInsertRowid);
      const update = this.stmt(
        "UPDATE extracts SET batch_id = ?, leaf_index = ?, proof = ? WHERE id = ? AND batch_id IS NULL",
      );
      for (const m of members) {
        const changed = update.run(batchId, m.leafIndex, m.proof, m.id).changes;
        if (changed !== 1) throw new Error(`Extract ${m.id} is missing or already batched.`);
      }
      return batchId;
    });
    return this.write("Closing a batch", tx);
  }

  getBatch(id: number): BatchRow | null {
    const r = this.stmt("SELECT * FROM batches WHERE id = ?").get(id) as RawBatch | undefined;
    return r ? toBatch(r) : null;
  }

  getBatchByRoot(root: Uint8Array): BatchRow | null {
    const r = this.stmt("SELECT * FROM batches WHERE root = ?").get(root) as RawBatch | undefined;
    return r ? toBatch(r) : null;
  }

  /** Batches not yet anchored, oldest first. */
  unanchoredBatches(limit: number): BatchRow[] {
    return (
      this.stmt("SELECT * FROM batches WHERE state != 'anchored' ORDER BY id LIMIT ?").all(
        limit,
      ) as RawBatch[]
    ).map(toBatch);
  }

  /** Counts one more anchoring attempt for each batch; committed before the transaction is sent. */
  markSending(batchIds: readonly number[]): void {
    const update = this.stmt("UPDATE batches SET attempts = attempts + 1 WHERE id = ?");
    this.write("Updating the journal", () => {
      this.db.transaction(() => {
        for (const id of batchIds) update.run(id);
      })();
    });
  }

  markAnchoring(batchIds: readonly number[], txHash: string): void {
    const update = this.stmt(
      "UPDATE batches SET state = 'anchoring', tx_hash = ? WHERE id = ? AND state != 'anchored'",
    );
    this.write("Updating the journal", () => {
      this.db.transaction(() => {
        for (const id of batchIds) update.run(txHash, id);
      })();
    });
  }

  markAnchored(batchIds: readonly number[], facts: ChainFacts): void {
    const update = this.stmt(
      "UPDATE batches SET state = 'anchored', tx_hash = ?, block_number = ?, anchored_at = ? WHERE id = ?",
    );
    this.write("Updating the journal", () => {
      this.db.transaction(() => {
        for (const id of batchIds) update.run(facts.txHash, facts.blockNumber, facts.timestamp, id);
      })();
    });
  }

  // ---- Revocations ----

  /** Records a revocation request; it reaches the chain later (see {@link nextRevocation}). */
  insertRevocation(r: {
    office: string;
    scope: RevocationScope;
    extractId: string | null;
    batchId: number | null;
    leaf: Uint8Array | null;
    reason: number;
    requestedAt: number;
  }): RevocationRow {
    const info = this.write("Storing a revocation", () =>
      this.stmt(
        `INSERT INTO revocations (office, scope, extract_id, batch_id, leaf, reason, state, requested_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
      ).run(r.office, r.scope, r.extractId, r.batchId, r.leaf, r.reason, r.requestedAt),
    );
    const row = this.getRevocation(Number(info.lastInsertRowid));
    if (!row) throw new Error("The revocation vanished after being stored.");
    return row;
  }

  getRevocation(id: number): RevocationRow | null {
    const r = this.stmt("SELECT * FROM revocations WHERE id = ?").get(id) as RawRevocation | undefined;
    return r ? toRevocation(r) : null;
  }

  revocationOfExtract(extractId: string): RevocationRow | null {
    const r = this.stmt("SELECT * FROM revocations WHERE extract_id = ?").get(extractId) as
      | RawRevocation
      | undefined;
    return r ? toRevocation(r) : null;
  }

  revocationOfBatch(batchId: number): RevocationRow | null {
    const r = this.stmt("SELECT * FROM revocations WHERE scope = 'batch' AND batch_id = ?").get(batchId) as
      | RawRevocation
      | undefined;
    return r ? toRevocation(r) : null;
  }

  /**
   * The oldest revocation not yet recorded on chain whose extract or batch is anchored, with the
   * batch's id filled in for a leaf revocation.
   */
  nextRevocation(): RevocationRow | null {
    const r = this.stmt(
      `SELECT r.id, r.office, r.scope, r.extract_id, COALESCE(r.batch_id, e.batch_id) AS batch_id,
                r.leaf, r.reason, r.state, r.attempts, r.tx_hash, r.block_number, r.revoked_at,
                r.requested_at
         FROM revocations r
         LEFT JOIN extracts e ON e.id = r.extract_id
         JOIN batches b ON b.id = COALESCE(r.batch_id, e.batch_id)
         WHERE r.state != 'recorded' AND b.state = 'anchored'
         ORDER BY r.id LIMIT 1`,
    ).get() as RawRevocation | undefined;
    return r ? toRevocation(r) : null;
  }

  markRevocationSending(id: number): void {
    this.write("Updating the journal", () =>
      this.stmt("UPDATE revocations SET attempts = attempts + 1, state = 'sending' WHERE id = ?").run(id),
    );
  }

  markRevocationSent(id: number, txHash: string): void {
    this.write("Updating the journal", () =>
      this.stmt("UPDATE revocations SET tx_hash = ? WHERE id = ?").run(txHash, id),
    );
  }

  markRevocationRecorded(id: number, facts: ChainFacts): void {
    this.write("Updating the journal", () =>
      this.stmt(
        "UPDATE revocations SET state = 'recorded', tx_hash = ?, block_number = ?, revoked_at = ? WHERE id = ?",
      ).run(facts.txHash, facts.blockNumber, facts.timestamp, id),
    );
  }

  // ---- Replay on a fresh development chain ----

  /**
   * Every chain write the journal holds a receipt for, in the order the chain recorded them:
   * anchoring transactions (their batches grouped) and revocations.
   */
  chainHistory(): HistoryEvent[] {
    const anchored = this.stmt(
      "SELECT id, root, tx_hash, block_number, anchored_at FROM batches WHERE state = 'anchored' ORDER BY block_number, id",
    ).all() as {
      id: number;
      root: Buffer;
      tx_hash: string | null;
      block_number: number | null;
      anchored_at: number | null;
    }[];
    const events: HistoryEvent[] = [];
    const byTx = new Map<
      string,
      { batchIds: number[]; roots: Uint8Array[]; blockNumber: number; timestamp: number }
    >();
    for (const b of anchored) {
      const key = b.tx_hash ?? `batch-${b.id}`;
      let group = byTx.get(key);
      if (!group) {
        group = { batchIds: [], roots: [], blockNumber: b.block_number ?? 0, timestamp: b.anchored_at ?? 0 };
        byTx.set(key, group);
        events.push({ kind: "anchor", ...group });
      }
      group.batchIds.push(b.id);
      group.roots.push(bytes(b.root));
    }
    const revocations = this.stmt(
      `SELECT r.id, r.scope, r.leaf, r.reason, r.block_number, r.revoked_at, b.root
         FROM revocations r
         LEFT JOIN extracts e ON e.id = r.extract_id
         JOIN batches b ON b.id = COALESCE(r.batch_id, e.batch_id)
         WHERE r.state = 'recorded' ORDER BY r.block_number, r.id`,
    ).all() as {
      id: number;
      scope: RevocationScope;
      leaf: Buffer | null;
      reason: number;
      block_number: number | null;
      revoked_at: number | null;
      root: Buffer;
    }[];
    for (const r of revocations) {
      events.push({
        kind: r.scope === "batch" ? "revoke-root" : "revoke-leaf",
        revocationId: r.id,
        root: bytes(r.root),
        leaf: r.leaf ? bytes(r.leaf) : null,
        reason: r.reason,
        blockNumber: r.block_number ?? 0,
        timestamp: r.revoked_at ?? 0,
      });
    }
    // The original chain's block order; within a block, anchoring before revocation.
    const rank = (e: HistoryEvent): number => (e.kind === "anchor" ? 0 : 1);
    return events
      .map((e, i) => ({ e, i }))
      .sort(
        (a, b) =>
          a.e.blockNumber - b.e.blockNumber ||
          a.e.timestamp - b.e.timestamp ||
          rank(a.e) - rank(b.e) ||
          a.i - b.i,
      )
      .map(({ e }) => e);
  }

  /** Time of the first chain write in the journal (Unix seconds), or null when there is none. */
  earliestChainTime(): number | null {
    const r = this.stmt(
      `SELECT min(t) AS t FROM (
           SELECT min(anchored_at) AS t FROM batches WHERE state = 'anchored'
           UNION ALL SELECT min(revoked_at) FROM revocations WHERE state = 'recorded')`,
    ).get() as { t: number | null };
    return r.t;
  }

  /** Writes the new chain's facts of replayed events, all or nothing. */
  applyReplay(results: readonly { event: HistoryEvent; facts: ChainFacts }[]): void {
    this.db.transaction(() => {
      for (const { event, facts } of results) {
        if (event.kind === "anchor") this.markAnchored(event.batchIds, facts);
        else this.markRevocationRecorded(event.revocationId, facts);
      }
    })();
  }

  // ---- Bulk jobs ----

  createBulkJob(job: {
    id: string;
    office: string | null;
    source: Uint8Array;
    total: number;
    createdAt: number;
  }): void {
    this.write("Storing a bulk job", () =>
      this.stmt("INSERT INTO bulk_jobs (id, office, source, total, created_at) VALUES (?, ?, ?, ?, ?)").run(
        job.id,
        job.office,
        job.source,
        job.total,
        job.createdAt,
      ),
    );
  }

  getBulkJob(id: string): BulkJobRow | null {
    const r = this.stmt("SELECT id, office, total, created_at, finished_at FROM bulk_jobs WHERE id = ?").get(
      id,
    ) as
      | { id: string; office: string | null; total: number; created_at: number; finished_at: number | null }
      | undefined;
    return r
      ? { id: r.id, office: r.office, total: r.total, createdAt: r.created_at, finishedAt: r.finished_at }
      : null;
  }

  bulkSource(id: string): Uint8Array {
    const r = this.stmt("SELECT source FROM bulk_jobs WHERE id = ?").get(id) as
      | { source: Buffer }
      | undefined;
    if (!r) throw new SceauError("NOT_FOUND", `No bulk job ${id}.`);
    return bytes(r.source);
  }

  unfinishedBulkJobs(): string[] {
    return (
      this.stmt("SELECT id FROM bulk_jobs WHERE finished_at IS NULL ORDER BY created_at").all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** Line numbers of a job that have an outcome already. */
  bulkLinesDone(id: string): Set<number> {
    return new Set(
      (this.stmt("SELECT line FROM bulk_lines WHERE job_id = ?").all(id) as { line: number }[]).map(
        (r) => r.line,
      ),
    );
  }

  recordBulkFailures(id: string, failures: readonly { line: number; error: BulkLineError }[]): void {
    const insert = this.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, NULL, 0, ?)",
    );
    this.write("Updating the journal", () => {
      this.db.transaction(() => {
        for (const f of failures) insert.run(id, f.line, JSON.stringify(f.error));
      })();
    });
  }

  /** Lines whose extract existed already (the same office and reference). */
  recordBulkExisting(id: string, lines: readonly { line: number; extractId: string }[]): void {
    const insert = this.stmt(
      "INSERT OR REPLACE INTO bulk_lines (job_id, line, extract_id, created, error) VALUES (?, ?, ?, 0, NULL)",
    );
    this.write("Updating the journal", () => {
      this.db.transaction(() => {
        for (const l of lines) insert.run(id, l.line, l.extractId);
      })();
    });
  }

  finishBulkJob(id: string, now: number): void {
    this.write("Updating the journal", () =>
      this.stmt("UPDATE bulk_jobs SET finished_at = ? WHERE id = ? AND finished_at IS NULL").run(now, id),
    );
  }

  bulkCounts(id: string): BulkCounts {
    return this.stmt(
      `SELECT count(*) AS processed,
                count(l.extract_id) AS accepted,
                count(l.error) AS failed,
                count(CASE WHEN b.state = 'anchored' THEN 1 END) AS anchored
         FROM bulk_lines l
         LEFT JOIN extracts e ON e.id = l.extract_id
         LEFT JOIN batches b ON b.id = e.batch_id
         WHERE l.job_id = ?`,
    ).get(id) as BulkCounts;
  }

  /** A job's line outcomes by line number, after `afterLine`. */
  bulkLines(
    id: string,
    q: { outcome?: "accepted" | "failed"; afterLine?: number; limit: number },
  ): BulkLineRow[] {
    const where = ["job_id = ?", "line > ?"];
    if (q.outcome === "accepted") where.push("extract_id IS NOT NULL");
    if (q.outcome === "failed") where.push("error IS NOT NULL");
    return (
      this.stmt(
        `SELECT line, extract_id, created, error FROM bulk_lines WHERE ${where.join(" AND ")} ORDER BY line LIMIT ?`,
      ).all(id, q.afterLine ?? 0, q.limit) as {
        line: number;
        extract_id: string | null;
        created: number;
        error: string | null;
      }[]
    ).map((r) => ({
      line: r.line,
      extractId: r.extract_id,
      created: r.created === 1,
      error: r.error ? (JSON.parse(r.error) as BulkLineError) : null,
    }));
  }

  /** Anchored extracts of a job in the given batches: line, id, root and transaction. */
  bulkAnchored(
    id: string,
    batchIds: readonly number[] | null,
  ): { line: number; extractId: string; reference: string | null; root: Uint8Array; txHash: string }[] {
    // From the batches when they are given (a few dozen rows), else from the job's lines. CROSS
    // JOIN keeps SQLite from starting at the job's lines, which costs a scan per batch.
    const sql = batchIds
      ? `SELECT l.line, e.id, e.reference, b.root, b.tx_hash
         FROM json_each(@batches) j
         CROSS JOIN batches b ON b.id = j.value
         CROSS JOIN extracts e ON e.batch_id = b.id
         CROSS JOIN bulk_lines l ON l.extract_id = e.id AND l.job_id = @job
         WHERE b.state = 'anchored' ORDER BY l.line`
      : `SELECT l.line, e.id, e.reference, b.root, b.tx_hash
         FROM bulk_lines l JOIN extracts e ON e.id = l.extract_id JOIN batches b ON b.id = e.batch_id
         WHERE l.job_id = @job AND b.state = 'anchored' ORDER BY l.line`;
    return (
      this.stmt(sql).all(batchIds ? { job: id, batches: JSON.stringify(batchIds) } : { job: id }) as {
        line: number;
        id: string;
        reference: string | null;
        root: Buffer;
        tx_hash: string;
      }[]
    ).map((r) => ({
      line: r.line,
      extractId: r.id,
      reference: r.reference,
      root: bytes(r.root),
      txHash: r.tx_hash,
    }));
  }
}

/** The name printed for a debtor: "Last, First names" or the company name. */
/** SQLite result codes that mean the storage itself failed, not the statement. */
const STORAGE_FAILURES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOLFS|CORRUPT|NOTADB)/;

function storageError(e: unknown, what: string): SceauError | null {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  if (!STORAGE_FAILURES.test(code)) return null;
  const why = code.startsWith("SQLITE_FULL") ? "the disk is full" : `a storage error (${code})`;
  return new SceauError("JOURNAL_UNAVAILABLE", `${what} failed: ${why}. Nothing was stored.`, {
    cause: e,
    details: { retryAfterSeconds: 10 },
  });
}

export function debtorNameOf(extract: unknown): string {
  const d = (extract as { debtor?: Record<string, unknown> } | null)?.debtor;
  if (!d) return "";
  if (d.type === "company") return typeof d.name === "string" ? d.name : "";
  const last = typeof d.lastName === "string" ? d.lastName : "";
  const first = typeof d.firstNames === "string" ? d.firstNames : "";
  return first ? `${last}, ${first}` : last;
}

/**
 * The journal holds names, birth dates and addresses: its directory is created for the owner only
 * (0700) and the file (0600) before SQLite opens it, because SQLite gives its `-wal` and `-shm`
 * files the database file's permissions. A journal of ours left readable by others by an earlier
 * version is tightened too.
 */
function ownerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    const st = statSync(file);
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(file, 0o600);
  }
}
