/**
 * The journal's disk is full: the data directory sits on its own small tmpfs (mounted by the
 * test, which needs root, as on the project's machines), and a file fills it to the last byte.
 * This is a real ENOSPC for SQLite, not a simulation inside it.
 *
 * While the disk is full, intake refuses with 503 `JOURNAL_UNAVAILABLE` (never a 500, never an
 * acknowledgement of what was not stored), batches of extracts stored before wait, readiness is
 * 503, and verification goes on. Once space is back, everything acknowledged is anchored exactly
 * once and verifies.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, writeSync, rmSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import { rootAnchoredCounts } from "../helpers/chain-events.ts";
import { startE2E, type E2E } from "../helpers/service.ts";
import { verifyQrText } from "../helpers/verify.ts";

type Json = Record<string, any>;
const mountPoint = mkdtempSync(join(tmpdir(), "sceau-fault-disk-"));
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint], { stdio: "ignore" });
  mounted = true;
} catch {
  // Not root (or no mount permission): the test is reported as skipped, never as passed.
}

let e2e: E2E;
let base: string;
let auth: Record<string, string>;
const filler = join(mountPoint, "filler");

beforeAll(async () => {
  if (!mounted) return;
  e2e = await startE2E({
    SCEAU_DATA_DIR: join(mountPoint, "data"),
    SCEAU_BATCH_MAX: "4",
    SCEAU_BATCH_WAIT_MS: "1500",
    SCEAU_RETRY_INITIAL_MS: "100",
    SCEAU_RETRY_MAX_MS: "400",
    SCEAU_PDF_THREADS: "1",
    SCEAU_JOURNAL_MIN_FREE_MB: "1",
  });
  base = e2e.service.url;
  auth = { authorization: `Bearer ${e2e.token}` };
});
afterAll(async () => {
  if (!mounted) return;
  await e2e.close();
  execFileSync("umount", [mountPoint]);
  rmdirSync(mountPoint);
});

/** Writes until the file system refuses: 1 MiB, then ever smaller pieces down to one byte. */
function fillDisk(): number {
  const fd = openSync(filler, "w");
  let written = 0;
  try {
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const acked = new Map<string, string>();

async function issue(reference: string, wait = false): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}/api/v1/extracts${wait ? "?wait=true" : ""}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference }),
  });
  const body = (await res.json()) as Json;
  if (res.status >= 200 && res.status < 300) acked.set(reference, body.id as string);
  return { status: res.status, body };
}

async function get(path: string): Promise<Json> {
  return (await (await fetch(`${base}${path}`, { headers: auth })).json()) as Json;
}

async function verdictOf(id: string): Promise<string> {
  const { qr } = await get(`/api/v1/extracts/${id}/qr`);
  return (await verifyQrText(base, qr as string)).body.verdict as string;
}

describe("the journal's disk full", () => {
  test.skipIf(!mounted)(
    "intake refuses with 503 JOURNAL_UNAVAILABLE, then recovers with nothing lost",
    async () => {
      const first = await Promise.all([1, 2, 3, 4].map((i) => issue(`DISK-${i}`, true)));
      expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      // Stored, not yet batched (a batch closes 1.5 s after its first extract) when the disk fills.
      const pending = await Promise.all([5, 6, 7].map((i) => issue(`DISK-${i}`)));
      expect(pending.map((r) => r.status)).toEqual([202, 202, 202]);
      expect(fillDisk()).toBeGreaterThan(0);

      const refused: string[] = [];
      for (let i = 8; i < 40; i++) {
        const r = await issue(`DISK-${i}`);
        if (r.status === 503) {
          expect(r.body.error.code).toBe("JOURNAL_UNAVAILABLE");
          refused.push(`DISK-${i}`);
        } else {
          // SQLite may still fit a transaction into space its log file already holds: then it is stored.
          expect(r.status).toBe(202);
        }
      }
      expect(refused.length).toBeGreaterThan(0);
      const ready = (await (await fetch(`${base}/readyz`)).json()) as Json;
      expect(ready.status).toBe("not-ready");
      expect(ready.checks.journal).toMatchObject({ ok: false, error: { code: "JOURNAL_UNAVAILABLE" } });
      // Verification needs no journal write.
      expect(await verdictOf(acked.get("DISK-1") ?? "")).toBe("valid");
      // The batch of the extracts stored before the disk filled cannot be recorded meanwhile.
      await new Promise((r) => setTimeout(r, 2000));
      for (const ref of ["DISK-5", "DISK-6", "DISK-7"]) {
        expect((await get(`/api/v1/extracts/${acked.get(ref) ?? ""}`)).state).toBe("pending");
      }

      rmSync(filler);
      for (const ref of refused) expect((await issue(ref)).status).toBe(202);
      const deadline = Date.now() + 60_000;
      for (const id of acked.values()) {
        while ((await get(`/api/v1/extracts/${id}`)).state !== "final") {
          expect(Date.now(), `extract ${id} not anchored in time`).toBeLessThan(deadline);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(acked.size).toBe(39);
      const counts = await rootAnchoredCounts(e2e.rpcUrl, e2e.service.registryAddress);
      expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
      const verdicts = await Promise.all([...acked.values()].map(verdictOf));
      expect(verdicts.filter((v) => v !== "valid")).toEqual([]);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    },
    120_000,
  );
});
