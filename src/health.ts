/**
 * Readiness: the service is ready when the chain answers (and the registry is there) and the
 * journal answers and has room to write. Liveness needs nothing but a running event loop.
 * @module
 */
import { statfs } from "node:fs/promises";
import { isSceauError } from "./core/errors.ts";

interface CheckResult {
  readonly ok: boolean;
  readonly ms: number;
  /**
   * Why it is not ok: an error code and our own message for it, never a library's text (which
   * may name paths, hosts or versions).
   */
  readonly error?: { readonly code: string; readonly message: string };
  /** Free space on the journal's file system: for metrics, never for anonymous callers. */
  readonly freeBytes?: number;
}

/** What each failed check says, by code. */
const CHECK_MESSAGES: Record<string, string> = {
  CHAIN_UNAVAILABLE: "The chain node does not answer.",
  REGISTRY_MISSING: "There is no registry contract at the configured address.",
  JOURNAL_UNAVAILABLE: "The journal cannot be read, or its file system is short of space.",
  JOURNAL_IN_USE: "Another Sceau process holds the journal.",
  ALARM:
    "Compromise alarm: the registry shows an anchoring or a role change this service did not make (see the logs).",
  FEE_CAPPED: "The chain's base fee is above SCEAU_MAX_FEE_GWEI: anchoring waits for it to fall.",
};

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<"chain" | "journal" | "issuer" | "anchoring", CheckResult>>;
}

export interface ReadinessDeps {
  /** Resolves when the chain answers and the registry is deployed; throws otherwise. */
  readonly chain: () => Promise<void>;
  /** Throws when the journal cannot be read. */
  readonly journal: () => void;
  /** The journal's directory: its file system's free space is checked. */
  readonly journalDir: string;
  readonly minFreeBytes: number;
  readonly issuerRunning: () => boolean;
  /** Why anchoring cannot go on although the chain answers (a code of {@link CHECK_MESSAGES}); null: it can. */
  readonly anchoringBlocked?: () => string | null;
  /** A chain check unanswered after this long fails. */
  readonly timeoutMs: number;
}

export function createReadiness(deps: ReadinessDeps): () => Promise<Readiness> {
  return async () => {
    const [chain, journal] = await Promise.all([checkChain(deps), checkJournal(deps)]);
    const issuer: CheckResult = deps.issuerRunning()
      ? { ok: true, ms: 0 }
      : { ok: false, ms: 0, error: { code: "STOPPED", message: "The issuer is stopping." } };
    const blocked = deps.anchoringBlocked?.() ?? null;
    const anchoring: CheckResult =
      blocked === null
        ? { ok: true, ms: 0 }
        : {
            ok: false,
            ms: 0,
            error: { code: blocked, message: CHECK_MESSAGES[blocked] ?? "Anchoring is blocked." },
          };
    return {
      ready: chain.ok && journal.ok && issuer.ok && anchoring.ok,
      checks: { chain, journal, issuer, anchoring },
    };
  };
}

async function checkChain(deps: ReadinessDeps): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.chain(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${deps.timeoutMs} ms`));
        }, deps.timeoutMs);
      }),
    ]);
    return { ok: true, ms: elapsed(started) };
  } catch (e) {
    return { ok: false, ms: elapsed(started), error: checkError(e, "CHAIN_UNAVAILABLE") };
  } finally {
    clearTimeout(timer);
  }
}

async function checkJournal(deps: ReadinessDeps): Promise<CheckResult> {
  const started = performance.now();
  try {
    deps.journal();
    const fs = await statfs(deps.journalDir);
    const freeBytes = fs.bavail * fs.bsize;
    if (freeBytes < deps.minFreeBytes) {
      return {
        ok: false,
        ms: elapsed(started),
        freeBytes,
        error: {
          code: "JOURNAL_UNAVAILABLE",
          message: "The journal's file system has less free space than SCEAU_JOURNAL_MIN_FREE_MB.",
        },
      };
    }
    return { ok: true, ms: elapsed(started), freeBytes };
  } catch (e) {
    return { ok: false, ms: elapsed(started), error: checkError(e, "JOURNAL_UNAVAILABLE") };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/**
 * What a failed check answers: the error's code and our own message for it (not a log line: the
 * error itself is never shown, see {@link CHECK_MESSAGES}).
 */
function checkError(e: unknown, fallback: string): { code: string; message: string } {
  const code = isSceauError(e) ? e.code : fallback;
  return { code, message: CHECK_MESSAGES[code] ?? CHECK_MESSAGES[fallback] ?? "The check failed." };
}
