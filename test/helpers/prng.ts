/**
 * The one seeded pseudo-random generator of the tests, the benchmarks and the scripts
 * (mulberry32): small, fast, and the same numbers for the same seed on every machine, so the
 * test photos, the sample extracts and the benchmark's photo corpus are the same bytes on every
 * run. Not for anything that must be unpredictable: ids and salts come from `src/random.ts`.
 * @module
 */

/** A generator of numbers in [0, 1), fully determined by the 32-bit `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
