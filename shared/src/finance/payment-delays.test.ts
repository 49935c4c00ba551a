import { describe, expect, it } from 'vitest';
import { delayStats, weightedQuantile, type DelaySample } from './payment-delays';

const sample = (delayDays: number, weight: number): DelaySample => ({ documentId: `d${delayDays}`, contactId: 'c', paidOn: 0, delayDays, daysToPay: delayDays + 30, weight });

describe('payment delays', () => {
  it('weights the quantiles by amount: one big late invoice outweighs small prompt ones', () => {
    const samples = [sample(0, 100), sample(2, 100), sample(40, 800)];
    expect(delayStats(samples)).toEqual({ sampleSize: 3, meanDays: (0 * 100 + 2 * 100 + 40 * 800) / 1000, p10: 0, p50: 40, p90: 40 });
    expect(delayStats(samples, (s) => s.daysToPay)?.p50).toBe(70);
  });

  it('takes the smallest value whose cumulative weight reaches the share', () => {
    const values = [10, 20, 30, 40].map((value) => ({ value, weight: 1 }));
    expect([0.1, 0.25, 0.5, 0.75, 0.9].map((p) => weightedQuantile(values, p))).toEqual([10, 10, 20, 30, 40]);
    expect(weightedQuantile([{ value: 5, weight: 0 }, { value: 7, weight: 0 }], 0.5)).toBe(5);
    expect(weightedQuantile([], 0.5)).toBeNaN();
  });

  it('has no statistics without samples', () => {
    expect(delayStats([])).toBeNull();
  });
});
