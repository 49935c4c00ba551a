import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalModel } from '../model.js';
import { dampedModel, etsModel, forecastEts, forecastEtsForm, holtModel, sesModel } from './ets.js';

/** Seeded normal draws (mulberry32 + Box–Muller). */
function normals(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const ctx = (seasonLength: number) => ({ seasonLength, seed: 1 });
const models: LocalModel[] = [etsModel, sesModel, holtModel, dampedModel];

describe('exponential smoothing models', () => {
  it('extend a perfect straight line (Holt, and the automatic choice)', () => {
    const y = Array.from({ length: 30 }, (_, t) => 3 + 2 * t);
    for (const model of [holtModel, etsModel]) {
      const { mean } = model.forecast(y, 5, ctx(1));
      mean.forEach((v, i) => expect(v).toBeCloseTo(3 + 2 * (30 + i), 4));
    }
  });

  it('simple exponential smoothing forecasts the last smoothed level, flat', () => {
    const noise = normals(3);
    const y = Array.from({ length: 50 }, () => 20 + noise());
    const f = forecastEtsForm(y, 4, 1, { error: 'A', trend: 'N', season: 'N' });
    const { alpha } = f.fit!.params;
    // Re-run ℓ_t = α·y_t + (1 − α)·ℓ_{t−1} from the fitted initial level (fits are on y / mean|y|).
    let level = (f.fit!.initial.level * y.reduce((s, v) => s + Math.abs(v), 0)) / y.length;
    for (const v of y) level = alpha * v + (1 - alpha) * level;
    f.mean.forEach((v) => expect(v).toBeCloseTo(level, 8));
    // And its interval widens as √(1 + (h − 1)·α²).
    const width = f.upper95!.map((u, i) => u - f.lower95![i]!);
    width.forEach((w, i) => expect((w / width[0]!) ** 2).toBeCloseTo(1 + i * alpha * alpha, 8));
  });

  it('recover a seasonal pattern (additive, and multiplicative with a trend)', () => {
    const pattern = [5, -3, 1, -3];
    const additive = Array.from({ length: 48 }, (_, t) => 50 + pattern[t % 4]!);
    forecastEts(additive, 8, 4).mean.forEach((v, i) => expect(v).toBeCloseTo(50 + pattern[(48 + i) % 4]!, 4));

    const noise = normals(11);
    const shape = [0.8, 0.9, 1.0, 1.1, 1.3, 1.4, 1.3, 1.1, 1.0, 0.9, 0.7, 0.5];
    const truth = (t: number) => (100 + 2 * t) * shape[t % 12]!;
    const y = Array.from({ length: 96 }, (_, t) => truth(t) * (1 + 0.01 * noise()));
    const f = forecastEts(y, 12, 12);
    expect(f.fit!.spec.season).not.toBe('N');
    f.mean.forEach((v, i) => expect(Math.abs(v / truth(96 + i) - 1)).toBeLessThan(0.03));
  });

  it('remove a long (52-week) season by decomposition and put it back on the forecasts', () => {
    const noise = normals(5);
    const truth = (t: number) => 200 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 52));
    const y = Array.from({ length: 208 }, (_, t) => truth(t) * (1 + 0.02 * noise()));
    const f = forecastEts(y, 13, 52);
    expect(f.deseasonalized).toBe(true);
    f.mean.forEach((v, i) => expect(Math.abs(v / truth(208 + i) - 1)).toBeLessThan(0.05));
    // Without the season length the forecast is flat-ish and misses the pattern.
    const blind = forecastEts(y, 13, 1);
    expect(blind.deseasonalized).toBe(false);
  });

  it('damped trends flatten: each step adds φ times the previous one', () => {
    const noise = normals(8);
    const y = Array.from({ length: 60 }, (_, t) => 100 + 1.5 * t + 2 * noise());
    const f = forecastEtsForm(y, 12, 1, { error: 'A', trend: 'Ad', season: 'N' });
    const phi = f.fit!.params.phi;
    expect(phi).toBeGreaterThanOrEqual(0.8);
    expect(phi).toBeLessThanOrEqual(0.98);
    for (let h = 2; h < 12; h++) {
      const step = f.mean[h]! - f.mean[h - 1]!;
      const previous = f.mean[h - 1]! - f.mean[h - 2]!;
      expect(step).toBeCloseTo(phi * previous, 8);
      expect(Math.abs(step)).toBeLessThan(Math.abs(previous));
    }
  });

  it('AICc picks a trend for a trending series and none for white noise', () => {
    const noise = normals(21);
    const trending = Array.from({ length: 100 }, (_, t) => 50 + 0.5 * t + noise());
    const white = Array.from({ length: 100 }, () => 50 + noise());
    expect(forecastEts(trending, 6, 1).fit!.spec.trend).not.toBe('N');
    expect(forecastEts(white, 6, 1).fit!.spec.trend).toBe('N');
  });

  it('multiplicative forms only for strictly positive data', () => {
    const noise = normals(2);
    const y = Array.from({ length: 80 }, (_, t) => 5 + 0.1 * t + 3 * noise());
    y[10] = 0;
    expect(forecastEts(y, 3, 1).fit!.spec.error).toBe('A');
  });

  it('are deterministic', () => {
    const noise = normals(4);
    const y = Array.from({ length: 120 }, (_, t) => 30 + Math.sin(t / 3) * 5 + noise());
    for (const model of models) expect(model.forecast(y, 10, ctx(4))).toEqual(model.forecast([...y], 10, ctx(4)));
  });

  it('fall back to the last value when there is nothing to fit', () => {
    for (const model of models) {
      expect(model.forecast([], 3, ctx(1)).mean).toEqual([0, 0, 0]);
      expect(model.forecast([7], 2, ctx(1)).mean).toEqual([7, 7]);
      expect(model.forecast([1, 2], 2, ctx(1)).mean).toEqual([2, 2]);
      expect(model.forecast([4, 4, 4, 4, 4, 4, 4, 4], 2, ctx(4)).mean).toEqual([4, 4]);
      expect(model.forecast([0, 0, 0, 0, 0, 0, 0, 0], 2, ctx(1)).mean).toEqual([0, 0]);
      expect(model.forecast([1, 2, NaN, 3], 2, ctx(1)).mean).toEqual([3, 3]);
      expect(model.forecast([1, 2, 3, 4], 0, ctx(1)).mean).toEqual([]);
    }
  });

  it('always return `horizon` finite numbers, with an ordered interval when they give one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 70 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(1, 4, 12, 52),
        (y, horizon, m) => {
          for (const model of models) {
            const f = model.forecast(y, horizon, ctx(m));
            expect(f.mean).toHaveLength(horizon);
            expect(f.mean.every(Number.isFinite)).toBe(true);
            if (f.lower95 || f.upper95) {
              expect(f.lower95).toHaveLength(horizon);
              expect(f.upper95).toHaveLength(horizon);
              f.mean.forEach((v, i) => {
                expect(f.lower95![i]!).toBeLessThanOrEqual(v);
                expect(f.upper95![i]!).toBeGreaterThanOrEqual(v);
              });
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scale with the data: c·y gives c times the forecasts', () => {
    const positiveSeries = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 8, maxLength: 60 });
    fc.assert(
      fc.property(positiveSeries, fc.integer({ min: -20, max: 20 }), fc.constantFrom(1, 4), (y, k, m) => {
        // Powers of two scale exactly, so the fits are the same to the last bit.
        const c = 2 ** k;
        for (const model of models) {
          const base = model.forecast(y, 6, ctx(m));
          const scaled = model.forecast(y.map((v) => v * c), 6, ctx(m));
          expect(scaled.mean).toEqual(base.mean.map((v) => v * c));
          expect(scaled.upper95).toEqual(base.upper95?.map((v) => v * c));
        }
      }),
      { numRuns: 40 },
    );
    // Any other factor changes the data's last bits, so the optimiser may stop elsewhere in a flat
    // likelihood: equal within a tolerance. (Not asserted for seasonal models on such wild short
    // series: a multiplicative season's likelihood has several optima there, and a rescaled series
    // can settle in another; the realistic seasonal case follows.)
    fc.assert(
      fc.property(positiveSeries, fc.double({ min: 0.01, max: 100, noNaN: true }), (y, c) => {
        for (const model of models) {
          const base = model.forecast(y, 6, ctx(1)).mean;
          const scaled = model.forecast(y.map((v) => v * c), 6, ctx(1)).mean;
          const size = Math.max(...base.map(Math.abs), 1e-9);
          scaled.forEach((v, i) => expect(Math.abs(v - c * base[i]!) / (c * size)).toBeLessThan(1e-6));
        }
      }),
      { numRuns: 40 },
    );
    const noise = normals(13);
    const shape = [0.8, 0.9, 1.0, 1.1, 1.3, 1.4, 1.3, 1.1, 1.0, 0.9, 0.7, 0.5];
    const monthly = Array.from({ length: 60 }, (_, t) => (100 + t) * shape[t % 12]! * (1 + 0.05 * noise()));
    const base = etsModel.forecast(monthly, 12, ctx(12)).mean;
    for (const c of [0.013, 911]) {
      etsModel.forecast(monthly.map((v) => v * c), 12, ctx(12)).mean.forEach((v, i) => expect(v / c).toBeCloseTo(base[i]!, 6));
    }
  });
});
