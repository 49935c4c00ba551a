/** ISO weeks on `YYYY-MM-DD` days, computed in UTC so the answer never depends on the machine. */
const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && isoOfDay(dayNumber(text)) === text;
}

/** The Monday that starts the ISO week holding `iso`. */
export function mondayOf(iso: string): string {
  const day = dayNumber(iso);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return isoOfDay(day - weekday);
}

/** Days of [from, to] (inclusive) that fall in the week starting `monday`. */
export function overlapDays(monday: string, from: string, to: string): number {
  const start = Math.max(dayNumber(monday), dayNumber(from));
  const end = Math.min(dayNumber(monday) + 6, dayNumber(to));
  return Math.max(0, end - start + 1);
}

export interface ForecastWindow {
  /** Mondays of the complete weeks of history, oldest first. */
  history: string[];
  /** Mondays of the weeks forecast, h = 1…horizon; the first is the week holding `asOf`. */
  future: string[];
}

/**
 * The weeks a forecast made on `asOf` reads and predicts: the last `historyWeeks` complete ISO
 * weeks before the one holding `asOf` (which is still being sold), then `horizon` weeks from it.
 */
export function forecastWindow(asOf: string, historyWeeks: number, horizon: number): ForecastWindow {
  const current = mondayOf(asOf);
  return {
    history: Array.from({ length: historyWeeks }, (_, i) => addDays(current, -7 * (historyWeeks - i))),
    future: Array.from({ length: horizon }, (_, i) => addDays(current, 7 * i)),
  };
}
