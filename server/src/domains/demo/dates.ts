/** Calendar arithmetic on ISO `YYYY-MM-DD` days, always in UTC so the output never depends on the machine. */
const DAY_MS = 86_400_000;

export function toDayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** 0 = Monday … 6 = Sunday (ISO weekday minus one). */
export function weekdayOf(iso: string): number {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Day of the year, 0-based. */
export function dayOfYear(iso: string): number {
  return toDayNumber(iso) - toDayNumber(`${iso.slice(0, 4)}-01-01`);
}

export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && fromDayNumber(toDayNumber(text)) === text;
}

/** Yesterday in UTC: the default end of the demo history, so a fresh start looks current. */
export function yesterdayUtc(now: Date = new Date()): string {
  return fromDayNumber(Math.floor(now.getTime() / DAY_MS) - 1);
}

export function timestamp(iso: string, hour: number, minute = 0): string {
  return `${iso}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
}
