/**
 * The seeded fuzz run of the test command: a few thousand generated and mutated inputs per target
 * (scripts/fuzz.ts runs 100,000+). A target may only return or fail with a documented error code.
 */
import fc from "fast-check";
import { describe, test } from "vitest";
import { SEAL_TARGETS } from "./targets.ts";

const CASES = process.env.CI ? 5000 : 2000;

describe("seeded fuzzing", () => {
  for (const target of SEAL_TARGETS) {
    test(`${target.name}: never a crash, only documented error codes`, async () => {
      await fc.assert(
        fc.asyncProperty(target.input, async (input) => {
          await target.run(input);
        }),
        { numRuns: CASES, seed: 20261122 },
      );
    });
  }
});
