/**
 * The issuer's promises, against an in-memory chain: batching policy, bounded backlog, outages,
 * crashes between sending and storing, exactly-once anchoring and revocation, idempotency.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { fromHex, utf8 } from "../../src/core/bytes.ts";
import { SceauError } from "../../src/core/errors.ts";
import { decodeCursor, encodeCursor } from "../../src/http/cursor.ts";
import { IssuerService, type IssuerDeps, type IssuerOffice } from "../../src/issuer/service.ts";
import { Journal } from "../../src/store/journal.ts";
import { FakeChain } from "../helpers/fake-chain.ts";
import { PERSON_EXTRACT, COMPANY_EXTRACT, clone } from "../fixtures/extracts.ts";
import { TEST_OFFICE } from "../helpers/office.ts";

const OFFICES = new Map<string, IssuerOffice>([
  ["demo", TEST_OFFICE],
  ["other", { ...TEST_OFFICE, id: "other", name: "Betreibungsamt Test" }],
]);

const open: { close(): void }[] = [];
const services: IssuerService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  for (const j of open.splice(0)) j.close();
});

function journalAt(path = join(mkdtempSync(join(tmpdir(), "sceau-issuer-")), "journal.sqlite")): Journal {
  const j = new Journal(path);
  open.push(j);
  return j;
}

function issuer(journal: Journal, chain: FakeChain, over: Partial<IssuerDeps> = {}): IssuerService {
  const s = new IssuerService({
    journal,
    chain,
    render: (input) =>
      Promise.resolve(utf8(`%PDF ${input.extract.office} ${Buffer.from(input.documentId).toString("hex")}`)),
    stamp: (rev1, text) => Promise.resolve(new Uint8Array([...rev1, ...utf8(text)])),
    offices: OFFICES,
    registry: { chainId: 31337, address: new Uint8Array(20).fill(1) },
    verifierUrl: "http://verifier.test",
    batch: { maxSize: 4, maxWaitMs: 60_000, maxRootsPerTx: 8 },
    backlogMax: 1000,
    retry: { initialMs: 10, maxMs: 40 },
    now: Date.now,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    log: () => undefined,
    ...over,
  });
  services.push(s);
  s.start();
  return s;
}

let n = 0;
function extract(office = "demo", reference: string | null = `R-${++n}`): unknown {
  const e = clone(PERSON_EXTRACT) as Record<string, unknown>;
  e.office = office;
  if (reference === null) delete e.reference;
  else e.reference = reference;
  return e;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("batching policy", () => {
  test("behavior: a batch closes at N extracts without waiting for T, in one transaction", async () => {
    const chain = new FakeChain();
    const s = issuer(journalAt(), chain);
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    const anchored = await Promise.all(ids.map((id) => s.waitAnchored("demo", id, 2000)));
    expect(anchored.map((a) => a.state)).toEqual(["final", "final", "final", "final"]);
    expect(new Set(anchored.map((a) => a.batch?.root)).size).toBe(1);
    expect(chain.anchorCalls).toHaveLength(1);
  });

  test("behavior: a partial batch closes after T", async () => {
    const chain = new FakeChain();
    const s = issuer(journalAt(), chain, { batch: { maxSize: 64, maxWaitMs: 150, maxRootsPerTx: 8 } });
    const { status } = await s.submit("demo", extract());
    expect(status.state).toBe("pending");
    await new Promise((r) => setTimeout(r, 50));
    expect(s.status("demo", status.id).state).toBe("pending");
    expect((await s.waitAnchored("demo", status.id, 2000)).state).toBe("final");
  });

  test("behavior: batches never mix offices, so a batch revocation stays within one office", async () => {
    const chain = new FakeChain();
    const s = issuer(journalAt(), chain, { batch: { maxSize: 4, maxWaitMs: 50, maxRootsPerTx: 8 } });
    const a = await Promise.all([1, 2].map(async () => (await s.submit("demo", extract("demo"))).status.id));
    const b = await Promise.all(
      [1, 2].map(async () => (await s.submit("other", extract("other"))).status.id),
    );
    const ra = await Promise.all(a.map((id) => s.waitAnchored("demo", id, 2000)));
    const rb = await Promise.all(b.map((id) => s.waitAnchored("other", id, 2000)));
    expect(new Set(ra.map((x) => x.batch?.root)).size).toBe(1);
    expect(new Set(rb.map((x) => x.batch?.root)).size).toBe(1);
    expect(ra[0]?.batch?.root).not.toBe(rb[0]?.batch?.root);
    expect(
      s
        .batchStatus("demo", ra[0]?.batch?.root ?? "")
        .extracts.slice()
        .sort(),
    ).toEqual(a.slice().sort());
  });

  test("behavior: a backlog of batches goes on chain as several roots in one transaction", async () => {
    const chain = new FakeChain();
    chain.down = true;
    const s = issuer(journalAt(), chain);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await s.submit("demo", extract())).status.id);
    await new Promise((r) => setTimeout(r, 30));
    expect(ids.map((id) => s.status("demo", id).state).every((st) => st === "pending")).toBe(true);
    chain.down = false;
    await Promise.all(ids.map((id) => s.waitAnchored("demo", id, 3000)));
    expect(chain.anchorCalls.map((c) => c.length)).toEqual([5]);
  });
});

describe("durability and outages", () => {
  test("behavior: an acknowledged extract is in the journal; concurrent ones share one transaction", async () => {
    const journal = journalAt();
    const calls: number[] = [];
    const insert = journal.extracts.insert.bind(journal.extracts);
    journal.extracts.insert = (rows) => {
      calls.push(rows.length);
      return insert(rows);
    };
    const s = issuer(journal, new FakeChain(), {
      batch: { maxSize: 64, maxWaitMs: 60_000, maxRootsPerTx: 8 },
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const { status } = await s.submit("demo", extract());
        return journal.extracts.meta(status.id);
      }),
    );
    expect(results.every((r) => r !== null)).toBe(true);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(10);
    expect(calls.length).toBeLessThan(10);
  });

  test("error: past the bounded backlog while the chain is down, intake answers BACKLOG_FULL with a retry hint", async () => {
    const chain = new FakeChain();
    chain.down = true;
    const s = issuer(journalAt(), chain, { backlogMax: 4 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.submit("demo", extract())).status.id);
    const err = await s.submit("demo", extract()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SceauError);
    expect((err as SceauError).code).toBe("BACKLOG_FULL");
    expect((err as SceauError).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    chain.down = false;
    const done = await Promise.all(ids.map((id) => s.waitAnchored("demo", id, 3000)));
    expect(done.map((d) => d.state)).toEqual(["final", "final", "final", "final"]);
    expect((await s.submit("demo", extract())).created).toBe(true);
  });

  test("error: a stopping issuer refuses intake as a journal that stores nothing (JOURNAL_UNAVAILABLE, retry later), never as a chain outage", async () => {
    const chain = new FakeChain();
    const journal = journalAt();
    const s = issuer(journal, chain);
    await s.stop();
    const err = await s.submit("demo", extract()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SceauError);
    expect((err as SceauError).code).toBe("JOURNAL_UNAVAILABLE");
    expect((err as SceauError).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(journal.extracts.countUnanchored()).toBe(0);
  });

  test("behavior: a listener that throws is logged, and neither stalls nor repeats anchoring", async () => {
    const chain = new FakeChain();
    const logs: string[] = [];
    const s = issuer(journalAt(), chain, { log: (_level, message) => logs.push(message) });
    s.on("anchored", () => {
      throw new Error("listener bug");
    });
    const first = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    const second = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    const all = await Promise.all([...first, ...second].map((id) => s.waitAnchored("demo", id, 2000)));
    expect(all.every((a) => a.state === "final")).toBe(true);
    expect(chain.anchorCalls.flat()).toHaveLength(2);
    expect(logs).toContain("A listener failed.");
    expect(logs).not.toContain("Chain work failed; retrying.");
  });

  test("behavior: nothing is reported anchored before its receipt is stored", async () => {
    const chain = new FakeChain();
    let release = (): void => undefined;
    chain.hold = new Promise<void>((r) => (release = r));
    const s = issuer(journalAt(), chain);
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    await until(() => chain.anchorCalls.length === 1);
    const during = s.status("demo", ids[0] ?? "");
    expect(during.state).toBe("anchoring");
    expect(during.batch?.blockNumber).toBeNull();
    expect(() => s.qrText("demo", ids[0] ?? "")).toThrow(SceauError);
    release();
    expect((await s.waitAnchored("demo", ids[0] ?? "", 2000)).state).toBe("final");
  });

  test.each(["before-hash", "after-hash"] as const)(
    "behavior: after a crash %s, the restarted issuer finds the root on chain and never sends it again",
    async (when) => {
      const path = join(mkdtempSync(join(tmpdir(), "sceau-crash-")), "journal.sqlite");
      const chain = new FakeChain();
      chain.crash = when;
      const first = issuer(journalAt(path), chain);
      const ids = await Promise.all(
        [1, 2, 3, 4].map(async () => (await first.submit("demo", extract())).status.id),
      );
      await until(() => chain.anchorCalls.length === 1);
      await first.stop();
      open.pop()?.close();
      chain.crash = null;
      const second = issuer(journalAt(path), chain);
      const done = await Promise.all(ids.map((id) => second.waitAnchored("demo", id, 3000)));
      expect(done.every((d) => d.state === "final")).toBe(true);
      expect(chain.anchorCalls).toHaveLength(1);
      expect(done[0]?.batch?.txHash).toBe(`0x${"1".padStart(64, "0")}`);
    },
  );

  test("property: whatever outages and crashes happen, every acknowledged extract is anchored exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            submit: fc.integer({ min: 0, max: 6 }),
            event: fc.constantFrom("none", "down", "up", "crash-before-hash", "crash-after-hash", "restart"),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (steps) => {
          const path = join(mkdtempSync(join(tmpdir(), "sceau-prop-")), "journal.sqlite");
          const chain = new FakeChain();
          const start = (): IssuerService =>
            issuer(journalAt(path), chain, { batch: { maxSize: 3, maxWaitMs: 5, maxRootsPerTx: 4 } });
          let s = start();
          const acked: string[] = [];
          const restart = async (): Promise<void> => {
            await s.stop();
            services.splice(services.indexOf(s), 1);
            open.pop()?.close();
            s = start();
          };
          for (const step of steps) {
            for (let i = 0; i < step.submit; i++) acked.push((await s.submit("demo", extract())).status.id);
            if (step.event === "down") chain.down = true;
            if (step.event === "up") chain.down = false;
            if (step.event.startsWith("crash")) {
              chain.crash = step.event === "crash-before-hash" ? "before-hash" : "after-hash";
              await new Promise((r) => setTimeout(r, 20));
              chain.crash = null;
              await restart();
            }
            if (step.event === "restart") await restart();
          }
          chain.down = false;
          chain.crash = null;
          const final = await Promise.all(acked.map((id) => s.waitAnchored("demo", id, 5000)));
          expect(final.every((f) => f.state === "final")).toBe(true);
          const roots = new Set(final.map((f) => f.batch?.root ?? ""));
          for (const r of roots) expect(chain.anchorCount(fromHex(r, 32))).toBe(1);
          await s.stop();
        },
      ),
      { numRuns: process.env.CI ? 30 : 12 },
    );
  }, 120_000);
});

describe("idempotency and offices", () => {
  test("behavior: the same office and reference twice, even concurrently, give one extract", async () => {
    const s = issuer(journalAt(), new FakeChain());
    const [a, b] = await Promise.all([
      s.submit("demo", extract("demo", "SAME")),
      s.submit("demo", extract("demo", "SAME")),
    ]);
    expect(a.status.id).toBe(b.status.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await s.submit("demo", extract("demo", "SAME"));
    expect(again).toMatchObject({ created: false, status: { id: a.status.id } });
  });

  test("behavior: the same reference in two offices gives two extracts", async () => {
    const s = issuer(journalAt(), new FakeChain());
    const a = await s.submit("demo", extract("demo", "X-1"));
    const b = await s.submit("other", extract("other", "X-1"));
    expect(a.status.id).not.toBe(b.status.id);
    expect(b.created).toBe(true);
  });

  test("error: an office cannot issue for, read, or revoke another office's extracts", async () => {
    const s = issuer(journalAt(), new FakeChain());
    await expect(s.submit("demo", extract("other"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { status } = await s.submit("other", extract("other"));
    expect(() => s.status("demo", status.id)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => s.revokeExtract("demo", status.id, "superseded")).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    expect(s.list("demo", {}).items.map((i) => i.id)).not.toContain(status.id);
  });
});

describe("revocation", () => {
  test("behavior: an extract is revoked on chain once, with its reason; the same request again returns it", async () => {
    const chain = new FakeChain();
    const s = issuer(journalAt(), chain);
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    const id = ids[0] ?? "";
    const r = s.revokeExtract("demo", id, "issued-in-error");
    const recorded = await s.waitRevoked(r.id, 3000);
    expect(recorded).toMatchObject({ scope: "extract", reason: "issued-in-error", state: "recorded" });
    expect(recorded.revokedAt).toMatch(/^\d{4}-/);
    expect(s.revokeExtract("demo", id, "issued-in-error").id).toBe(r.id);
    expect(() => s.revokeExtract("demo", id, "court-order")).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    expect(chain.revokeCalls).toEqual([expect.objectContaining({ reason: 1, leaf: expect.any(String) })]);
    expect(s.status("demo", id).revocation?.state).toBe("recorded");
    expect(s.list("demo", { state: "revoked" }).items.map((i) => i.id)).toEqual([id]);
  });

  test("behavior: a batch revocation waits for anchoring, then covers every extract of the batch", async () => {
    const chain = new FakeChain();
    chain.down = true;
    const s = issuer(journalAt(), chain);
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async () => (await s.submit("demo", extract())).status.id),
    );
    await until(() => s.status("demo", ids[0] ?? "").batch !== null);
    const root = s.status("demo", ids[0] ?? "").batch?.root ?? "";
    const r = s.revokeBatch("demo", root, "court-order");
    expect(r.state).toBe("pending");
    chain.down = false;
    expect((await s.waitRevoked(r.id, 3000)).state).toBe("recorded");
    for (const id of ids)
      expect(s.status("demo", id).revocation).toMatchObject({ scope: "batch", reason: "court-order" });
    expect(() => s.revokeExtract("demo", ids[1] ?? "", "superseded")).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    expect(() => s.revokeBatch("other", root, "court-order")).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });

  test("behavior: a revocation that reached the chain before a crash is not sent again", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "sceau-rev-")), "journal.sqlite");
    const chain = new FakeChain();
    const first = issuer(journalAt(path), chain);
    const ids = await Promise.all(
      [1, 2, 3, 4].map(async () => (await first.submit("demo", extract())).status.id),
    );
    await first.waitAnchored("demo", ids[0] ?? "", 2000);
    chain.crash = "after-hash";
    first.revokeExtract("demo", ids[0] ?? "", "superseded");
    await until(() => chain.revokeCalls.length === 1);
    await first.stop();
    open.pop()?.close();
    chain.crash = null;
    const second = issuer(journalAt(path), chain);
    await until(() => second.status("demo", ids[0] ?? "").revocation?.state === "recorded");
    expect(chain.revokeCalls).toHaveLength(1);
  });
});

describe("listing", () => {
  test("behavior: newest first, paged by cursor, searched without case or accents, filtered by state", async () => {
    const chain = new FakeChain();
    const s = issuer(journalAt(), chain, { batch: { maxSize: 64, maxWaitMs: 60_000, maxRootsPerTx: 8 } });
    const company = clone(COMPANY_EXTRACT) as Record<string, unknown>;
    company.reference = "FIRMA-1";
    const first = await s.submit("demo", company);
    const ids = [first.status.id];
    for (let i = 0; i < 5; i++) ids.push((await s.submit("demo", extract())).status.id);
    await s.submit("other", extract("other"));
    const page1 = s.list("demo", { limit: 4 });
    expect(page1.items.map((i) => i.id)).toEqual(ids.slice().reverse().slice(0, 4));
    // The cursor as HTTP hands it out and takes it back.
    const cursor = decodeCursor(encodeCursor(page1.nextCursor!));
    expect(cursor).toEqual(page1.nextCursor);
    const page2 = s.list("demo", { limit: 4, cursor });
    expect(page2.items.map((i) => i.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.nextCursor).toBeNull();
    expect(s.list("demo", { query: "muller  sohne" }).items.map((i) => i.id)).toEqual([first.status.id]);
    expect(s.list("demo", { query: "DVORAK" }).items).toHaveLength(5);
    expect(s.list("demo", { query: "firma-1" }).items.map((i) => i.reference)).toEqual(["FIRMA-1"]);
    expect(s.list("demo", { state: "anchored" }).items).toHaveLength(0);
    expect(s.list("demo", { state: "pending" }).items).toHaveLength(6);
    // Not a cursor the API handed out: "!!", "0", "-1", "1.5", "".
    for (const bad of ["!!", "MA", "LTE", "MS41", ""]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
    }
  });
});
