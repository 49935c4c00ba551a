// When a scheduled report is due: daily, or weekly on an ISO weekday (1 = Monday), at a whole hour
// of the schedule's own time zone, so "Monday 07:00 Europe/London" stays 07:00 across the clock
// changes. The time-zone arithmetic is Intl's: no table of our own to go stale.

export type Cadence = { kind: 'daily'; hour: number; timeZone: string } | { kind: 'weekly'; weekday: number; hour: number; timeZone: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone (`Europe/London`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** The wall-clock reading of an instant in a time zone. */
function wallClock(instant: number, timeZone: string): Wall {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far the zone is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the zone's clocks read `hour`:00 on a day. In the hour skipped when clocks go
 * forward it is the first instant after the gap; in the hour repeated when they go back, the first.
 */
export function zonedHour(day: { year: number; month: number; day: number }, hour: number, timeZone: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour);
  // The zone's offsets either side of the day: the same but around a clock change.
  const candidates = [...new Set([offsetAt(wall - 86_400_000, timeZone), offsetAt(wall, timeZone), offsetAt(wall + 86_400_000, timeZone)])]
    .map((offset) => wall - offset).sort((a, b) => a - b);
  const exact = candidates.find((t) => wallClock(t, timeZone).hour === hour);
  // None reads `hour` when the clocks skip it: the later candidate is the first instant after the gap.
  return new Date(exact ?? candidates.at(-1)!);
}

/** The ISO day (`2026-03-30`) it is in the zone at an instant. */
export function localDay(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
function isoWeekday(day: { year: number; month: number; day: number }): number {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The first due slot strictly after `after`. */
export function nextRunAt(cadence: Cadence, after: Date): Date {
  const today = wallClock(after.getTime(), cadence.timeZone);
  for (let offset = 0; offset <= 8; offset++) {
    const noon = new Date(Date.UTC(today.year, today.month - 1, today.day + offset, 12));
    const day = { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate() };
    if (cadence.kind === 'weekly' && isoWeekday(day) !== cadence.weekday) continue;
    const at = zonedHour(day, cadence.hour, cadence.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error(`no slot within 8 days for ${JSON.stringify(cadence)}`);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "weekly on Monday at 07:00 Europe/London", "daily at 18:00 UTC". */
export function describeCadence(cadence: Cadence): string {
  const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const at = `at ${String(cadence.hour).padStart(2, '0')}:00 ${cadence.timeZone}`;
  return cadence.kind === 'daily' ? `daily ${at}` : `weekly on ${names[cadence.weekday - 1]} ${at}`;
}
