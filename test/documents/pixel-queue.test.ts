/**
 * The bounded queue in front of pixel decoding (issue 11, finding 5): a bounded wait, a bounded
 * length, a share per client address and a slot always left to other addresses; and, end to
 * end, a flood of slow and bomb PDFs from one address answered 503 VERIFY_BUSY with Retry-After
 * while a genuine photo from another address is verified.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PixelQueue } from "../../src/documents/pixel-queue.ts";
import { PERSON_EXTRACT } from "../fixtures/extracts.ts";
import { flateBombImagePdf, noisePdf } from "../helpers/hostile.ts";
import { qrPhoto } from "../helpers/photos.ts";
import { startE2E, type E2E } from "../helpers/service.ts";

/** A task that runs until its `release` is called. */
function held(): { task: () => Promise<string>; release: () => void; started: () => boolean } {
  let release = (): void => undefined;
  let started = false;
  const done = new Promise<string>((resolve) => {
    release = () => {
      resolve("done");
    };
  });
  return {
    task: () => {
      started = true;
      return done;
    },
    release: () => {
      release();
    },
    started: () => started,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
const busyReason = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => "ran",
    (e: unknown) => {
      const err = e as { code?: string; details?: { reason?: string } };
      return err.code === "VERIFY_BUSY" ? err.details?.reason : e;
    },
  );

describe("PixelQueue", () => {
  const limits = { slots: 2, maxQueued: 2, maxWaitMs: 0, perClient: 10, retryAfterSeconds: 3 };

  test("error: beyond the slots and the waiting room, VERIFY_BUSY (queue-full) with its Retry-After", async () => {
    const q = new PixelQueue(limits);
    const jobs = Array.from({ length: 5 }, () => held());
    const runs = jobs.slice(0, 4).map((j, i) => q.run(`client-${i}`, j.task));
    await settle();
    await expect(q.run("client-4", (jobs[4] as ReturnType<typeof held>).task)).rejects.toMatchObject({
      code: "VERIFY_BUSY",
      details: { reason: "queue-full", retryAfterSeconds: 3 },
    });
    expect(jobs.map((j) => j.started())).toEqual([true, true, false, false, false]);
    expect(q.size()).toEqual({ running: 2, waiting: 2 });
    // The waiting ones start in their order as slots free.
    jobs[0]?.release();
    await settle();
    expect(jobs.map((j) => j.started())).toEqual([true, true, true, false, false]);
    for (const j of jobs) j.release();
    expect(await Promise.all(runs)).toEqual(["done", "done", "done", "done"]);
    expect(q.size()).toEqual({ running: 0, waiting: 0 });
  });

  test("error: a file that waits longer than maxWaitMs is VERIFY_BUSY (wait-exceeded) and never runs", async () => {
    const q = new PixelQueue({ ...limits, slots: 1, maxWaitMs: 30 });
    const first = held();
    const running = q.run("a", first.task);
    const late = held();
    expect(await busyReason(q.run("b", late.task))).toBe("wait-exceeded");
    first.release();
    await running;
    expect(late.started()).toBe(false);
    expect(q.size()).toEqual({ running: 0, waiting: 0 });
  });

  test("one address holds at most perClient files, and leaves a slot to the others", async () => {
    const q = new PixelQueue({ ...limits, slots: 2, maxQueued: 10, perClient: 2 });
    const flood = Array.from({ length: 4 }, () => held());
    const floodRuns = flood.map((j) => busyReason(q.run("attacker", j.task)));
    await settle();
    // One running, one waiting (the second slot is kept for other addresses), two refused.
    expect(flood.map((j) => j.started())).toEqual([true, false, false, false]);
    expect(await floodRuns[2]).toBe("address-busy");
    expect(await floodRuns[3]).toBe("address-busy");
    const other = held();
    const otherRun = q.run("someone-else", other.task);
    await settle();
    expect(other.started()).toBe(true);
    other.release();
    expect(await otherRun).toBe("done");
    // The attacker's second file starts only when its first ends.
    await settle();
    expect(flood[1]?.started()).toBe(false);
    flood[0]?.release();
    await settle();
    expect(flood[1]?.started()).toBe(true);
    flood[1]?.release();
    expect(await Promise.all(floodRuns.slice(0, 2))).toEqual(["ran", "ran"]);
  });

  test("a task that fails frees its slot and its address's share", async () => {
    const q = new PixelQueue({ ...limits, slots: 1, perClient: 1 });
    await expect(q.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await q.run("a", () => Promise.resolve("again"))).toBe("again");
    expect(q.size()).toEqual({ running: 0, waiting: 0 });
  });

  test("with one slot, an address may still use it (nothing to leave to others)", async () => {
    const q = new PixelQueue({ ...limits, slots: 1, perClient: 3 });
    expect(await q.run("a", () => Promise.resolve(1))).toBe(1);
  });
});

describe("a flood of slow and bomb PDFs from one address", () => {
  let e2e: E2E;
  let base: string;
  let photo: Buffer;

  beforeAll(async () => {
    e2e = await startE2E({
      SCEAU_TRUST_PROXY_HOPS: "1",
      SCEAU_VERIFY_CONCURRENCY: "2",
      SCEAU_VERIFY_QUEUE_MAX: "4",
      SCEAU_VERIFY_JOBS_PER_ADDRESS: "2",
      SCEAU_VERIFY_TIME_BUDGET_MS: "3000",
    });
    base = e2e.service.url;
    const issued = await fetch(`${base}/api/v1/extracts?wait=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${e2e.token}`, "content-type": "application/json" },
      body: JSON.stringify(PERSON_EXTRACT),
    });
    const { id } = (await issued.json()) as { id: string };
    const { qr } = (await (
      await fetch(`${base}/api/v1/extracts/${id}/qr`, { headers: { authorization: `Bearer ${e2e.token}` } })
    ).json()) as { qr: string };
    photo = await qrPhoto(qr, { side: 900, format: "jpeg", quality: 85, seed: 7 });
  });
  afterAll(async () => {
    await e2e.close();
  });

  const verify = async (bytes: Buffer, type: string, address: string) => {
    const res = await fetch(`${base}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": type, "x-forwarded-for": address },
      body: new Uint8Array(bytes),
    });
    const body = (await res.json()) as {
      verdict?: string;
      error?: { code: string; details?: { reason?: string } };
    };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body, at: performance.now() };
  };

  test("the flood gets 503 VERIFY_BUSY with Retry-After; a genuine photo from another address is verified meanwhile", async () => {
    const slow = await noisePdf();
    const bomb = flateBombImagePdf(4000);
    const attacker = "203.0.113.66";
    const flood = [slow, slow, bomb, slow, bomb, slow].map((pdf) => verify(pdf, "application/pdf", attacker));
    // Let the flood arrive first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const genuine = await verify(photo, "image/jpeg", "198.51.100.9");
    const answers = await Promise.all(flood);

    expect(genuine.status).toBe(200);
    expect(genuine.body.verdict).toBe("valid");
    const busy = answers.filter((a) => a.body.error?.code === "VERIFY_BUSY");
    expect(busy.length).toBeGreaterThanOrEqual(3);
    for (const a of busy) {
      expect(a.status).toBe(503);
      expect(Number(a.retryAfter)).toBe(3);
      expect(a.body.error?.details?.reason).toBe("address-busy");
    }
    // What the attacker got decoded ended within its own budget, or as a bomb; never a 5xx else.
    for (const a of answers.filter((x) => !busy.includes(x))) {
      expect(["QR_NOT_FOUND", "TIME_BUDGET_EXCEEDED", "PDF_CONTENT_TOO_LARGE"]).toContain(a.body.error?.code);
    }
    // The photo did not wait for the attacker's files: it was answered before the last of them.
    expect(genuine.at).toBeLessThan(Math.max(...answers.map((a) => a.at)));
  }, 60_000);
});
