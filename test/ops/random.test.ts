import { describe, expect, test } from "vitest";
import { createRandomSource } from "../../src/random.ts";

describe("the pooled random source", () => {
  test("hands out the requested lengths, across pool refills, and never the same bytes twice", () => {
    const random = createRandomSource();
    const seen = new Set<string>();
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      const n = [10, 16, 26][i % 3] ?? 16;
      const b = random(n);
      expect(b.length).toBe(n);
      total += n;
      const hex = Buffer.from(b).toString("hex");
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    expect(total).toBeGreaterThan(3 * 4096);
  });

  test("returns independent copies (changing one leaves the next untouched) and serves large requests", () => {
    const random = createRandomSource();
    const a = random(16);
    a.fill(0);
    expect(random(16).some((x) => x !== 0)).toBe(true);
    const big = random(10_000);
    expect(big.length).toBe(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
