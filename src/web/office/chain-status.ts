/**
 * Whether the chain answers, and whether the service raised its compromise alarm, for the
 * console-wide banners: the service's readiness
 * (`GET /readyz`, its `chain` check) asked every {@link POLL_MS} while signed in, and at once when
 * an extract's PDF is not ready in time. The service being unreachable is not the chain's fault:
 * it leaves the banner as it was (the request that failed says so itself).
 * @module
 */
import { api } from "../api.ts";
import { render, state } from "./state.ts";

const POLL_MS = 10_000;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Asks now, redraws when the answer changes, and asks again later while signed in. */
export async function checkChain(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  try {
    const { body } = await api<{
      checks?: { chain?: { ok?: boolean }; anchoring?: { error?: { code?: string } } };
    }>("/readyz", { ok: [503] });
    const up = body.checks?.chain?.ok !== false;
    // The registry shows an anchoring or a role change this service did not make (docs/anchoring.md).
    const alarm = body.checks?.anchoring?.error?.code === "ALARM";
    if (up !== state.chainUp || alarm !== state.alarm) {
      state.chainUp = up;
      state.alarm = alarm;
      render();
    }
  } catch {
    // The service did not answer: nothing learnt about the chain.
  }
  if (state.office) {
    timer = setTimeout(() => {
      void checkChain();
    }, POLL_MS);
  }
}
