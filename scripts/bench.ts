/**
 * `npm run bench`: runs every benchmark module in `bench/` (or those named on the command line),
 * prints one table with the machine's facts, and writes it as JSON to bench-output/bench.json.
 *
 * A module's default export is `{ name, run(): Promise<Row[]> }`; each row is one figure, already
 * the median (or the stated statistic) of several runs.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface Row {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** How the value was obtained: statistic, runs, sizes. */
  readonly note?: string;
  /** The target the figure is held against, in words (for example "≤ 5 ms"). */
  readonly target?: string;
  readonly met?: boolean;
}

export interface BenchModule {
  readonly name: string;
  run(): Promise<Row[]>;
}

const dir = join(import.meta.dirname, "..", "bench");
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
process.stdout.write(
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\n`,
);

const sections: { name: string; rows: Row[] }[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: BenchModule };
  process.stdout.write(`\n== ${mod.default.name}\n`);
  const rows = await mod.default.run();
  sections.push({ name: mod.default.name, rows });
  for (const r of rows) {
    const target = r.target ? `  target ${r.target} ${r.met === false ? "MISSED" : "met"}` : "";
    process.stdout.write(
      `  ${r.figure.padEnd(58)} ${fmt(r.value).padStart(12)} ${r.unit.padEnd(10)}${target}${r.note ? `  (${r.note})` : ""}\n`,
    );
  }
}

mkdirSync("bench-output", { recursive: true });
writeFileSync(join("bench-output", "bench.json"), `${JSON.stringify({ machine, sections }, null, 2)}\n`);
writeFileSync(join("bench-output", "bench.md"), markdown());
process.stdout.write(
  "\nWritten to bench-output/bench.json (and as a Markdown table, bench-output/bench.md)\n",
);

/** The same table in Markdown, as the README shows it. */
function markdown(): string {
  const cell = (t: string): string => t.replace(/\|/g, "\\|");
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date.slice(0, 10)}.`,
    "",
    "| figure | value | target | how |",
    "|---|---|---|---|",
  ];
  for (const section of sections) {
    lines.push(`| **${cell(section.name)}** | | | |`);
    for (const r of section.rows) {
      const target = r.target ? `${cell(r.target)} ${r.met === false ? "**missed**" : "met"}` : "";
      lines.push(
        `| ${cell(r.figure)} | ${fmt(r.value)} ${cell(r.unit)} | ${target} | ${cell(r.note ?? "")} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function fmt(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(3);
}
