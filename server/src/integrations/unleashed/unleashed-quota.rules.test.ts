import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextQuotaReset, quotaLevel, quotaPeriod } from './unleashed-quota.rules';

describe('the monthly quota calendar', () => {
  it('counts by calendar month in UTC, whatever the local time', () => {
    expect(quotaPeriod(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03');
    expect(quotaPeriod(new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-04');
    // 1 April 00:30 in Auckland is still March in UTC.
    expect(quotaPeriod(new Date('2026-04-01T00:30:00+13:00'))).toBe('2026-03');
  });

  it('resets on the 1st of the next month at 00:00 UTC, across a year end', () => {
    expect(nextQuotaReset(new Date('2026-01-31T12:00:00Z')).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-12-15T08:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-05-01T00:00:00Z')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('the reset is the first instant of the next period, for any moment', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), (at) => {
      const reset = nextQuotaReset(at);
      expect(reset.getTime()).toBeGreaterThan(at.getTime());
      expect(quotaPeriod(new Date(reset.getTime() - 1))).toBe(quotaPeriod(at));
      expect(quotaPeriod(reset)).not.toBe(quotaPeriod(at));
      expect(reset.getUTCDate()).toBe(1);
      expect(reset.toISOString().slice(10)).toBe('T00:00:00.000Z');
    }));
  });

  it('warns at 80 %, 95 % and 100 %', () => {
    expect([0, 79, 80, 94, 95, 99, 100, 120].map((calls) => quotaLevel(calls, 100))).toEqual([0, 0, 80, 80, 95, 95, 100, 100]);
    // A quota that does not divide evenly: 80 % of 7 is 5.6 calls, so the 6th call crosses it.
    expect([5, 6, 7].map((calls) => quotaLevel(calls, 7))).toEqual([0, 80, 100]);
  });
});
