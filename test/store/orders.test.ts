/**
 * The counter's orders in the journal (schema 5): an order and its events in one transaction, a
 * state change only from the state it was read in, and journals of schema 3 and 4 migrated in place
 * (3 through 4, the finality columns, to 5).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import type { Order } from "../../src/counter/ports.ts";
import { Journal } from "../../src/store/journal.ts";
import { MIGRATION_V2, MIGRATION_V3, MIGRATION_V4, SCHEMA_V1 } from "../../src/store/schema.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-orders-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const order: Order = {
  id: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  office: "demo",
  channel: "online",
  citizen: "https://login.example sub-1",
  agent: null,
  idDocument: null,
  person: {
    lastName: "Keller",
    firstNames: "Anna",
    dateOfBirth: "1985-03-14",
    address: {
      street: "Rue du Marché",
      houseNumber: "5",
      postalCode: "2800",
      town: "Delémont",
      country: "CH",
    },
  },
  language: "fr",
  email: null,
  state: "review",
  candidates: [],
  extract: null,
  extractId: null,
  refusal: null,
  feeCents: 1700,
  invoiceReference: null,
  mail: "none",
  createdAt: 1000,
  updatedAt: 1000,
};

describe("the orders journal", () => {
  test("an order is stored once with its first event; a change applies only from the state it names", () => {
    const j = new Journal(":memory:");
    expect(j.orders.insert(order, { kind: "citizen", id: "c" })).toBe(true);
    expect(j.orders.insert(order, { kind: "citizen", id: "c" })).toBe(false);
    expect(j.orders.get(order.id)?.person.lastName).toBe("Keller");
    const refuse = { state: "refused", actor: { kind: "office", id: "demo" }, detail: null } as const;
    expect(j.orders.change(order.id, "issuing", { state: "refused", refusal: "x" }, refuse, 2000)).toBe(
      false,
    );
    expect(j.orders.change(order.id, "review", { state: "refused", refusal: "why" }, refuse, 2000)).toBe(
      true,
    );
    expect(j.orders.get(order.id)).toMatchObject({ state: "refused", refusal: "why", updatedAt: 2000 });
    expect(j.orders.events(order.id).map((e) => [e.state, e.actor.kind, e.at])).toEqual([
      ["review", "citizen", 1000],
      ["refused", "office", 2000],
    ]);
    expect(j.orders.inState("review", "demo", 10)).toEqual([]);
    j.close();
  });

  test("a journal of schema 3 is migrated through schema 4 to schema 5 and keeps its data", () => {
    const path = join(dir, "v3.sqlite");
    const db = new Database(path);
    db.exec(SCHEMA_V1);
    db.exec(MIGRATION_V2);
    db.exec(MIGRATION_V3);
    db.prepare(
      "INSERT INTO batches (root, size, state, tx_hash, block_number, anchored_at, created_at) VALUES (?, 1, 'anchored', '0xab', 7, 1000, 1000)",
    ).run(Buffer.alloc(32, 1));
    db.pragma("user_version = 3");
    db.close();
    const j = new Journal(path);
    expect(j.orders.insert(order, { kind: "citizen", id: "c" })).toBe(true);
    j.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(5);
    // Schema 4 ran before 5: a batch anchored under schema 3 counts as final, and its tables exist.
    expect(check.prepare("SELECT final, block_number FROM batches").get()).toEqual({
      final: 1,
      block_number: 7,
    });
    expect(check.prepare("SELECT count(*) AS n FROM chain_transactions").get()).toEqual({ n: 0 });
    check.close();
  });

  test("a journal of schema 4 is migrated to schema 5", () => {
    const path = join(dir, "v4.sqlite");
    const db = new Database(path);
    db.exec(SCHEMA_V1);
    db.exec(MIGRATION_V2);
    db.exec(MIGRATION_V3);
    db.exec(MIGRATION_V4);
    db.pragma("user_version = 4");
    db.close();
    const j = new Journal(path);
    expect(j.orders.insert(order, { kind: "citizen", id: "c" })).toBe(true);
    expect(j.orders.get(order.id)).toMatchObject({ state: "review" });
    j.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(5);
    check.close();
  });
});
