// Xero's JSON carries dates the old Microsoft way: `/Date(1546128000000+0000)/`, milliseconds since
// the epoch (UTC) with an informative zone offset that does not move the instant. Some fields also
// come as ISO strings (`DateString`, `2019-01-05T00:00:00`), which Xero means as UTC.

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** The instant a Xero date names, or null when the text is not one of Xero's date forms. */
export function parseXeroDate(value: string): Date | null {
  const ms = MS_DATE.exec(value);
  if (ms) return new Date(Number(ms[1]));
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  // An ISO date without a zone is UTC in Xero's API, not the server's local time.
  const date = new Date(ISO_LOCAL.test(value) ? `${value.length === 10 ? `${value}T00:00:00` : value}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `YYYY-MM-DD` of the instant in UTC (Xero's invoice and payment dates are midnight UTC). */
export function toDateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Xero's own form for dates it reads and writes: `/Date(ms+0000)/`. */
export function formatXeroDate(date: Date | number): string {
  return `/Date(${typeof date === 'number' ? date : date.getTime()}+0000)/`;
}

/**
 * The `If-Modified-Since` value Xero documents: a UTC timestamp `yyyy-mm-ddThh:mm:ss`. Seconds are
 * the finest unit it reads, so the instant is rounded down: a record changed in the same second
 * comes again, which the upserts absorb, rather than being missed.
 */
export function formatIfModifiedSince(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** Reads an `If-Modified-Since` as Xero does: its UTC timestamp form, or an HTTP date. */
export function parseIfModifiedSince(value: string): Date | null {
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value) ? new Date(`${value}Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
