import { describe, expect, test } from "vitest";
import { invariant, isSceauError } from "./errors.ts";

describe("invariant", () => {
  test("behavior: a kept invariant returns, a broken one is INTERNAL naming what broke", () => {
    expect(() => {
      invariant(true, "never");
    }).not.toThrow();
    let caught: unknown;
    try {
      invariant(0, "a batch has at least one leaf");
    } catch (e) {
      caught = e;
    }
    expect(isSceauError(caught, "INTERNAL")).toBe(true);
    expect((caught as Error).message).toBe("Invariant broken: a batch has at least one leaf");
  });
});
