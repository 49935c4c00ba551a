import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCadence, isTimeZone, localDay, nextRunAt, zonedHour, type Cadence } from './report-cadence';

const at = (iso: string) => new Date(iso);
const next = (cadence: Cadence, after: string) => nextRunAt(cadence, at(after)).toISOString();

describe('when a scheduled report is due', () => {
  it('runs daily at the hour of its zone, the same day when the hour is still to come', () => {
    const cadence: Cadence = { kind: 'daily', hour: 7, timeZone: 'Europe/London' };
    // Winter: London is UTC.
    expect(next(cadence, '2026-01-15T06:59:59Z')).toBe('2026-01-15T07:00:00.000Z');
    expect(next(cadence, '2026-01-15T07:00:00Z')).toBe('2026-01-16T07:00:00.000Z');
    // Summer: 07:00 BST is 06:00 UTC.
    expect(next(cadence, '2026-07-01T12:00:00Z')).toBe('2026-07-02T06:00:00.000Z');
  });

  it('keeps the wall-clock hour across the clock changes', () => {
    const cadence: Cadence = { kind: 'daily', hour: 7, timeZone: 'Europe/Berlin' };
    // Clocks go forward on 29 March 2026 at 02:00 CET.
    expect(next(cadence, '2026-03-28T07:00:00Z')).toBe('2026-03-29T05:00:00.000Z');
    expect(next(cadence, '2026-03-27T07:00:00Z')).toBe('2026-03-28T06:00:00.000Z');
    // 02:00 does not exist that night: the first instant after the gap (03:00 CEST = 01:00 UTC).
    expect(next({ ...cadence, hour: 2 }, '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
    // 02:00 happens twice on 25 October 2026: the first time (02:00 CEST = 00:00 UTC).
    expect(next({ ...cadence, hour: 2 }, '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:00:00.000Z');
    // New York falls back on 1 November 2026: 09:00 is 13:00 UTC the day before, 14:00 UTC from then on.
    const newYork: Cadence = { kind: 'daily', hour: 9, timeZone: 'America/New_York' };
    expect(next(newYork, '2026-10-31T12:00:00Z')).toBe('2026-10-31T13:00:00.000Z');
    expect(next(newYork, '2026-10-31T13:00:00Z')).toBe('2026-11-01T14:00:00.000Z');
  });

  it('runs weekly on its ISO weekday, a whole week on when this week\'s slot has passed', () => {
    const monday: Cadence = { kind: 'weekly', weekday: 1, hour: 7, timeZone: 'UTC' };
    // 2026-03-30 is a Monday.
    expect(next(monday, '2026-03-27T10:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(next(monday, '2026-03-30T07:00:00Z')).toBe('2026-04-06T07:00:00.000Z');
    expect(next({ kind: 'weekly', weekday: 7, hour: 23, timeZone: 'Asia/Tokyo' }, '2026-03-29T13:59:00Z')).toBe('2026-03-29T14:00:00.000Z');
  });

  it('is always after the moment asked about, on the right weekday and hour of the zone', () => {
    const zones = ['UTC', 'Europe/London', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(fc.property(
      fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }), fc.constantFrom(...zones), fc.integer({ min: 0, max: 23 }), fc.option(fc.integer({ min: 1, max: 7 })),
      (after, timeZone, hour, weekday) => {
        const cadence: Cadence = weekday === null ? { kind: 'daily', hour, timeZone } : { kind: 'weekly', weekday, hour, timeZone };
        const due = nextRunAt(cadence, after);
        expect(due.getTime()).toBeGreaterThan(after.getTime());
        expect(due.getTime() - after.getTime()).toBeLessThanOrEqual((weekday === null ? 1 : 7) * 86_400_000 + 3_600_000);
        const wall = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', weekday: 'short' }).formatToParts(due);
        const shownHour = Number(wall.find((p) => p.type === 'hour')!.value);
        // Only an hour the clocks skip is shown as the hour after it.
        expect([hour, (hour + 1) % 24]).toContain(shownHour);
        if (weekday !== null) expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(wall.find((p) => p.type === 'weekday')!.value) + 1).toBe(weekday);
      },
    ), { numRuns: 300 });
  });

  it('knows time zones, local days and how to say the cadence', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(localDay(at('2026-03-29T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    expect(localDay(at('2026-03-29T23:30:00Z'), 'America/Chicago')).toBe('2026-03-29');
    expect(zonedHour({ year: 2026, month: 1, day: 1 }, 0, 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
    expect(describeCadence({ kind: 'weekly', weekday: 1, hour: 7, timeZone: 'Europe/London' })).toBe('weekly on Monday at 07:00 Europe/London');
    expect(describeCadence({ kind: 'daily', hour: 18, timeZone: 'UTC' })).toBe('daily at 18:00 UTC');
  });
});
