import { describe, expect, it } from 'vitest';
import { adidaModel, adidaRate, aggregate, aggregationLevel } from './intermittent-adida.js';
import { sesBest, sesFit } from './intermittent-demand.js';

const ctx = { seasonLength: 1, seed: 1 };

describe('ADIDA', () => {
  it('aggregates into buckets ending at the last period, dropping the oldest remainder', () => {
    expect(aggregate([1, 2, 3, 4, 5], 2)).toEqual([5, 9]);
    expect(aggregate([1, 2, 3], 1)).toEqual([1, 2, 3]);
    expect(aggregate([1, 2], 3)).toEqual([]);
  });

  it('uses the rounded mean interval between demands as the bucket length', () => {
    // Demand at 2, 5 and 10: intervals 3, 3, 5 → mean 11/3 → 4.
    expect(aggregationLevel([0, 0, 6, 0, 0, 3, 0, 0, 0, 0, 9, 0])).toBe(4);
    expect(aggregationLevel([1, 2, 3])).toBe(1);
    expect(aggregationLevel([0, 0])).toBe(1);
  });

  it('forecasts the SES level of the bucket totals, spread evenly over a bucket', () => {
    // Buckets of 4: [6, 3, 9]. In-sample SSE 9 + (3 + 3α)² is smallest at α = 0.05:
    // level 6 → 5.85 → 5.85 + 0.05·3.15 = 6.0075, so 6.0075 / 4 a period.
    const y = [0, 0, 6, 0, 0, 3, 0, 0, 0, 0, 9, 0];
    expect(sesBest([6, 3, 9]).alpha).toBe(0.05);
    expect(adidaRate(y)).toBeCloseTo(6.0075 / 4, 12);
    expect(adidaModel.forecast(y, 2, ctx).mean).toEqual([adidaRate(y), adidaRate(y)]);
  });

  it('is SES on a series with demand every period', () => {
    const y = [10, 12, 9, 11, 30, 10];
    expect(adidaModel.forecast(y, 1, ctx).mean[0]).toBeCloseTo(sesBest(y).level, 12);
  });

  it('SES follows its recursion', () => {
    // Level 2 → 2 + 0.5·(4 − 2) = 3 → 3 + 0.5·(0 − 3) = 1.5; errors 2 and −3.
    expect(sesFit([2, 4, 0], 0.5)).toEqual({ alpha: 0.5, level: 1.5, mse: (4 + 9) / 2 });
  });
});
