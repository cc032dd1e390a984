/**
 * The issuer's journal: every accepted extract, its seal, its batch and the batch's anchoring
 * state, revocations, and bulk jobs, in SQLite (better-sqlite3). This file owns the connection;
 * each aggregate has its store over it ({@link Journal.extracts}, {@link Journal.batches},
 * {@link Journal.revocations}, {@link Journal.bulkJobs}, {@link Journal.history}).
 *
 * Durability: the database runs in WAL mode with `synchronous = FULL`, and every write is a
 * committed transaction before the method returns, so whatever a caller acknowledges after a
 * call is on disk. Intake writes many extracts in one transaction (`extracts.insert`) to share
 * one disk sync among them.
 *
 * One process at a time: the database is opened in exclusive locking mode, so a second issuer
 * (a bulk CLI while the service runs) fails at start with `JOURNAL_IN_USE` instead of anchoring
 * the same batches twice. The operating system drops the lock when the process dies.
 *
 * Opening migrates the schema (`schema.ts`) to {@link SCHEMA_VERSION}.
 * @module
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { SceauError } from "../core/errors.ts";
import { debtorNameOf, foldSearch } from "../core/extract.ts";
import type { JournalPort } from "../issuer/ports.ts";
import { BatchStore } from "./batches.ts";
import { BulkJobStore } from "./bulk-jobs.ts";
import { ExtractStore } from "./extracts.ts";
import { HistoryStore } from "./history.ts";
import { RevocationStore } from "./revocations.ts";
import { OrderStore } from "./orders.ts";
import {
  MIGRATION_V2,
  MIGRATION_V3,
  MIGRATION_V4,
  MIGRATION_V5,
  SCHEMA_V1,
  SCHEMA_VERSION,
} from "./schema.ts";
import { Sql, storageError } from "./sql.ts";

export class Journal implements JournalPort {
  readonly path: string;
  readonly extracts: ExtractStore;
  readonly batches: BatchStore;
  readonly revocations: RevocationStore;
  readonly bulkJobs: BulkJobStore;
  readonly history: HistoryStore;
  /** The online counter's orders (schema 5). */
  readonly orders: OrderStore;
  private readonly db: Database.Database;
  private readonly sql: Sql;

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
    this.sql = new Sql(this.db);
    this.migrate();
    this.extracts = new ExtractStore(this.sql);
    this.batches = new BatchStore(this.sql);
    this.revocations = new RevocationStore(this.sql);
    this.bulkJobs = new BulkJobStore(this.sql);
    this.history = new HistoryStore(this.sql, this.batches, this.revocations);
    this.orders = new OrderStore(this.sql);
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
      this.sql.stmt("SELECT count(*) FROM batches WHERE id = 0").get();
      return true;
    } catch (e) {
      throw storageError(e, "Reading the journal") ?? e;
    }
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
      this.sql.transaction(() => {
        this.db.exec(MIGRATION_V2);
        const rows = this.sql.stmt("SELECT id, reference, extract_json FROM extracts").all() as {
          id: string;
          reference: string | null;
          extract_json: string;
        }[];
        const update = this.sql.stmt("UPDATE extracts SET debtor_name = ?, search = ? WHERE id = ?");
        for (const r of rows) {
          const name = debtorNameOf(JSON.parse(r.extract_json) as unknown);
          update.run(name, foldSearch(`${r.id} ${r.reference ?? ""} ${name}`), r.id);
        }
        this.db.pragma("user_version = 2");
      });
    }
    if (version < 3) {
      this.sql.transaction(() => {
        this.db.exec(MIGRATION_V3);
        this.db.pragma("user_version = 3");
      });
    }
    if (version < 4) {
      this.sql.transaction(() => {
        this.db.exec(MIGRATION_V4);
        this.db.pragma("user_version = 4");
      });
    }
    if (version < 5) {
      this.sql.transaction(() => {
        this.db.exec(MIGRATION_V5);
        this.db.pragma("user_version = 5");
      });
    }
  }
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
