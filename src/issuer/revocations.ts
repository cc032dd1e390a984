/**
 * Revocation requests: recorded in the journal at once, sent to the chain by the chain loop
 * once the extract or batch is anchored. Asking again with the same reason answers the same
 * revocation; another reason is a conflict.
 * @module
 */
import { toHex } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import { REVOCATION_REASONS, reasonName, type RevocationReason } from "../core/revocation.ts";
import type { IssuerEvents } from "./events.ts";
import type { Logger } from "../core/log.ts";
import type { BatchRow, ExtractMeta, JournalPort, RevocationRow } from "./ports.ts";
import { revocationStatus, type RevocationStatus } from "./status.ts";

interface RevocationsDeps {
  readonly journal: Pick<JournalPort, "revocations">;
  readonly now: () => number;
  readonly log: Logger;
}

interface RevocationsHooks {
  readonly isStopped: () => boolean;
  readonly events: IssuerEvents;
  /** A revocation was recorded and waits for the chain. */
  readonly requested: () => void;
}

export class Revocations {
  private readonly deps: RevocationsDeps;
  private readonly hooks: RevocationsHooks;

  constructor(deps: RevocationsDeps, hooks: RevocationsHooks) {
    this.deps = deps;
    this.hooks = hooks;
  }

  /**
   * Revokes one extract (its leaf) with a reason.
   * @throws {SceauError} `CONFLICT` when it is revoked already for another reason or with its batch
   */
  revokeExtract(meta: ExtractMeta, reason: RevocationReason): RevocationStatus & { id: number } {
    const { revocations } = this.deps.journal;
    const code = REVOCATION_REASONS[reason];
    const existing = revocations.ofExtract(meta.id);
    if (existing) return sameRevocation(existing, code);
    const ofBatch = meta.batchId === null ? null : revocations.ofBatch(meta.batchId);
    if (ofBatch) {
      throw new SceauError("CONFLICT", "The extract's whole batch is revoked already.", {
        details: { revocation: revocationStatus(ofBatch) },
      });
    }
    const row = revocations.insert({
      office: meta.office,
      scope: "extract",
      extractId: meta.id,
      batchId: null,
      leaf: meta.leaf,
      reason: code,
      requestedAt: this.deps.now(),
    });
    this.deps.log("info", "Revocation requested.", { scope: "extract", id: meta.id, reason });
    this.hooks.requested();
    return { id: row.id, ...revocationStatus(row) };
  }

  /**
   * Revokes a whole batch (its root) with a reason.
   * @throws {SceauError} `CONFLICT` when it is revoked already for another reason
   */
  revokeBatch(batch: BatchRow, reason: RevocationReason): RevocationStatus & { id: number } {
    const { revocations } = this.deps.journal;
    const code = REVOCATION_REASONS[reason];
    const existing = revocations.ofBatch(batch.id);
    if (existing) return sameRevocation(existing, code);
    const row = revocations.insert({
      office: batch.office ?? "",
      scope: "batch",
      extractId: null,
      batchId: batch.id,
      leaf: null,
      reason: code,
      requestedAt: this.deps.now(),
    });
    this.deps.log("info", "Revocation requested.", { scope: "batch", root: toHex(batch.root), reason });
    this.hooks.requested();
    return { id: row.id, ...revocationStatus(row) };
  }

  /**
   * Resolves once the revocation is recorded on chain, or with its state after `timeoutMs`.
   * @throws {SceauError} `NOT_FOUND` for an unknown revocation
   */
  waitRevoked(revocationId: number, timeoutMs: number): Promise<RevocationStatus> {
    const current = (): RevocationStatus => {
      const row = this.deps.journal.revocations.get(revocationId);
      if (!row) throw new SceauError("NOT_FOUND", `No revocation ${revocationId}.`);
      return revocationStatus(row);
    };
    return this.hooks.events.waitFor(
      timeoutMs,
      "revoked",
      () => {
        const s = current();
        return s.state === "recorded" ? s : null;
      },
      current,
      this.hooks.isStopped,
    );
  }
}

/** The existing revocation when it has the same reason. */
function sameRevocation(existing: RevocationRow, code: number): RevocationStatus & { id: number } {
  if (existing.reason !== code) {
    throw new SceauError("CONFLICT", `Revoked already, for the reason ${reasonName(existing.reason)}.`, {
      details: { revocation: revocationStatus(existing) },
    });
  }
  return { id: existing.id, ...revocationStatus(existing) };
}
