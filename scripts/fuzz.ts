/**
 * Long fuzz run: `node scripts/fuzz.ts [cases per target, default 100000] [target filter]`.
 * Generated and mutated inputs for every target in test/fuzz/targets.ts; reports per target the
 * cases run, the failures (none allowed), the slowest case and the peak RSS. Exits non-zero on a
 * failure, or on a case slower than 2 s (a hang).
 */
import fc from "fast-check";
import { SEAL_TARGETS, type FuzzTarget } from "../test/fuzz/targets.ts";

const cases = Number(process.argv[2] ?? 100_000);
const filter = process.argv[3] ?? "";
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const targets: readonly FuzzTarget<unknown>[] = [...SEAL_TARGETS].filter((t) => t.name.includes(filter));

let failed = false;
process.stdout.write(`Fuzzing ${targets.length} target(s), ${cases} cases each, seed ${seed}\n`);
for (const target of targets) {
  let slowest = 0;
  let peakRss = 0;
  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(target.input, async (input) => {
        const t0 = performance.now();
        await target.run(input);
        const dt = performance.now() - t0;
        if (dt > slowest) slowest = dt;
        if (dt > 2000) throw new Error(`case took ${dt.toFixed(0)} ms`);
      }),
      { numRuns: cases, seed, endOnFailure: true },
    );
  } catch (e) {
    failed = true;
    process.stdout.write(`FAIL ${target.name}\n${e instanceof Error ? e.message : String(e)}\n`);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(
    `${failed ? "FAIL" : "ok  "} ${target.name}: ${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(1)} ms, RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
  );
}
process.exit(failed ? 1 : 0);
