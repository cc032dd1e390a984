/**
 * Worker thread body of the PDF pool: renders revision 1 and stamps seals off the main thread.
 * Messages: `{ id, kind: "render", input }` or `{ id, kind: "stamp", revision1, qrText }`;
 * answers `{ id, ok: true, bytes }` (the buffer transferred) or `{ id, ok: false, error }`.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { invariant } from "../core/errors.ts";
import type { PoolRequest, PoolResponse } from "./pool-protocol.ts";
import { renderExtract } from "./render.ts";
import { stampSeal } from "./stamp.ts";

const port = parentPort;
invariant(port, "pool-worker.ts runs as a worker thread");

port.on("message", (m: PoolRequest) => {
  const work: Promise<Uint8Array> =
    m.kind === "render" ? renderExtract(m.input) : stampSeal(m.revision1, m.qrText);
  work.then(
    (bytes) => {
      const reply: PoolResponse = { id: m.id, ok: true, bytes };
      port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
    },
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
      const details = "details" in err ? err.details : undefined;
      const reply: PoolResponse = {
        id: m.id,
        ok: false,
        error: { message: err.message, ...(code === undefined ? {} : { code }), details },
      };
      port.postMessage(reply);
    },
  );
});
