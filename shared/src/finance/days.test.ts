import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayNumber, isoDay, lastAtOrBefore, monthEndOf, monthStartOf } from './days';

describe('days', () => {
  it('turns ISO days and timestamps into day numbers and back', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-03-31T23:59:59.000Z')).toBe(dayNumber('2026-03-31'));
    expect(isoDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('refuses what is not a calendar date, naming it', () => {
    expect(() => dayNumber('31/03/2026')).toThrow('"31/03/2026" is not an ISO date');
    expect(() => dayNumber('2026-02-30')).toThrow('"2026-02-30" is not a calendar date');
  });

  it('finds month starts and ends, and moves by months', () => {
    const d = dayNumber('2026-02-14');
    expect(isoDay(monthStartOf(d))).toBe('2026-02-01');
    expect(isoDay(monthEndOf(d))).toBe('2026-02-28');
    expect(isoDay(addMonths(d, -2))).toBe('2025-12-01');
    expect(isoDay(addMonths(d, 11))).toBe('2027-01-01');
  });

  it('finds the last entry at or before a value', () => {
    expect(lastAtOrBefore([1, 3, 3, 7], 0)).toBe(-1);
    expect(lastAtOrBefore([1, 3, 3, 7], 3)).toBe(2);
    expect(lastAtOrBefore([1, 3, 3, 7], 6)).toBe(2);
    expect(lastAtOrBefore([1, 3, 3, 7], 99)).toBe(3);
  });
});

describe('days against Date', () => {
  it('agrees with Date.UTC on every day from 1900 to 2100', () => {
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2100, 11, 31); ms += 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      const day = ms / 86_400_000;
      if (dayNumber(iso) !== day || isoDay(day) !== iso) throw new Error(`${iso}: ${dayNumber(iso)} vs ${day}, ${isoDay(day)}`);
      if (isoDay(monthStartOf(day)) !== `${iso.slice(0, 8)}01`) throw new Error(`month start of ${iso}`);
    }
  });
});
