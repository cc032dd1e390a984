/**
 * The README and docs/ name only what exists: every repository path they mention (`src/…`,
 * `test/…`, `docs/…`, `scripts/…`, `bench/…`, `contracts/…`, `bin/…`, and top-level Markdown
 * files such as `README.md`) and every relative link, with its `#anchor` when it has one
 * (GitHub's heading slugs).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const files = [
  "README.md",
  "bench/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const read = (file: string): string => readFileSync(join(root, file), "utf8");

/** GitHub's anchors for a file's headings (outside fenced code), duplicates numbered. */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (!m?.[1]) continue;
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

const PATH = /(?<![\w./-])((?:src|test|docs|scripts|bench|contracts|bin)\/[\w./-]*|[A-Z][A-Z0-9_-]*\.md\b)/g;
const LINK = /\]\(([^)\s]+)\)/g;

describe("README and docs/", () => {
  test("the slugs are GitHub's", () => {
    expect([
      ...headingSlugs("# A\n## Verification page (`/` and `/v#<seal>`)\n## A\n```\n# not\n```"),
    ]).toEqual(["a", "verification-page--and-vseal", "a-1"]);
  });

  for (const file of files) {
    test(`${file}: every repository path it mentions exists`, () => {
      const paths = [...read(file).matchAll(PATH)].map((m) => (m[1] as string).replace(/\.+$/, ""));
      expect(paths.length).toBeGreaterThan(0);
      const missing = [...new Set(paths)].filter((p) => !existsSync(join(root, p)));
      expect(missing).toEqual([]);
    });

    test(`${file}: every relative link leads to a file and heading that exist`, () => {
      const broken: string[] = [];
      for (const [, target] of read(file).matchAll(LINK)) {
        if (!target || /^[a-z]+:/i.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const linked = path === "" ? file : normalize(join(dirname(file), path));
        if (linked.startsWith("..") || !existsSync(join(root, linked))) {
          broken.push(target);
          continue;
        }
        if (anchor !== undefined && linked.endsWith(".md") && !headingSlugs(read(linked)).has(anchor)) {
          broken.push(target);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
