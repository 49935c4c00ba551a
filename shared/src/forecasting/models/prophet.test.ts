import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../prophet/prng';
import { prophetModel } from './prophet';

const ctx = (seasonLength: number, seed = 11) => ({ seasonLength, seed });
const series = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 160 });
const seasonLength = fc.constantFrom(1, 7, 12, 52);

describe('prophetModel', () => {
  it('follows the new slope after a trend change', () => {
    const rng = createRng(5);
    const y = Array.from({ length: 100 }, (_, t) => (t < 70 ? 100 + t : 170 + 3 * (t - 70)) + 0.5 * rng.normal());
    const f = prophetModel.forecast(y, 8, ctx(1));
    f.mean.forEach((v, h) => expect(Math.abs(v - (170 + 3 * (100 + h - 70)))).toBeLessThan(1.5));
    expect(f.mean[7]! - f.mean[0]!).toBeCloseTo(21, 0);
  });

  it('lifts the forecast in promotion weeks by the promotions’ effect', () => {
    const rng = createRng(6);
    const promo = Array.from({ length: 104 }, (_, t) => (t % 8 === 3 ? 1 : 0));
    const y = promo.map((p) => 200 + 40 * p + 3 * rng.normal());
    const future = [0, 0, 1, 0, 0, 0, 0, 0, 0, 1];
    const f = prophetModel.forecast(y, 10, { ...ctx(1), regressors: { history: { promo }, future: { promo: future } } });
    const lift = (f.mean[2]! + f.mean[9]!) / 2 - (f.mean[0]! + f.mean[1]! + f.mean[3]!) / 3;
    expect(lift).toBeGreaterThan(35);
    expect(lift).toBeLessThan(45);
    const without = prophetModel.forecast(y, 10, ctx(1));
    expect(Math.abs(without.mean[2]! - without.mean[1]!)).toBeLessThan(5);
  });

  it('recovers a yearly sine in weekly data from its Fourier terms', () => {
    const rng = createRng(7);
    const pattern = (t: number) => 50 + 10 * Math.sin((2 * Math.PI * t * 7) / 365.25);
    const y = Array.from({ length: 156 }, (_, t) => pattern(t) + rng.normal());
    const f = prophetModel.forecast(y, 26, ctx(52));
    const error = f.mean.reduce((s, v, h) => s + Math.abs(v - pattern(156 + h)), 0) / 26;
    expect(error).toBeLessThan(1);
  });

  it('recovers a weekly cycle in daily data', () => {
    const rng = createRng(8);
    const cycle = [5, 3, 0, -1, -2, -3, -2];
    const y = Array.from({ length: 140 }, (_, t) => 30 + cycle[t % 7]! + 0.3 * rng.normal());
    const f = prophetModel.forecast(y, 14, ctx(7));
    f.mean.forEach((v, h) => expect(Math.abs(v - (30 + cycle[(140 + h) % 7]!))).toBeLessThan(0.6));
  });

  it('always returns horizon finite numbers with the mean inside its interval', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 20 }), seasonLength, (y, horizon, m) => {
        const f = prophetModel.forecast(y, horizon, ctx(m));
        expect(f.mean).toHaveLength(horizon);
        for (let h = 0; h < horizon; h++) {
          expect([f.mean[h], f.lower95![h], f.upper95![h]].every(Number.isFinite)).toBe(true);
          expect(f.lower95![h]!).toBeLessThanOrEqual(f.mean[h]! + 1e-9);
          expect(f.upper95![h]!).toBeGreaterThanOrEqual(f.mean[h]! - 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic for a seed; the seed moves only the interval', () => {
    fc.assert(
      fc.property(series, seasonLength, (y, m) => {
        expect(prophetModel.forecast(y, 6, ctx(m))).toEqual(prophetModel.forecast([...y], 6, ctx(m)));
        expect(prophetModel.forecast(y, 6, ctx(m, 1)).mean).toEqual(prophetModel.forecast(y, 6, ctx(m, 2)).mean);
      }),
      { numRuns: 30 },
    );
  });

  it('scales with the data: forecasting c·y gives c times the forecast of y', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 5, maxLength: 120 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (y, c) => {
        const base = prophetModel.forecast(y, 5, ctx(12));
        const scaled = prophetModel.forecast(y.map((v) => v * c), 5, ctx(12));
        for (const key of ['mean', 'lower95', 'upper95'] as const) {
          base[key]!.forEach((v, h) => expect(scaled[key]![h]! / c).toBeCloseTo(v, 6));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('falls back to the last value for empty, short, constant or non-finite histories', () => {
    expect(prophetModel.forecast([], 2, ctx(1)).mean).toEqual([0, 0]);
    expect(prophetModel.forecast([3, 4, 5], 2, ctx(1)).mean).toEqual([5, 5]);
    expect(prophetModel.forecast(Array.from({ length: 30 }, () => 2), 2, ctx(7))).toEqual({ mean: [2, 2], lower95: [2, 2], upper95: [2, 2] });
    expect(prophetModel.forecast([1, Number.POSITIVE_INFINITY, 3, 4, 5], 2, ctx(1)).mean).toEqual([5, 5]);
    expect(prophetModel.forecast([1, 2, 3, 4, 5], 0, ctx(1)).mean).toEqual([]);
  });
});
