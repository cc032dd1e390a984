/**
 * The catalogue stays auditable: every case has its one end-to-end test in a forged-*.test.ts
 * file, and every test it points to elsewhere exists under that exact name.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.ts";
import { CATALOGUE } from "./catalogue.ts";

const read = (file: string): string => readFileSync(join(PROJECT_ROOT, file), "utf8");

describe("forged-document catalogue", () => {
  test("lists the attacks of issues 7 and 11 once each, in order", () => {
    expect(CATALOGUE.map((c) => c.id)).toEqual(
      Array.from({ length: 14 }, (_, i) => `F${String(i + 1).padStart(2, "0")}`),
    );
    for (const c of CATALOGUE) {
      expect(c.attack.length, c.id).toBeGreaterThan(20);
      expect(c.expected.length, c.id).toBeGreaterThan(0);
      expect(c.because.length, c.id).toBeGreaterThan(0);
    }
  });

  test("every case has exactly one test in the forged-*.test.ts files", () => {
    const files = readdirSync(join(PROJECT_ROOT, "test", "catalogue")).filter((f) =>
      /^forged-.+\.test\.ts$/.test(f),
    );
    expect(files.length).toBeGreaterThan(0);
    const source = files.map((f) => read(join("test", "catalogue", f))).join("\n");
    for (const c of CATALOGUE) expect(source.split(`test(caseTitle("${c.id}")`).length - 1, c.id).toBe(1);
  });

  test("every test a case points to exists under that name", () => {
    for (const c of CATALOGUE) {
      for (const ref of c.seeAlso ?? []) {
        expect(existsSync(join(PROJECT_ROOT, ref.file)), ref.file).toBe(true);
        expect(read(ref.file), `${c.id} → ${ref.file}`).toContain(JSON.stringify(ref.test));
      }
    }
  });
});
