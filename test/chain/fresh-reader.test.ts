/**
 * Shared chain reads for verification: a caller is only ever answered by a head read that began
 * after it asked, statuses are kept for one head only, and failures are never kept.
 */
import { describe, expect, test } from "vitest";
import { FreshStatusReader, HeadReader, type ChainHead } from "../../src/chain/fresh-reader.ts";
import type { RegistryClient, SealStatus } from "../../src/chain/registry.ts";
import { SceauError } from "../../src/core/errors.ts";

/** Head reads the test settles by hand, in order. */
function manualHeads(): {
  read: () => Promise<ChainHead>;
  pending: { resolve: (h: ChainHead) => void; reject: (e: unknown) => void }[];
} {
  const pending: { resolve: (h: ChainHead) => void; reject: (e: unknown) => void }[] = [];
  return {
    pending,
    read: () =>
      new Promise<ChainHead>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
}

const head = (n: number, fork = ""): ChainHead => ({
  number: n,
  hash: `0x${fork}${n.toString(16).padStart(64 - fork.length, "0")}`,
});
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("HeadReader", () => {
  test("callers arriving together share one head read", async () => {
    const m = manualHeads();
    const reader = new HeadReader(m.read);
    const calls = [reader.fresh(), reader.fresh(), reader.fresh()];
    await tick();
    // The first call started a read; the two others arrived after it began and wait for the next.
    expect(m.pending.length).toBe(1);
    m.pending[0]?.resolve(head(1));
    expect(await calls[0]).toEqual(head(1));
    await tick();
    expect(m.pending.length).toBe(2);
    m.pending[1]?.resolve(head(2));
    expect(await calls[1]).toEqual(head(2));
    expect(await calls[2]).toEqual(head(2));
  });

  test("a caller is never answered by a read that began before it asked", async () => {
    const m = manualHeads();
    const reader = new HeadReader(m.read);
    const early = reader.fresh();
    const late = reader.fresh();
    let lateValue: ChainHead | null = null;
    void late.then((h) => (lateValue = h));
    m.pending[0]?.resolve(head(7));
    expect(await early).toEqual(head(7));
    await tick();
    expect(lateValue).toBeNull();
    m.pending[1]?.resolve(head(8));
    expect(await late).toEqual(head(8));
  });

  test("a failed read fails its callers; the next caller starts a new read", async () => {
    const m = manualHeads();
    const reader = new HeadReader(m.read);
    const first = reader.fresh();
    m.pending[0]?.reject(new SceauError("CHAIN_UNAVAILABLE", "down"));
    await expect(first).rejects.toMatchObject({ code: "CHAIN_UNAVAILABLE" });
    const second = reader.fresh();
    await tick();
    expect(m.pending.length).toBe(2);
    m.pending[1]?.resolve(head(3));
    expect(await second).toEqual(head(3));
  });
});

describe("FreshStatusReader", () => {
  const status = (blockNumber: number, leafRevokedAt = 0): SealStatus => ({
    issuer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    anchoredAt: 1000,
    rootRevokedAt: 0,
    rootRevocationReason: 0,
    leafRevokedAt,
    leafRevocationReason: leafRevokedAt ? 1 : 0,
    issuerAuthorised: true,
    blockNumber,
    blockTimestamp: 2000,
  });

  function fixture(heads: ChainHead[]) {
    const reads: { root: string; at: number | undefined }[] = [];
    let failNext = false;
    let revokedFrom = Infinity;
    const client = {
      sealStatus: (root: Uint8Array, _leaf: Uint8Array, at?: number) => {
        reads.push({ root: Buffer.from(root).toString("hex"), at });
        if (failNext) {
          failNext = false;
          return Promise.reject(new SceauError("CHAIN_UNAVAILABLE", "down"));
        }
        return Promise.resolve(status(at ?? -1, (at ?? 0) >= revokedFrom ? 1500 : 0));
      },
    } as unknown as RegistryClient;
    let i = 0;
    const reader = new FreshStatusReader(
      new HeadReader(() => Promise.resolve(heads[Math.min(i++, heads.length - 1)] ?? head(0))),
      client,
    );
    return {
      reader,
      reads,
      failOnce: () => (failNext = true),
      revokeFrom: (n: number) => (revokedFrom = n),
    };
  }
  const root = new Uint8Array(32).fill(1);
  const leaf = new Uint8Array(32).fill(2);

  test("while the head stays, a seal's status is read once, at that block", async () => {
    const f = fixture([head(5), head(5), head(5)]);
    for (let k = 0; k < 3; k++) expect((await f.reader.sealStatus(root, leaf)).blockNumber).toBe(5);
    expect(f.reads).toEqual([{ root: "01".repeat(32), at: 5 }]);
  });

  test("a new block (a revocation in it) is seen by the next verification", async () => {
    const f = fixture([head(5), head(6)]);
    f.revokeFrom(6);
    expect((await f.reader.sealStatus(root, leaf)).leafRevokedAt).toBe(0);
    expect((await f.reader.sealStatus(root, leaf)).leafRevokedAt).toBe(1500);
    expect(f.reads.map((r) => r.at)).toEqual([5, 6]);
  });

  test("another block at the same height (a reorganisation) is a new head", async () => {
    const f = fixture([head(5), head(5, "ff")]);
    await f.reader.sealStatus(root, leaf);
    await f.reader.sealStatus(root, leaf);
    expect(f.reads.length).toBe(2);
  });

  test("a failed status read is not kept", async () => {
    const f = fixture([head(5), head(5)]);
    f.failOnce();
    await expect(f.reader.sealStatus(root, leaf)).rejects.toMatchObject({ code: "CHAIN_UNAVAILABLE" });
    expect((await f.reader.sealStatus(root, leaf)).blockNumber).toBe(5);
    expect(f.reads.length).toBe(2);
  });

  test("an unreadable head fails the verification's read, even with a status kept", async () => {
    let up = true;
    const client = { sealStatus: () => Promise.resolve(status(5)) } as unknown as RegistryClient;
    const reader = new FreshStatusReader(
      new HeadReader(() =>
        up ? Promise.resolve(head(5)) : Promise.reject(new SceauError("CHAIN_UNAVAILABLE", "down")),
      ),
      client,
    );
    await reader.sealStatus(root, leaf);
    up = false;
    await expect(reader.sealStatus(root, leaf)).rejects.toMatchObject({ code: "CHAIN_UNAVAILABLE" });
  });

  test("a root's revoked leaves are read once per head, at that block, and again at a new head", async () => {
    const at: (number | undefined)[] = [];
    const client = {
      revokedLeaves: (_root: Uint8Array, n?: number) => {
        at.push(n);
        return Promise.resolve(n === 6 ? [{ leaf, revokedAt: 1500, reason: 1 }] : []);
      },
    } as unknown as RegistryClient;
    const heads = [head(5), head(5), head(6)];
    let i = 0;
    const reader = new FreshStatusReader(
      new HeadReader(() => Promise.resolve(heads[i++] ?? head(6))),
      client,
    );
    expect(await reader.revokedLeaves(root)).toEqual([]);
    expect(await reader.revokedLeaves(root)).toEqual([]);
    expect(await reader.revokedLeaves(root)).toEqual([{ leaf, revokedAt: 1500, reason: 1 }]);
    expect(at).toEqual([5, 6]);
  });
});
