/**
 * The documentation says what the service does: every error code with its HTTP status (the
 * "Error codes" table) and every configuration variable (the "Configuration" table). Each table
 * lives in exactly one place, the README or a file of `docs/`, so there is one table to keep.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.ts";
import { HTTP_STATUS } from "../../src/http/errors.ts";

const root = new URL("../../", import.meta.url);
const files = [
  "README.md",
  ...readdirSync(new URL("docs/", root))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const texts = files.map((f) => readFileSync(new URL(f, root), "utf8"));

/** Every `## title` section in the README and docs/, each up to the next `## ` heading. */
const sections = (title: string): string[] =>
  texts.flatMap((text) => {
    const found: string[] = [];
    for (
      let start = text.indexOf(`\n## ${title}\n`);
      start >= 0;
      start = text.indexOf(`\n## ${title}\n`, start + 1)
    ) {
      const end = text.indexOf("\n## ", start + 1);
      found.push(text.slice(start, end < 0 ? undefined : end));
    }
    return found;
  });
const section = (title: string): string => {
  const found = sections(title);
  expect(found, `exactly one "## ${title}" section in README.md and docs/*.md`).toHaveLength(1);
  return found[0] ?? "";
};

describe("README and docs/", () => {
  test("the error table lists every code with its HTTP status", () => {
    const table = section("Error codes");
    for (const code of ERROR_CODES) {
      const row = table.split("\n").find((l) => l.startsWith("|") && l.includes(`\`${code}\``));
      expect(row, code).toBeDefined();
      expect(row?.split("|")[2]?.trim(), code).toBe(String(HTTP_STATUS[code]));
    }
  });

  test("the configuration table lists every variable src/config.ts reads", () => {
    // src/config-counter.ts and src/config-trust.ts hold parts of the same environment.
    const source = ["src/config.ts", "src/config-counter.ts", "src/config-trust.ts"]
      .map((f) => readFileSync(new URL(f, root), "utf8"))
      .join("\n");
    const variables = [...new Set([...source.matchAll(/\b(SCEAU_[A-Z0-9_]+):/g)].map((m) => m[1] as string))];
    expect(variables.length).toBeGreaterThan(30);
    const table = section("Configuration");
    for (const v of variables) expect(table, v).toContain(`| \`${v}\` |`);
  });
});
