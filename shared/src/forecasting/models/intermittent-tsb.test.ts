import { describe, expect, it } from 'vitest';
import { crostonModel } from './intermittent-croston.js';
import { INTERMITTENT_ALPHAS } from './intermittent-demand.js';
import { tsbBest, tsbFit, tsbModel } from './intermittent-tsb.js';

const ctx = { seasonLength: 1, seed: 1 };

describe('TSB', () => {
  it('follows the recursion by hand: probability every period, size on demand', () => {
    // Start: probability 2/4 = 0.5, size (4 + 2) / 2 = 3; α_p = 0.2, α_size = 0.5.
    // t0 (0): forecast 1.5; p 0.4.           t1 (4): forecast 1.2; p 0.52, size 3.5.
    // t2 (0): forecast 1.82; p 0.416.        t3 (2): forecast 1.456; p 0.5328, size 2.75.
    const fit = tsbFit([0, 4, 0, 2], 0.2, 0.5);
    expect(fit.rate).toBeCloseTo(0.5328 * 2.75, 12);
    expect(fit.mse).toBeCloseTo((1.5 ** 2 + 2.8 ** 2 + 1.82 ** 2 + 0.544 ** 2) / 4, 12);
  });

  it('chooses the constants with the smallest in-sample error on the grid', () => {
    const y = [0, 3, 0, 0, 5, 0, 2, 0, 0, 0, 4, 0];
    const best = tsbBest(y);
    for (const a of INTERMITTENT_ALPHAS) for (const b of INTERMITTENT_ALPHAS) {
      expect(best.mse).toBeLessThanOrEqual(tsbFit(y, a, b).mse);
    }
  });

  it('lowers the forecast of an item that stopped selling, where Croston keeps the old rate', () => {
    const selling = [3, 0, 4, 0, 3, 0, 5, 0, 4, 0, 3, 0];
    const stopped = [...selling, ...Array.from({ length: 12 }, () => 0)];
    const tsbSelling = tsbModel.forecast(selling, 1, ctx).mean[0]!;
    const tsbStopped = tsbModel.forecast(stopped, 1, ctx).mean[0]!;
    expect(tsbStopped).toBeLessThan(tsbSelling / 2);
    expect(crostonModel.forecast(stopped, 1, ctx).mean[0]).toBeCloseTo(crostonModel.forecast(selling, 1, ctx).mean[0]!, 12);
  });

  it('forecasts zero without demand', () => {
    expect(tsbModel.forecast([0, 0], 3, ctx).mean).toEqual([0, 0, 0]);
  });
});
