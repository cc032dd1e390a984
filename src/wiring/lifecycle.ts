/**
 * Starting and stopping the service's parts: the list of things to stop, and the crash tests'
 * failpoints.
 * @module
 */
import type { Failpoint } from "../issuer/service.ts";
import type { Logger } from "../core/log.ts";
import { errorFields } from "../log.ts";

export type Closer = () => Promise<void> | void;

/**
 * Things to stop, in reverse order of start. Stopping goes on past a failing step (logged), so
 * one stuck part never keeps the chain or the journal open.
 */
export function shutdownList(log: Logger): { closers: Closer[]; close: () => Promise<void> } {
  const closers: Closer[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (e) {
        log("warn", "Error while stopping.", errorFields(e));
      }
    }
  };
  return { closers, close };
}

/** Kills the process outright the `count`-th time `name` is reached: crash tests only. */
export function failpointOf(fp: { name: string; count: number }, log: Logger): (name: Failpoint) => void {
  let seen = 0;
  return (name) => {
    if (name !== fp.name || ++seen < fp.count) return;
    log("warn", "Failpoint reached: killing the process.", { failpoint: name });
    process.kill(process.pid, "SIGKILL");
    // SIGKILL to oneself is not instant everywhere: make sure nothing else runs meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
}
