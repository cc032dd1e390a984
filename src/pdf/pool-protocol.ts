/**
 * The messages between the PDF pool (`pool.ts`) and its worker threads (`pool-worker.ts`): a task
 * to render revision 1 or to stamp a seal, and its answer (bytes, or the error's code and message).
 * @module
 */
import type { RenderInput } from "../issuer/ports.ts";

export type PoolRequest =
  | { readonly id: number; readonly kind: "render"; readonly input: RenderInput }
  | { readonly id: number; readonly kind: "stamp"; readonly revision1: Uint8Array; readonly qrText: string };

export type PoolResponse =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: { readonly message: string; readonly code?: string; readonly details?: unknown };
    };
