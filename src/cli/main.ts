/**
 * `sceau <command> [args]`: thin command-line wrappers around the use cases. Each command lives
 * in its own module and is loaded only when used.
 * @module
 */

interface Command {
  readonly summary: string;
  readonly run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  deploy: async () => (await import("./deploy.ts")).command,
  roles: async () => (await import("./roles.ts")).command,
  issue: async () => (await import("./issue.ts")).command,
  revoke: async () => (await import("./revoke.ts")).command,
  verify: async () => (await import("./verify.ts")).command,
};

function help(): string {
  const lines = ["Usage: sceau <command> [options]", "", "Commands:"];
  for (const name of Object.keys(COMMANDS).sort()) lines.push(`  ${name}`);
  lines.push("  help", "", "Run `sceau <command> --help` for a command's options.");
  return lines.join("\n");
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === "help" || name === "--help" || name === "-h") {
  process.stdout.write(`${help()}\n`);
  process.exit(name ? 0 : 2);
}
const load = COMMANDS[name];
if (!load) {
  process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
  process.exit(2);
}
const command = await load();
process.exit(await command.run(args));
