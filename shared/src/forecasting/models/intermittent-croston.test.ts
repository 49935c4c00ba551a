import { describe, expect, it } from 'vitest';
import { crostonBest, crostonFit, crostonModel, sbaModel } from './intermittent-croston.js';
import { INTERMITTENT_ALPHAS } from './intermittent-demand.js';

const ctx = { seasonLength: 1, seed: 1 };
// Demand of 3 in period 2, 5 in period 4 and 2 in period 8.
const y = [0, 0, 3, 0, 5, 0, 0, 0, 2];

describe('Croston and SBA', () => {
  it('follows the recursion by hand: sizes and intervals updated only when demand happens', () => {
    // Start: size 3, interval 3 (periods 0–2). Period 4: interval 2 → size 3.2, interval 2.9.
    // Period 8: interval 4 → size 3.2 + 0.1·(2 − 3.2) = 3.08, interval 2.9 + 0.1·(4 − 2.9) = 3.01.
    const fit = crostonFit(y, 0.1, 0.1);
    expect(fit.rate).toBeCloseTo(3.08 / 3.01, 12);
    // One-step errors from period 3 on: −1, 4, then −3.2/2.9 three times, then 2 − 3.2/2.9.
    const f = 3.2 / 2.9;
    expect(fit.mse).toBeCloseTo((1 + 16 + 3 * f * f + (2 - f) ** 2) / 6, 12);
  });

  it('SBA scales the rate by 1 − α_interval / 2', () => {
    expect(crostonFit(y, 0.1, 0.1, 'sba').rate).toBeCloseTo(0.95 * (3.08 / 3.01), 12);
    expect(crostonFit(y, 0.3, 0.2, 'sba').rate).toBeCloseTo(0.9 * crostonFit(y, 0.3, 0.2).rate, 12);
  });

  it('chooses the constants with the smallest in-sample error on the grid', () => {
    const best = crostonBest(y, 'croston');
    for (const a of INTERMITTENT_ALPHAS) for (const b of INTERMITTENT_ALPHAS) {
      expect(best.mse).toBeLessThanOrEqual(crostonFit(y, a, b).mse);
    }
    expect(crostonModel.forecast(y, 3, ctx).mean).toEqual([best.rate, best.rate, best.rate]);
  });

  it('forecasts the only demand size over its interval when there was one demand', () => {
    // Nothing after the demand to score: the first constants are kept; rate = 6 / 4.
    expect(crostonModel.forecast([0, 0, 0, 6], 2, ctx).mean).toEqual([1.5, 1.5]);
  });

  it('forecasts zero without demand, and for an empty history', () => {
    expect(sbaModel.forecast([0, 0, 0], 2, ctx).mean).toEqual([0, 0]);
    expect(crostonModel.forecast([], 1, ctx).mean).toEqual([0]);
  });

  it('reads returns and missing values as no demand', () => {
    const clean = crostonModel.forecast([0, 2, 0, 4, 0, 3], 1, ctx).mean;
    expect(crostonModel.forecast([-5, 2, Number.NaN, 4, -1, 3], 1, ctx).mean).toEqual(clean);
  });
});
