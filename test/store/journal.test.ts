/** The journal: migration from the foundation schema, the single-process lock, history order. */
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, test } from "vitest";
import { SceauError } from "../../src/core/errors.ts";
import { foldSearch } from "../../src/core/extract.ts";
import { Journal } from "../../src/store/journal.ts";
import type { NewExtract } from "../../src/issuer/ports.ts";

const opened: Journal[] = [];
afterEach(() => {
  for (const j of opened.splice(0)) j.close();
});
const path = (): string => join(mkdtempSync(join(tmpdir(), "sceau-journal-")), "journal.sqlite");
const openJournal = (p: string): Journal => {
  const j = new Journal(p);
  opened.push(j);
  return j;
};

const b32 = (n: number): Uint8Array => new Uint8Array(32).fill(n);
function row(id: string, office = "demo", reference: string | null = null): NewExtract {
  return {
    id,
    office,
    reference,
    extractJson: JSON.stringify({ debtor: { type: "person", lastName: "Dvořák", firstNames: "Ana" } }),
    issuedAt: 1_800_000_000,
    sealBody: new Uint8Array([1, 2, 3]),
    leaf: b32(id.charCodeAt(0)),
    revision1: new Uint8Array([37, 80, 68, 70]),
    createdAt: Date.now(),
    debtorName: "Dvořák, Ana",
    search: foldSearch(`${id} ${reference ?? ""} Dvořák, Ana`),
    verifierUrl: "https://verify.example",
  };
}

describe("journal permissions (issue 11)", () => {
  const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

  test("the data directory, the journal and SQLite's -wal and -shm files are readable by their owner only", () => {
    // The usual umask, under which SQLite's default would give 0644 files in a 0755 directory.
    const umask = process.umask(0o022);
    try {
      const p = join(mkdtempSync(join(tmpdir(), "sceau-journal-")), "data", "journal.sqlite");
      const j = openJournal(p);
      j.extracts.insert([row("A")]);
      expect(mode(dirname(p))).toBe("700");
      const files = readdirSync(dirname(p)).filter((f) => f.startsWith("journal.sqlite"));
      expect(files).toEqual(expect.arrayContaining(["journal.sqlite", "journal.sqlite-wal"]));
      for (const f of files) expect(mode(join(dirname(p), f)), f).toBe("600");
    } finally {
      process.umask(umask);
    }
  });

  test("a journal an earlier version left readable by others is tightened when opened", () => {
    const p = path();
    writeFileSync(p, "");
    chmodSync(p, 0o644);
    openJournal(p).extracts.insert([row("B")]);
    expect(mode(p)).toBe("600");
    expect(mode(`${p}-wal`)).toBe("600");
  });
});

