import { FinanceInputError } from './finance-input-error';

// Calendar days as integers (days since 1970-01-01, UTC), so the engine compares and subtracts
// dates with plain arithmetic. Conversions use Howard Hinnant's civil-date algorithms instead of
// Date objects: the engine parses hundreds of thousands of dates per load.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!);

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};

/** The day number of an ISO day or timestamp; NaN when it is not one (no throw: the hot path). */
export function parseDay(iso: string): number {
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  if (Number.isNaN(year + month + day) || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return Number.NaN;
  if (iso.length > 10 && iso[10] !== 'T' && iso[10] !== ' ') return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** Why `iso` is not a day, for error messages. */
function dayError(iso: string): FinanceInputError {
  return new FinanceInputError(/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(iso) ? `"${iso}" is not a calendar date` : `"${iso}" is not an ISO date (YYYY-MM-DD)`);
}

/** The day number of an ISO day (`2026-03-31`) or of the day part of an ISO timestamp. */
export function dayNumber(iso: string): number {
  const day = parseDay(iso);
  if (Number.isNaN(day)) throw dayError(iso);
  return day;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function isoDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(iso: string, days: number): string {
  return isoDay(dayNumber(iso) + days);
}

/** The first day of the month holding `day`. */
export function monthStartOf(day: number): number {
  const [, , d] = civilFromDays(day);
  return day - d + 1;
}

/** The last day of the month holding `day`. */
export function monthEndOf(day: number): number {
  const [y, m, d] = civilFromDays(day);
  return day - d + daysIn(y, m);
}

/** The first day of the month `months` after (or before, when negative) the month holding `day`. */
export function addMonths(day: number, months: number): number {
  const [y, m] = civilFromDays(day);
  const index = y * 12 + (m - 1) + months;
  return daysFromCivil(Math.floor(index / 12), (index % 12 + 12) % 12 + 1, 1);
}

/** Index of the last element of an ascending list that is ≤ value, or −1. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0, hi = sorted.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
