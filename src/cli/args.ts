/**
 * Argument parsing shared by the commands: strict `node:util` parsing, the usage on a mistake
 * (exit status 2) and on `--help` (exit status 0).
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

const HELP_OPTION = { help: { type: "boolean", short: "h", default: false } } as const;

type Parsed<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: T & typeof HELP_OPTION }>
>;

/**
 * The parsed arguments, or the exit status when the command has nothing more to do: the usage
 * was printed for `--help` (0) or for arguments it cannot parse (2).
 */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
  usage: string,
): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...HELP_OPTION } });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${usage}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}
