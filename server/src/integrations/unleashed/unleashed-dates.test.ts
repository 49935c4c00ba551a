import { describe, expect, it } from 'vitest';
import { formatModifiedSince, parseUnleashedDate, toUnleashedDate } from './unleashed-dates';

describe('Unleashed dates', () => {
  it('reads Microsoft JSON dates, with or without an offset (the milliseconds are UTC)', () => {
    expect(parseUnleashedDate('/Date(1546128000000)/')?.toISOString()).toBe('2018-12-30T00:00:00.000Z');
    expect(parseUnleashedDate('/Date(1546128000000+1300)/')?.toISOString()).toBe('2018-12-30T00:00:00.000Z');
  });

  it('reads ISO dates, taking one without a zone as UTC', () => {
    expect(parseUnleashedDate('2026-01-05T08:00:00')?.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(parseUnleashedDate('2026-01-05')?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(parseUnleashedDate('2026-01-05T08:00:00+02:00')?.toISOString()).toBe('2026-01-05T06:00:00.000Z');
  });

  it('returns null for what is not a date', () => {
    expect(parseUnleashedDate('/Date(abc)/')).toBeNull();
    expect(parseUnleashedDate('yesterday')).toBeNull();
  });

  it('writes modifiedSince to the second, floored, in UTC', () => {
    expect(formatModifiedSince(new Date('2026-01-05T08:00:00.999Z'))).toBe('2026-01-05T08:00:00');
  });

  it('round-trips its own answers', () => {
    const at = new Date('2026-02-03T04:05:06.789Z');
    expect(parseUnleashedDate(toUnleashedDate(at))?.getTime()).toBe(at.getTime());
  });
});
