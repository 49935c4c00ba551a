import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateArma } from '../arima/simulated-series.fixture';
import { createRng } from '../prophet/prng';
import { arimaModel } from './arima';

const ctx = (seasonLength: number) => ({ seasonLength, seed: 7 });
const series = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 120 });
const seasonLength = fc.constantFrom(1, 4, 12, 52);

describe('arimaModel', () => {
  it('always returns horizon finite numbers with the mean inside its interval', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 20 }), seasonLength, (y, horizon, m) => {
        const f = arimaModel.forecast(y, horizon, ctx(m));
        expect(f.mean).toHaveLength(horizon);
        expect(f.lower95).toHaveLength(horizon);
        expect(f.upper95).toHaveLength(horizon);
        for (let h = 0; h < horizon; h++) {
          expect(Number.isFinite(f.mean[h]) && Number.isFinite(f.lower95![h]) && Number.isFinite(f.upper95![h])).toBe(true);
          expect(f.lower95![h]!).toBeLessThanOrEqual(f.mean[h]! + 1e-9);
          expect(f.upper95![h]!).toBeGreaterThanOrEqual(f.mean[h]! - 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(series, seasonLength, (y, m) => {
        expect(arimaModel.forecast(y, 8, ctx(m))).toEqual(arimaModel.forecast([...y], 8, ctx(m)));
      }),
      { numRuns: 30 },
    );
  });

  it('scales with the data: forecasting c·y gives c times the forecast of y', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (seed, c) => {
        const y = simulateArma(80, seed, { phi: 0.5, mean: 20, sigma: 3 });
        const base = arimaModel.forecast(y, 6, ctx(1));
        const scaled = arimaModel.forecast(y.map((v) => v * c), 6, ctx(1));
        for (const key of ['mean', 'lower95', 'upper95'] as const) {
          base[key]!.forEach((v, h) => expect(scaled[key]![h]! / c).toBeCloseTo(v, 5));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('falls back to the last value for empty, short, constant or non-finite histories', () => {
    expect(arimaModel.forecast([], 3, ctx(1)).mean).toEqual([0, 0, 0]);
    expect(arimaModel.forecast([4], 2, ctx(1)).mean).toEqual([4, 4]);
    expect(arimaModel.forecast([1, 2, 3], 2, ctx(12)).mean).toEqual([3, 3]);
    const constant = arimaModel.forecast(Array.from({ length: 40 }, () => 9), 3, ctx(12));
    expect(constant).toEqual({ mean: [9, 9, 9], lower95: [9, 9, 9], upper95: [9, 9, 9] });
    expect(arimaModel.forecast([1, 2, Number.NaN, 4, 5, 6, 7], 2, ctx(1)).mean).toEqual([7, 7]);
    expect(arimaModel.forecast([1, 2, 3, 4, 5, 6, 7], 0, ctx(1)).mean).toEqual([]);
  });

  it('follows a yearly pattern in weekly data through the seasonal adjustment', () => {
    const rng = createRng(3);
    const pattern = (t: number) => 100 + 20 * Math.sin((2 * Math.PI * t) / 52);
    const y = Array.from({ length: 260 }, (_, t) => pattern(t) + rng.normal());
    const f = arimaModel.forecast(y, 13, ctx(52));
    const error = f.mean.reduce((s, v, h) => s + Math.abs(v - pattern(260 + h)), 0) / 13;
    expect(error).toBeLessThan(2.5);
  });

  it('fits only the last 520 observations', () => {
    const y = simulateArma(600, 5, { phi: 0.6, mean: 50 });
    const older = [...Array.from({ length: 100 }, (_, t) => 1e4 * Math.cos(t)), ...y];
    expect(arimaModel.forecast(older, 5, ctx(1))).toEqual(arimaModel.forecast(y, 5, ctx(1)));
  });

  it('covers about 95% of simulated futures with its 95% interval', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const path = simulateArma(124, 500 + seed, { phi: 0.6, mean: 30, sigma: 2 });
      const f = arimaModel.forecast(path.slice(0, 120), 4, ctx(1));
      path.slice(120).forEach((actual, h) => {
        total++;
        if (actual >= f.lower95![h]! && actual <= f.upper95![h]!) inside++;
      });
    }
    expect(inside / total).toBeGreaterThan(0.9);
    expect(inside / total).toBeLessThan(0.99);
  });
});
