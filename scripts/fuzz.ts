/**
 * Long fuzz run: `npm run fuzz -- [cases per target, default 100000] [target filter]`.
 * Generated and mutated inputs for every target in test/fuzz/targets.ts: the seal decoder, the QR
 * text parser, the PDF revision reader, and POST /api/v1/verify on a service started here (a local
 * in-process chain, 127.0.0.1). Reports per target the cases run, the failures (none allowed), the
 * slowest case and the peak RSS of this process (which runs the service too). Exits non-zero on a
 * failure, on a case slower than the target's limit (a hang), or when the RSS passes 2 GiB.
 */
import fc from "fast-check";
import { startE2E, type E2E } from "../test/helpers/service.ts";
import { SEAL_TARGETS, pdfTargets, verifyApiTarget, type FuzzTarget } from "../test/fuzz/targets.ts";

const cases = Number(process.argv[2] ?? 100_000);
const filter = process.argv[3] ?? "";
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const MAX_RSS = 2 * 2 ** 30;

const wanted = (name: string): boolean => name.includes(filter);
const targets: FuzzTarget<unknown>[] = [...SEAL_TARGETS, ...(await pdfTargets())].filter((t) =>
  wanted(t.name),
);
let e2e: E2E | null = null;
if (wanted("POST /api/v1/verify")) {
  e2e = await startE2E({ SCEAU_VERIFY_TIME_BUDGET_MS: "1500", SCEAU_LOG_LEVEL: "silent" });
  targets.push(await verifyApiTarget(e2e.service.url));
}

let failed = false;
const started = Date.now();
process.stdout.write(`Fuzzing ${targets.length} target(s), ${cases} cases each, seed ${seed}\n`);
for (const target of targets) {
  let slowest = 0;
  let peakRss = process.memoryUsage().rss;
  // RSS after each tenth of the cases: growth that levels off is caches and heaps filling, growth
  // that goes on is a leak.
  const series: number[] = [];
  let n = 0;
  const limit = target.maxMs ?? 2000;
  const t0 = performance.now();
  let ok = true;
  try {
    await fc.assert(
      fc.asyncProperty(target.input, async (input) => {
        const t = performance.now();
        await target.run(input);
        const dt = performance.now() - t;
        if (dt > slowest) slowest = dt;
        if (dt > limit) throw new Error(`case took ${dt.toFixed(0)} ms (limit ${limit} ms)`);
        if (++n % 1000 === 0) {
          const rss = process.memoryUsage().rss;
          peakRss = Math.max(peakRss, rss);
          if (n % Math.max(1000, Math.floor(cases / 10)) === 0) series.push(rss);
          if (peakRss > MAX_RSS) throw new Error(`RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
        }
      }),
      { numRuns: cases, seed, endOnFailure: true },
    );
  } catch (e) {
    ok = false;
    failed = true;
    process.stdout.write(`FAIL ${target.name}\n${e instanceof Error ? e.message : String(e)}\n`);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(
    `${ok ? "ok  " : "FAIL"} ${target.name}: ${n} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(1)} ms, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
  );
  if (series.length > 1) {
    process.stdout.write(
      `     RSS by tenths (MiB): ${series.map((r) => (r / 2 ** 20).toFixed(0)).join(" ")}\n`,
    );
  }
}
await e2e?.close();
process.stdout.write(
  `${failed ? "FAILED" : "All targets passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exit(failed ? 1 : 0);
