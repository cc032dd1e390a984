import { SceauError } from "../../src/core/errors.ts";

/** The custom error name of a rejected chain call (from `CHAIN_REVERTED` details). */
export async function revertName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SceauError && e.code === "CHAIN_REVERTED") return (e.details as { error: string }).error;
    throw e;
  }
  throw new Error("expected a revert");
}
