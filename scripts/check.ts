/**
 * Every check CI runs, in order: types, lint (warnings fail, the layer boundaries included),
 * format, unused files, exports and dependencies (knip, knip.jsonc), then every test (unit,
 * contract, end to end). Ends with one plain line: `N passed, N failed`.
 *
 * Arguments are passed to vitest (for example a file filter).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const bin = (name: string): string => join("node_modules", ".bin", name);
let passed = 0;
let failed = 0;

function step(name: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
  });
  const ok = r.status === 0;
  process.stdout.write(`== ${name}: ${ok ? "ok" : "FAILED"}\n`);
  return ok;
}

const vitestArgs = process.argv.slice(2);
const filtered = vitestArgs.length > 0;
if (!filtered) {
  for (const [name, cmd, args] of [
    ["types", bin("tsc"), ["-p", "."]],
    ["lint", bin("eslint"), [".", "--max-warnings", "0"]],
    ["format", bin("prettier"), ["--check", "--log-level", "warn", "."]],
    ["unused code", bin("knip"), ["--no-progress"]],
  ] as const) {
    if (step(name, cmd, [...args])) passed++;
    else failed++;
  }
}

mkdirSync("test-output", { recursive: true });
const report = join("test-output", "vitest.json");
rmSync(report, { force: true });
step("tests", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    success: boolean;
    numFailedTestSuites: number;
    numPendingTests: number;
  };
  // A skipped test (the disk-full fault test without permission to mount) is said, not hidden.
  if (r.numPendingTests > 0) process.stdout.write(`\n${r.numPendingTests} skipped\n`);
  passed += r.numPassedTests;
  failed +=
    r.numFailedTests + (r.numFailedTests === 0 && !r.success ? Math.max(1, r.numFailedTestSuites) : 0);
} else {
  failed++;
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