describe("journal", () => {
  test("behavior: a foundation journal (unversioned schema) is migrated, keeping its extracts searchable", () => {
    const p = path();
    const old = new Database(p);
    old.exec(`
      CREATE TABLE batches (id INTEGER PRIMARY KEY AUTOINCREMENT, root BLOB NOT NULL UNIQUE, size INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sealed', 'anchoring', 'anchored')), tx_hash TEXT, block_number INTEGER,
        anchored_at INTEGER, created_at INTEGER NOT NULL);
      CREATE TABLE extracts (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, office TEXT NOT NULL,
        reference TEXT, extract_json TEXT NOT NULL, issued_at INTEGER NOT NULL, seal_body BLOB NOT NULL, leaf BLOB NOT NULL,
        revision1 BLOB NOT NULL, batch_id INTEGER REFERENCES batches(id), leaf_index INTEGER, proof BLOB,
        created_at INTEGER NOT NULL, UNIQUE (office, reference));`);
    old
      .prepare(
        "INSERT INTO extracts (id, office, reference, extract_json, issued_at, seal_body, leaf, revision1, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
      )
      .run(
        "AAAA-BBBB-CCCC-DDDD",
        "demo",
        "R-1",
        JSON.stringify({ debtor: { type: "company", name: "Müller & Söhne AG" } }),
        1,
        Buffer.from([1]),
        Buffer.alloc(32, 7),
        Buffer.from([1]),
        1,
      );
    old.close();
    const j = openJournal(p);
    expect(j.extracts.list("demo", { query: "MULLER", limit: 10 }).map((e) => e.id)).toEqual([
      "AAAA-BBBB-CCCC-DDDD",
    ]);
    expect(j.extracts.countUnanchored()).toBe(1);
    // Its verification address was not recorded then: the issuer uses the configured one.
    expect(j.extracts.get("AAAA-BBBB-CCCC-DDDD")?.verifierUrl).toBeNull();
  });

  test("behavior: an extract keeps the verification address it was issued with", () => {
    const j = openJournal(path());
    j.extracts.insert([{ ...row("A"), verifierUrl: "https://verify.example/sceau" }]);
    expect(j.extracts.get("A")?.verifierUrl).toBe("https://verify.example/sceau");
  });

  test("error: a second process cannot open a journal in use (JOURNAL_IN_USE); it can once the first closes", () => {
    const p = path();
    const first = openJournal(p);
    let err: unknown;
    try {
      new Journal(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SceauError);
    expect((err as SceauError).code).toBe("JOURNAL_IN_USE");
    first.close();
    expect(() => openJournal(p)).not.toThrow();
  });

  test("behavior: insertExtracts stores a group at once and names the earlier extract for a reused reference", () => {
    const j = openJournal(path());
    const out = j.extracts.insert([
      row("A", "demo", "R-1"),
      row("B", "demo", "R-1"),
      row("C", "other", "R-1"),
    ]);
    expect(out).toEqual([
      { id: "A", created: true },
      { id: "A", created: false },
      { id: "C", created: true },
    ]);
    expect(j.extracts.get("B")).toBeNull();
  });

  test("behavior: an office's listing never returns another office's extracts, whatever the query", () => {
    const j = openJournal(path());
    j.extracts.insert([row("A", "demo"), row("B", "other"), row("C", "demo")]);
    for (const query of ["", "dvorak", "B", "other", "%", "_"]) {
      const ids = j.extracts.list("demo", { ...(query ? { query } : {}), limit: 50 }).map((e) => e.id);
      expect(ids).not.toContain("B");
    }
    expect(j.extracts.list("other", { limit: 50 }).map((e) => e.id)).toEqual(["B"]);
  });

  test("behavior: the chain history lists anchors (roots of one transaction together) and revocations in block order", () => {
    const j = openJournal(path());
    j.extracts.insert([row("A"), row("B"), row("C")]);
    const b1 = j.batches.create("demo", b32(101), [{ id: "A", leafIndex: 0, proof: new Uint8Array() }], 1);
    const b2 = j.batches.create("demo", b32(102), [{ id: "B", leafIndex: 0, proof: new Uint8Array() }], 1);
    const b3 = j.batches.create("demo", b32(103), [{ id: "C", leafIndex: 0, proof: new Uint8Array() }], 1);
    j.batches.markAnchored([b1, b2], { txHash: "0x01", blockNumber: 5, timestamp: 1000 }, 1, true);
    const rev = j.revocations.insert({
      office: "demo",
      scope: "extract",
      extractId: "A",
      batchId: null,
      leaf: b32(65),
      reason: 1,
      requestedAt: 1,
    });
    j.revocations.markRecorded(rev.id, { txHash: "0x02", blockNumber: 6, timestamp: 1001 });
    j.batches.markAnchored([b3], { txHash: "0x03", blockNumber: 7, timestamp: 1002 }, 1, true);
    const batchRev = j.revocations.insert({
      office: "demo",
      scope: "batch",
      extractId: null,
      batchId: b3,
      leaf: null,
      reason: 3,
      requestedAt: 2,
    });
    j.revocations.markRecorded(batchRev.id, { txHash: "0x04", blockNumber: 8, timestamp: 1003 });
    const h = j.history.events();
    expect(h.map((e) => [e.kind, e.timestamp])).toEqual([
      ["anchor", 1000],
      ["revoke-leaf", 1001],
      ["anchor", 1002],
      ["revoke-root", 1003],
    ]);
    expect(h[0]?.kind === "anchor" ? h[0].roots.length : 0).toBe(2);
    expect(j.history.earliestTime()).toBe(1000);
  });
});
