/**
 * The journal's connection as its stores use it: statements prepared once, writes whose storage
 * failures become `JOURNAL_UNAVAILABLE`, and transactions. One instance per open journal, shared
 * by every aggregate's store.
 * @module
 */
import type Database from "better-sqlite3";
import { SceauError } from "../core/errors.ts";

export class Sql {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** A prepared statement, compiled once per SQL text (preparing costs more than most runs). */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs a write; a failure of the storage itself (disk full, I/O error, read-only file) becomes
   * `JOURNAL_UNAVAILABLE`: nothing of the write was stored, and it may succeed later.
   */
  write<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw storageError(e, what) ?? e;
    }
  }

  /** Runs `f` in one transaction (a savepoint when one is open already). */
  transaction<T>(f: () => T): T {
    return this.db.transaction(f)();
  }
}

/** SQLite result codes that mean the storage itself failed, not the statement. */
const STORAGE_FAILURES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOLFS|CORRUPT|NOTADB)/;

/** `JOURNAL_UNAVAILABLE` for a failure of the storage itself; null for any other error. */
export function storageError(e: unknown, what: string): SceauError | null {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  if (!STORAGE_FAILURES.test(code)) return null;
  const why = code.startsWith("SQLITE_FULL") ? "the disk is full" : `a storage error (${code})`;
  return new SceauError("JOURNAL_UNAVAILABLE", `${what} failed: ${why}. Nothing was stored.`, {
    cause: e,
    details: { retryAfterSeconds: 10 },
  });
}
