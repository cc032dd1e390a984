/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, compared as strings (their order is
 * chronological), computed in UTC so the result never depends on the machine's time zone.
 * @module
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date between 1900-01-01 and 2999-12-31. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days in `month` (1–12) of `year`, leap years counted. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The UTC calendar date of a Unix time in seconds. */
export function isoDateOf(unixSeconds: number): IsoDate {
  return isoFromUnix(unixSeconds).slice(0, 10);
}

/** The ISO 8601 date and time (UTC, `…T…Z`) of a Unix time in seconds, as block times are. */
export function isoFromUnix(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** `date` moved by whole years, clamping 29 February to the 28th. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const year = y + years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
