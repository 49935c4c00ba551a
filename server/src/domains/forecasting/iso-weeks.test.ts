import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, forecastWindow, isIsoDay, mondayOf, overlapDays } from './iso-weeks';

describe('ISO weeks', () => {
  it('starts every week on its Monday, across years and leap days', () => {
    expect(mondayOf('2026-03-04')).toBe('2026-03-02'); // a Wednesday
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // Sunday ends the ISO week
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(mondayOf('2024-03-01')).toBe('2024-02-26');
    expect(mondayOf('1969-12-31')).toBe('1969-12-29');
  });

  it('puts any day within the six days after its Monday, which is a Monday', () => {
    const day = fc.integer({ min: -20_000, max: 40_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(day, (iso) => {
      const monday = mondayOf(iso);
      expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(monday <= iso && addDays(monday, 6) >= iso).toBe(true);
    }));
  });

  it('counts the days a span shares with a week', () => {
    expect(overlapDays('2026-03-02', '2026-02-20', '2026-03-03')).toBe(2);
    expect(overlapDays('2026-03-02', '2026-03-01', '2026-03-20')).toBe(7);
    expect(overlapDays('2026-03-02', '2026-03-08', '2026-03-08')).toBe(1);
    expect(overlapDays('2026-03-02', '2026-03-09', '2026-03-20')).toBe(0);
  });

  it('reads the complete weeks before the current one and forecasts from the current week', () => {
    const window = forecastWindow('2026-03-04', 3, 2);
    expect(window.history).toEqual(['2026-02-09', '2026-02-16', '2026-02-23']);
    expect(window.future).toEqual(['2026-03-02', '2026-03-09']);
    // On a Monday the week just ended is the last complete one.
    expect(forecastWindow('2026-03-09', 1, 1)).toEqual({ history: ['2026-03-02'], future: ['2026-03-09'] });
  });

  it('recognises real days only', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2026-3-1')).toBe(false);
  });
});
