/**
 * The extract's vocabulary that needs no validation library: languages, proceeding statuses and
 * amounts in centimes. Apart from `extract.ts` (which re-exports it) so that the verification
 * page, which decodes seals but never validates an extract, does not carry zod.
 * @module
 */

export const LANGUAGES = ["fr", "de", "it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const ENTRY_STATUSES = [
  "payment-order",
  "objection",
  "seizure",
  "realisation",
  "paid",
  "extinguished",
] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Proceedings that are still running, so their amount counts as open. */
export const OPEN_STATUSES: ReadonlySet<EntryStatus> = new Set([
  "payment-order",
  "objection",
  "seizure",
  "realisation",
]);

/** Centimes of a validated decimal CHF amount. */
export function amountToCents(amount: string): number {
  const dot = amount.indexOf(".");
  if (dot < 0) return Number(amount) * 100;
  const cents = Number(amount.slice(dot + 1));
  return Number(amount.slice(0, dot)) * 100 + (amount.length - dot === 2 ? cents * 10 : cents);
}
