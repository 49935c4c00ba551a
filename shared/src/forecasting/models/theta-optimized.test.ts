import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deseasonalize, reseasonalize } from '../seasonality.js';
import { forecastOptimizedTheta, optimizedThetaModel } from './theta-optimized.js';

const ctx = (seasonLength: number) => ({ seasonLength, seed: 1 });
const wiggle = (t: number) => (Math.sin(t * 12.9898) * 43758.5453) % 1;

describe('optimizedThetaModel (dynamic optimised Theta)', () => {
  it('follows a straight line', () => {
    const y = Array.from({ length: 50 }, (_, t) => 10 + 2 * t);
    forecastOptimizedTheta(y, 6, 1).mean.forEach((v, i) => expect(Math.abs(v / (10 + 2 * (50 + i)) - 1)).toBeLessThan(0.01));
  });

  it('turns with a trend that changed: the dynamic trend weighs the recent slope', () => {
    // Up for 40 steps, then down: the static least-squares line would still point up.
    const y = Array.from({ length: 80 }, (_, t) => (t < 40 ? 100 + 2 * t : 180 - 2 * (t - 40)) + wiggle(t));
    const f = forecastOptimizedTheta(y, 5, 1).mean;
    expect(f[4]!).toBeLessThan(f[0]!);
    expect(f[0]!).toBeLessThan(y[79]! + 1);
  });

  it('works on seasonally adjusted data and reseasonalizes', () => {
    const pattern = [1.3, 0.8, 1.1, 0.8];
    const y = Array.from({ length: 48 }, (_, t) => (100 + t) * pattern[t % 4]! * (1 + 0.01 * wiggle(t)));
    const adjustment = deseasonalize(y, 4);
    const expected = reseasonalize(forecastOptimizedTheta(adjustment.adjusted, 8, 1).mean, adjustment);
    forecastOptimizedTheta(y, 8, 4).mean.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9));
  });

  it('always returns `horizon` finite numbers, deterministically', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 70 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(1, 4, 52), (y, horizon, m) => {
        const f = optimizedThetaModel.forecast(y, horizon, ctx(m));
        expect(f.mean).toHaveLength(horizon);
        expect(f.mean.every(Number.isFinite)).toBe(true);
        expect(optimizedThetaModel.forecast(y, horizon, ctx(m))).toEqual(f);
      }),
    );
  });

  it('scales with the data, exactly for powers of two and within the optimiser tolerance otherwise', () => {
    const series = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 8, maxLength: 60 });
    fc.assert(
      fc.property(series, fc.integer({ min: -20, max: 20 }), (y, k) => {
        const c = 2 ** k;
        expect(optimizedThetaModel.forecast(y.map((v) => v * c), 6, ctx(1)).mean).toEqual(optimizedThetaModel.forecast(y, 6, ctx(1)).mean.map((v) => v * c));
      }),
    );
    fc.assert(
      fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), (y, c) => {
        const base = optimizedThetaModel.forecast(y, 6, ctx(1)).mean;
        const size = Math.max(...base.map(Math.abs));
        optimizedThetaModel.forecast(y.map((v) => v * c), 6, ctx(1)).mean.forEach((v, i) => expect(Math.abs(v - c * base[i]!) / (c * size)).toBeLessThan(1e-2));
      }),
    );
  });
});
