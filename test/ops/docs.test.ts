/**
 * The README documents what the service does: every error code with its HTTP status (README
 * "Error codes") and every configuration variable (README "Configuration").
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.ts";
import { HTTP_STATUS } from "../../src/http/errors.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = (title: string): string => {
  const start = readme.indexOf(`\n## ${title}\n`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe("README", () => {
  test("the error table lists every code with its HTTP status", () => {
    const table = section("Error codes");
    for (const code of ERROR_CODES) {
      const row = table.split("\n").find((l) => l.startsWith("|") && l.includes(`\`${code}\``));
      expect(row, code).toBeDefined();
      expect(row?.split("|")[2]?.trim(), code).toBe(String(HTTP_STATUS[code]));
    }
  });

  test("the configuration table lists every variable src/config.ts reads", () => {
    const source = readFileSync(new URL("../../src/config.ts", import.meta.url), "utf8");
    const variables = [...new Set([...source.matchAll(/\b(SCEAU_[A-Z0-9_]+):/g)].map((m) => m[1] as string))];
    expect(variables.length).toBeGreaterThan(30);
    const table = section("Configuration");
    for (const v of variables) expect(table, v).toContain(`| \`${v}\` |`);
  });
});
