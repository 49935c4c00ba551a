import { describe, expect, it } from 'vitest';
import { coverage, mase, msis, naiveScale, owa, scoreSet, smape } from './metrics';

describe('M4 scores', () => {
  it('sMAPE is 200·|e|/(|y|+|ŷ|) averaged, and 0 where both are 0', () => {
    expect(smape([100, 0], [110, 0])).toBeCloseTo((200 * 10) / 210 / 2, 10);
    expect(smape([1], [-1])).toBe(200);
  });

  it('MASE divides the forecast error by the in-sample naive error at lag m', () => {
    expect(naiveScale([1, 3, 2, 6])).toBeCloseTo((2 + 1 + 4) / 3, 12);
    expect(naiveScale([1, 2, 3, 5, 7], 2)).toBeCloseTo((2 + 3 + 4) / 3, 12);
    expect(naiveScale([5, 5, 5])).toBeNull();
    expect(mase([10, 12], [11, 10], 2)).toBeCloseTo(1.5 / 2, 12);
  });

  it('MSIS adds 40× the miss (α = 0.05) to the width, scaled', () => {
    // width 2 everywhere; the second value is 3 above the upper bound
    expect(msis([1, 6], [0, 0], [2, 2], 1)).toBeCloseTo((2 + 2 + 40 * 4) / 2, 10);
    expect(msis([1], [0], [2], 2)).toBeCloseTo(1, 12);
    expect(coverage([1, 6, 2], [0, 0, 0], [2, 2, 2])).toBeCloseTo(2 / 3, 12);
  });

  it('OWA of Naive2 against itself is 1 and halves both relative errors', () => {
    expect(owa({ smape: 9, mase: 2 }, { smape: 9, mase: 2 })).toBe(1);
    expect(owa({ smape: 4.5, mase: 2 }, { smape: 9, mase: 2 })).toBeCloseTo(0.75, 12);
  });

  it('scores a set by averaging each measure over series first', () => {
    const set = scoreSet([
      { history: [1, 2, 3], actual: [4], mean: [4], lower95: [3], upper95: [5] },
      { history: [10, 10, 12], actual: [12], mean: [11], lower95: [11.5], upper95: [11.8] },
    ]);
    expect(set.mase).toBeCloseTo((0 + 1 / 1) / 2, 12);
    expect(set.coverage95).toBe(0.5);
    expect(set.smape).toBeCloseTo((0 + (200 * 1) / 23) / 2, 12);
  });
});
