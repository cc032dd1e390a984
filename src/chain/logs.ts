/**
 * Bounded log queries. Public nodes refuse `eth_getLogs` over long ranges (often more than 1,000
 * to 10,000 blocks) and a query from block 0 of a long chain is slow everywhere: events are
 * searched from the registry's deployment block (`SCEAU_REGISTRY_FROM_BLOCK`) in windows of at
 * most `SCEAU_LOG_RANGE` blocks. A search for the one event of a root goes newest first, where
 * recent anchorings (what the issuer and most verifications ask about) are found in one window.
 * @module
 */

export interface LogWindows {
  /** First block searched: the registry's deployment block (0: the whole chain). */
  readonly fromBlock: number;
  /** Most blocks one `eth_getLogs` call covers. */
  readonly range: number;
}

export const DEFAULT_LOG_WINDOWS: LogWindows = { fromBlock: 0, range: 5000 };

/** One `eth_getLogs` over the blocks `from`..`to`, both included. */
export type LogQuery<T> = (from: number, to: number) => Promise<T[]>;

/** Every match between the deployment block and `toBlock`, oldest first. */
export async function allLogs<T>(query: LogQuery<T>, toBlock: number, w: LogWindows): Promise<T[]> {
  const found: T[] = [];
  for (let from = w.fromBlock; from <= toBlock; from += w.range) {
    found.push(...(await query(from, Math.min(toBlock, from + w.range - 1))));
  }
  return found;
}

/**
 * The newest match at or below `toBlock`, searched window by window from `toBlock` down to the
 * deployment block; null when there is none.
 */
export async function newestLog<T>(query: LogQuery<T>, toBlock: number, w: LogWindows): Promise<T | null> {
  for (let to = toBlock; to >= w.fromBlock; to -= w.range) {
    const logs = await query(Math.max(w.fromBlock, to - w.range + 1), to);
    const last = logs[logs.length - 1];
    if (last !== undefined) return last;
  }
  return null;
}
