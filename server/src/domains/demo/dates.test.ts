import { describe, expect, it } from 'vitest';
import { addDays, dayOfYear, isIsoDay, weekdayOf, yesterdayUtc } from './dates';

describe('ISO day arithmetic', () => {
  it('crosses month ends, leap days and clock changes without drifting', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(addDays('2025-06-30', -729)).toBe('2023-07-02');
    expect(dayOfYear('2024-12-31')).toBe(365);
  });

  it('numbers weekdays from Monday', () => {
    expect(weekdayOf('2025-06-30')).toBe(0);
    expect(weekdayOf('2025-06-29')).toBe(6);
  });

  it('accepts only real calendar days', () => {
    expect(isIsoDay('2025-06-30')).toBe(true);
    expect(isIsoDay('2025-02-29')).toBe(false);
    expect(isIsoDay('2025-6-30')).toBe(false);
  });

  it('takes yesterday in UTC, whatever the local time', () => {
    expect(yesterdayUtc(new Date('2025-07-01T00:30:00+02:00'))).toBe('2025-06-29');
    expect(yesterdayUtc(new Date('2025-07-01T23:59:00Z'))).toBe('2025-06-30');
  });
});
