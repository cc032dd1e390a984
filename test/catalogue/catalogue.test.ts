/**
 * The catalogue stays auditable: every case has its end-to-end test in forged.test.ts, and every
 * test it points to elsewhere exists under that exact name.
 */
import { existsSync, readFileSync } from "node:fs";
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

  test("every case has its own test in forged.test.ts", () => {
    const source = read("test/catalogue/forged.test.ts");
    for (const c of CATALOGUE) expect(source, c.id).toContain(`test(caseTitle("${c.id}")`);
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
