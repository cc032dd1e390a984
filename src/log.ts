/**
 * Structured logs: one JSON object per line on stderr. Callers pass facts (ids, counts, hashes),
 * never personal data or secrets.
 * @module
 */
import type { Logger, LogLevel } from "./core/log.ts";

const ORDER: Record<LogLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger writing lines at `minimum` and above; a thrown value in `error` is written as {@link errorFields} says. */
export function createLogger(
  minimum: LogLevel | "silent",
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  return (level, message, fields = {}) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message };
    for (const [key, value] of Object.entries(fields)) {
      if (key === "error" && value !== undefined && typeof value !== "string")
        Object.assign(entry, errorFields(value));
      else entry[key] = value;
    }
    write(`${JSON.stringify(entry)}\n`);
  };
}

/** Loggable facts about an error: its code and message, and the cause's message, never a stack of user data. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) {
    const code = "code" in e ? (e as { code: unknown }).code : undefined;
    const cause = e.cause instanceof Error ? e.cause.message : undefined;
    return {
      error: e.message,
      ...(code === undefined ? {} : { code }),
      ...(cause === undefined ? {} : { cause }),
    };
  }
  return { error: String(e) };
}
