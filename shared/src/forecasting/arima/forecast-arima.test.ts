import { describe, expect, it } from 'vitest';
import type { ArimaFit } from './fit-arima';
import { forecastArima } from './forecast-arima';

function fixedFit(order: Partial<ArimaFit['order']>, params: number[], sigma2: number): ArimaFit {
  return {
    order: { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: false, ...order },
    params: Float64Array.from(params),
    sigma2,
    loglik: 0,
    aicc: 0,
    method: 'ml',
  };
}

describe('forecastArima', () => {
  it('carries a random walk forward with a √h-widening standard error', () => {
    const y = [3, 5, 4, 8, 7];
    const { mean, se } = forecastArima(y, fixedFit({ d: 1 }, [], 4), 4);
    expect(Array.from(mean)).toEqual([7, 7, 7, 7]);
    Array.from(se).forEach((s, h) => expect(s).toBeCloseTo(2 * Math.sqrt(h + 1), 12));
  });

  it('extends a random walk with drift by the drift', () => {
    const { mean } = forecastArima([1, 2, 4, 5], fixedFit({ d: 1, constant: true }, [0.5], 1), 3);
    Array.from(mean).forEach((v, h) => expect(v).toBeCloseTo(5 + 0.5 * (h + 1), 12));
  });

  it('decays an AR(1) towards its mean as φʰ, with variance σ²Σφ²ʲ', () => {
    const phi = 0.8;
    const mu = 10;
    const { mean, se } = forecastArima([9, 11, 12, 14], fixedFit({ p: 1, constant: true }, [phi, mu], 2), 5);
    for (let h = 1; h <= 5; h++) {
      expect(mean[h - 1]).toBeCloseTo(mu + phi ** h * (14 - mu), 12);
      let sum = 0;
      for (let j = 0; j < h; j++) sum += phi ** (2 * j);
      expect(se[h - 1]).toBeCloseTo(Math.sqrt(2 * sum), 12);
    }
  });

  it('repeats the last season of a seasonal random walk', () => {
    const y = [1, 5, 3, 2, 6, 4];
    const { mean, se } = forecastArima(y, fixedFit({ D: 1, m: 3 }, [], 1), 6);
    expect(Array.from(mean)).toEqual([2, 6, 4, 2, 6, 4]);
    expect(Array.from(se)).toEqual([1, 1, 1, Math.SQRT2, Math.SQRT2, Math.SQRT2]);
  });

  it('uses the last shock in an MA(1) one step ahead only', () => {
    // With θ = 0.5 and y = [0, 2] (mean 0): e₀ = 0 (conditioning), e₁ = 2, so ŷ₁ = 1 and then 0.
    const { mean, se } = forecastArima([0, 2], fixedFit({ q: 1 }, [0.5], 1), 3);
    expect(Array.from(mean)).toEqual([1, 0, 0]);
    expect(se[1]).toBeCloseTo(Math.sqrt(1.25), 12);
  });
});
