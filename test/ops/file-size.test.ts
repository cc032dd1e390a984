/**
 * One thing per file: no source file (code, tests, scripts, benchmarks, contracts, pages) is over
 * 500 lines, except the tables people translate and the OpenAPI document, which are data. The
 * allow-list stays honest: a file on it must exist and still be over the limit.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.ts";

const LIMIT = 500;
const SOURCE = /\.(ts|js|mjs|css|html|sh|sol)$/;
const FOLDERS = ["src", "test", "scripts", "bench", "contracts"];

/** Files allowed over the limit, and why. */
const TABLES: Record<string, string> = {
  "src/core/messages.ts": "the checks', verdicts', warnings' and errors' words in four languages",
  "src/http/openapi.ts": "the OpenAPI document",
};

/** Tracked and new (not ignored) files, so that a file not yet added is counted too. */
const files = execFileSync(
  "git",
  ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...FOLDERS],
  {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  },
)
  .split("\n")
  .filter((f) => SOURCE.test(f) && existsSync(join(PROJECT_ROOT, f)));
const lines = (file: string): number => readFileSync(join(PROJECT_ROOT, file), "utf8").split("\n").length - 1;

describe("file sizes", () => {
  test(`no source file is over ${LIMIT} lines but the tables`, () => {
    expect(files.length).toBeGreaterThan(200);
    const over = files
      .filter((f) => !(f in TABLES) && lines(f) > LIMIT)
      .map((f) => `${f}: ${lines(f)} lines`);
    expect(over).toEqual([]);
  });

  test("every file allowed over the limit still needs it", () => {
    for (const file of Object.keys(TABLES)) {
      expect(files, file).toContain(file);
      expect(lines(file), file).toBeGreaterThan(LIMIT);
    }
  });
});
