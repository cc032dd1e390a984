/** The structured logger: JSON lines, and errors written as facts (code, message, cause), never a stack. */
import { describe, expect, test } from "vitest";
import { SceauError } from "../../src/core/errors.ts";
import { createLogger } from "../../src/log.ts";

function capture(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger("debug", (l) => lines.push(JSON.parse(l) as Record<string, unknown>)) };
}

describe("logger", () => {
  test("behavior: a thrown value in the error field is written as its code, message and cause, without a stack", () => {
    const { lines, log } = capture();
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:8545");
    log("warn", "Chain work failed; retrying.", {
      error: new SceauError("CHAIN_UNAVAILABLE", "The chain does not answer.", { cause }),
      retryInMs: 10,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "warn",
      msg: "Chain work failed; retrying.",
      error: "The chain does not answer.",
      code: "CHAIN_UNAVAILABLE",
      cause: "connect ECONNREFUSED 127.0.0.1:8545",
      retryInMs: 10,
    });
    expect(JSON.stringify(lines[0])).not.toContain("    at ");
  });

  test("behavior: a string error, a thrown non-error and an absent error are written as they are", () => {
    const { lines, log } = capture();
    log("error", "a", { error: "already a description" });
    log("error", "b", { error: 42 });
    log("info", "c", { error: undefined, n: 1 });
    expect(lines.map((l) => l.error)).toEqual(["already a description", "42", undefined]);
    expect(lines[2]).toMatchObject({ msg: "c", n: 1 });
  });

  test("behavior: lines below the minimum level are dropped", () => {
    const lines: string[] = [];
    const log = createLogger("warn", (l) => lines.push(l));
    log("info", "dropped");
    log("warn", "kept");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["kept"]);
  });
});
