/**
 * Done-when of issue 3: 1,000 extracts issued over HTTP while the service (a real child process)
 * is killed with SIGKILL at several points (during intake, right after sealing a batch, after
 * the anchoring transaction was sent, after its receipt came back but before it was stored, and
 * at an arbitrary moment of intake) and restarted each time. Afterwards every acknowledged
 * extract is anchored exactly once and verifies `valid`, and no root was anchored twice,
 * counted from the chain's RootAnchored events.
 */
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { id as topicOf } from "ethers";
import { createProvider } from "../../src/chain/provider.ts";
import { devRegistryAddress } from "../../src/chain/dev/keys.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import {
  chainEnv,
  spawnService,
  startChainServer,
  type ChildService,
  type TestChainServer,
} from "../helpers/child-service.ts";
import { verifyQrText } from "../helpers/verify.ts";

const TOTAL = 1000;
let chain: TestChainServer;
let current: ChildService | null = null;
const dataDir = mkdtempSync(join(tmpdir(), "sceau-crash-"));

beforeAll(async () => {
  chain = await startChainServer();
});
afterAll(async () => {
  current?.child.kill("SIGKILL");
  await chain.close();
});

type Json = Record<string, any>;

function extractFor(ref: number): Json {
  const e = clone(PERSON_EXTRACT) as Json;
  e.reference = `CRASH-${ref}`;
  e.debtor.firstNames = `Anna ${ref}`;
  return e;
}

test("SIGKILL at every stage and restart: every acknowledged extract is anchored exactly once and valid", async () => {
  const env = {
    ...chainEnv(chain.url, dataDir),
    SCEAU_BATCH_MAX: "32",
    SCEAU_BATCH_WAIT_MS: "300",
    SCEAU_ANCHOR_MAX_ROOTS: "4",
    SCEAU_RETRY_MAX_MS: "500",
    SCEAU_PDF_THREADS: "2",
  };
  let base: string | null = null;
  let token = "";
  const acked = new Map<number, string>();
  const queue = Array.from({ length: TOTAL }, (_, i) => i + 1);
  let stop = false;

  // Clients post with a reference each; a request the dying service never answered is sent
  // again with the same reference and must come back as the first extract, not a second one.
  const client = async (): Promise<void> => {
    while (!stop) {
      const ref = queue.shift();
      if (ref === undefined) {
        await new Promise((r) => setTimeout(r, 20));
        if (queue.length === 0 && acked.size === TOTAL) return;
        continue;
      }
      if (!base) {
        queue.push(ref);
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      try {
        const res = await fetch(`${base}/api/v1/extracts`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(extractFor(ref)),
        });
        const body = (await res.json()) as Json;
        if (res.status >= 200 && res.status < 300) {
          const before = acked.get(ref);
          if (before !== undefined) expect(body.id).toBe(before);
          acked.set(ref, body.id as string);
        } else {
          expect(res.status, JSON.stringify(body)).toBe(503);
          queue.push(ref);
        }
      } catch {
        queue.push(ref);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  const start = async (failpoint: string | null): Promise<ChildService> => {
    base = null;
    const s = await spawnService({ ...env, ...(failpoint ? { SCEAU_FAILPOINT: failpoint } : {}) });
    current = s;
    if (!token)
      token = (JSON.parse(readFileSync(join(dataDir, "demo-office.json"), "utf8")) as { token: string })
        .token;
    base = s.url;
    return s;
  };
  const died = async (s: ChildService, what: string): Promise<void> => {
    const result = await Promise.race([
      s.exited,
      new Promise<"timeout">((r) =>
        setTimeout(() => {
          r("timeout");
        }, 60_000),
      ),
    ]);
    expect(result, `the service should have been killed at ${what}`).toEqual({
      code: null,
      signal: "SIGKILL",
    });
    base = null;
  };

  const clients = Array.from({ length: 12 }, client);
  try {
    for (const failpoint of ["intake-stored:25", "batch-sealed:3", "anchor-sent:2", "anchor-confirmed:2"]) {
      const s = await start(failpoint);
      await died(s, failpoint);
    }
    // An arbitrary moment during intake, from outside.
    const s = await start(null);
    const target = acked.size + 80;
    while (acked.size < target && acked.size < TOTAL) await new Promise((r) => setTimeout(r, 10));
    s.child.kill("SIGKILL");
    await died(s, "a SIGKILL from outside during intake");
    expect(acked.size).toBeLessThan(TOTAL);

    const last = await start(null);
    await Promise.all(clients);
    expect(acked.size).toBe(TOTAL);

    const url = last.url ?? "";
    const auth = { authorization: `Bearer ${token}` };
    // Wait for the last batches: nothing left pending or anchoring.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = await Promise.all(
        ["pending", "anchoring"].map(async (state) => {
          const r = await fetch(`${url}/api/v1/extracts?state=${state}&limit=1`, { headers: auth });
          return ((await r.json()) as Json).items.length as number;
        }),
      );
      if (pending.every((n) => n === 0)) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }

    // One extract per reference: the listing holds exactly the acknowledged ids.
    const listed = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const r = await fetch(`${url}/api/v1/extracts?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
        headers: auth,
      });
      const page = (await r.json()) as Json;
      for (const item of page.items as Json[]) {
        expect(listed.has(item.reference as string)).toBe(false);
        listed.set(item.reference as string, item.id as string);
        expect(item.state).toBe("final");
      }
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(listed.size).toBe(TOTAL);
    for (const [ref, id] of acked) expect(listed.get(`CRASH-${ref}`)).toBe(id);

    // Exactly once on chain, counted from the events.
    const provider = createProvider(chain.url, 31337, { timeoutMs: 5000 });
    const logs = await provider.getLogs({
      address: devRegistryAddress(),
      topics: [topicOf("RootAnchored(bytes32,address)")],
      fromBlock: 0,
    });
    provider.destroy();
    const counts = new Map<string, number>();
    for (const l of logs) counts.set(l.topics[1] ?? "", (counts.get(l.topics[1] ?? "") ?? 0) + 1);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);

    // Every acknowledged extract verifies by its QR text; its root is among the anchored ones.
    const ids = [...acked.values()];
    const verdicts = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(
        ids.slice(i, i + 20).map(async (id) => {
          const status = (await (
            await fetch(`${url}/api/v1/extracts/${id}`, { headers: auth })
          ).json()) as Json;
          expect(counts.get(status.batch.root as string)).toBe(1);
          const { qr } = (await (
            await fetch(`${url}/api/v1/extracts/${id}/qr`, { headers: auth })
          ).json()) as Json;
          const { body: report } = await verifyQrText(url, qr as string);
          verdicts.set(report.verdict as string, (verdicts.get(report.verdict as string) ?? 0) + 1);
        }),
      );
    }
    expect(Object.fromEntries(verdicts)).toEqual({ valid: TOTAL });

    // A sample of the PDFs, verified as files.
    for (const id of [ids[0], ids[Math.floor(TOTAL / 2)], ids[TOTAL - 1]]) {
      const pdf = await (
        await fetch(`${url}/api/v1/extracts/${id ?? ""}/pdf`, { headers: auth })
      ).arrayBuffer();
      const report = (await (
        await fetch(`${url}/api/v1/verify`, {
          method: "POST",
          headers: { "content-type": "application/pdf" },
          body: Buffer.from(pdf),
        })
      ).json()) as Json;
      expect(report.verdict).toBe("valid");
    }
  } finally {
    stop = true;
    await Promise.allSettled(clients);
  }
}, 300_000);
