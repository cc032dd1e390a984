/**
 * The logger every layer writes to, as a type: the use cases and the adapters take one in their
 * dependencies, `src/log.ts` makes the one that writes JSON lines. Callers pass facts (ids,
 * counts, hashes), never personal data or secrets.
 * @module
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * Writes one log line. The `error` field may hold a thrown value as it is: the logger writes
 * only its code, message and cause's message, so callers never format errors themselves.
 */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;
