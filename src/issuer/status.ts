/**
 * What the issuer answers about extracts, batches and revocations: pure projections of the
 * journal's rows, with hashes as hex and times as ISO strings. One rule for the chain's side of a
 * batch holds everywhere: a transaction hash once one was sent (not while sealed), a block and a
 * time only once anchored.
 * @module
 */
import type { ExtractState } from "../core/chain.ts";
import { toHex } from "../core/bytes.ts";
import { isoFromUnix } from "../core/dates.ts";
import { reasonName, type RevocationReason } from "../core/revocation.ts";
import type {
  BatchRow,
  BatchState,
  ExtractMeta,
  ListedExtract,
  RevocationRow,
  RevocationScope,
  RevocationState,
} from "./ports.ts";

export interface RevocationStatus {
  readonly scope: RevocationScope;
  readonly reason: RevocationReason | `code-${number}`;
  /** `pending` until the revocation's receipt is stored. */
  readonly state: "pending" | "recorded";
  readonly requestedAt: string;
  readonly revokedAt: string | null;
  readonly txHash: string | null;
}

/** A revocation as the office's listing shows it. */
type RevocationSummary = Pick<RevocationStatus, "scope" | "reason" | "state" | "revokedAt">;

export interface ExtractStatus {
  readonly id: string;
  readonly office: string;
  readonly reference: string | null;
  readonly state: ExtractState;
  readonly issuedAt: string;
  readonly batch: {
    readonly root: string;
    readonly txHash: string | null;
    readonly blockNumber: number | null;
    readonly anchoredAt: string | null;
    /** Confirmations of the including block when last looked at (it counts as one). */
    readonly confirmations: number | null;
  } | null;
  readonly revocation: RevocationStatus | null;
}

export interface BatchStatus {
  readonly root: string;
  readonly office: string | null;
  readonly size: number;
  readonly state: ExtractState;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  readonly anchoredAt: string | null;
  readonly confirmations: number | null;
  readonly extracts: readonly string[];
  readonly revocation: RevocationStatus | null;
}

export interface ListItem {
  readonly id: string;
  readonly reference: string | null;
  readonly debtorName: string | null;
  readonly issuedAt: string;
  readonly state: ExtractState;
  readonly batch: {
    readonly root: string;
    readonly txHash: string | null;
    readonly blockNumber: number | null;
  } | null;
  readonly revocation: RevocationSummary | null;
}

/** What an extract's state is, given its batch's (null: not batched yet) and whether it is final. */
export function stateOf(batch: BatchState | null, final = false): ExtractState {
  if (batch === "anchored") return final ? "final" : "anchored";
  return batch === "anchoring" ? "anchoring" : "pending";
}

/** The chain's side of a batch: a transaction once sent, a block and a time once anchored. */
function onChain(
  state: BatchState | null,
  txHash: string | null,
  blockNumber: number | null,
  anchoredAt: number | null,
  confirmations: number | null = null,
): {
  txHash: string | null;
  blockNumber: number | null;
  anchoredAt: string | null;
  confirmations: number | null;
} {
  const anchored = state === "anchored";
  return {
    txHash: state === "sealed" ? null : txHash,
    blockNumber: anchored ? blockNumber : null,
    anchoredAt: anchored && anchoredAt !== null ? isoFromUnix(anchoredAt) : null,
    confirmations: anchored ? confirmations : null,
  };
}

function revocationSummary(r: {
  readonly scope: RevocationScope;
  readonly reason: number;
  readonly state: RevocationState;
  readonly revokedAt: number | null;
}): RevocationSummary {
  const recorded = r.state === "recorded";
  return {
    scope: r.scope,
    reason: reasonName(r.reason),
    state: recorded ? "recorded" : "pending",
    revokedAt: recorded && r.revokedAt !== null ? isoFromUnix(r.revokedAt) : null,
  };
}

export function revocationStatus(r: RevocationRow): RevocationStatus {
  const s = revocationSummary(r);
  return {
    scope: s.scope,
    reason: s.reason,
    state: s.state,
    requestedAt: new Date(r.requestedAt).toISOString(),
    revokedAt: s.revokedAt,
    txHash: r.state === "recorded" ? r.txHash : null,
  };
}

/** An extract's status, from its row, its batch (null: not batched) and its revocation. */
export function extractStatus(
  meta: ExtractMeta,
  batch: BatchRow | null,
  revocation: RevocationRow | null,
): ExtractStatus {
  return {
    id: meta.id,
    office: meta.office,
    reference: meta.reference,
    state: stateOf(batch?.state ?? null, batch?.final ?? false),
    issuedAt: isoFromUnix(meta.issuedAt),
    batch: batch
      ? {
          root: toHex(batch.root),
          ...onChain(batch.state, batch.txHash, batch.blockNumber, batch.anchoredAt, batch.confirmations),
        }
      : null,
    revocation: revocation ? revocationStatus(revocation) : null,
  };
}

/** A batch's status, with its extracts' ids in leaf order. */
export function batchStatus(
  b: BatchRow,
  extracts: readonly string[],
  revocation: RevocationRow | null,
): BatchStatus {
  return {
    root: toHex(b.root),
    office: b.office,
    size: b.size,
    state: stateOf(b.state, b.final),
    ...onChain(b.state, b.txHash, b.blockNumber, b.anchoredAt, b.confirmations),
    extracts,
    revocation: revocation ? revocationStatus(revocation) : null,
  };
}

/** One line of the office's listing. */
export function listItem(r: ListedExtract): ListItem {
  let batch: ListItem["batch"] = null;
  if (r.root) {
    const chain = onChain(r.batchState, r.txHash, r.blockNumber, null);
    batch = { root: toHex(r.root), txHash: chain.txHash, blockNumber: chain.blockNumber };
  }
  return {
    id: r.id,
    reference: r.reference,
    debtorName: r.debtorName,
    issuedAt: isoFromUnix(r.issuedAt),
    state: stateOf(r.batchState, r.batchFinal),
    batch,
    revocation: r.revocation ? revocationSummary(r.revocation) : null,
  };
}
