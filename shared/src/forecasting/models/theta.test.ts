import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deseasonalize, reseasonalize } from '../seasonality.js';
import { forecastTheta, linearTrend, thetaModel } from './theta.js';

const ctx = (seasonLength: number) => ({ seasonLength, seed: 1 });
const wiggle = (t: number) => (Math.sin(t * 12.9898) * 43758.5453) % 1; // deterministic noise in (−1, 1)

describe('linearTrend', () => {
  it('is the least-squares line over t = 1…n', () => {
    expect(linearTrend([3, 5, 4, 8])).toEqual({ intercept: 1.5, slope: 1.4 });
  });
});

describe('thetaModel', () => {
  it('on a straight line is SES with drift b/2: the last value plus half the slope per step', () => {
    const y = Array.from({ length: 40 }, (_, t) => 10 + 3 * t);
    // SES on theta line 2 (the line itself) runs with α ≈ 1, so its level is ≈ the last value.
    forecastTheta(y, 6, 1).mean.forEach((v, i) => expect(v).toBeCloseTo(y[39]! + 1.5 * (i + 1), 2));
  });

  it('averages the extrapolated line and the smoothed theta line 2', () => {
    const y = Array.from({ length: 60 }, (_, t) => 50 + 0.4 * t + 5 * wiggle(t));
    const f = forecastTheta(y, 5, 1);
    const { intercept, slope } = linearTrend(y);
    // Consecutive forecasts differ by half the slope of the least-squares line.
    for (let h = 1; h < 5; h++) expect(f.mean[h]! - f.mean[h - 1]!).toBeCloseTo(slope / 2, 10);
    // Half of the first step is the line's value; the rest is an SES level of theta line 2, which
    // lies within that line's range.
    const line2 = y.map((v, t) => 2 * v - (intercept + slope * (t + 1)));
    const sesLevel = 2 * f.mean[0]! - (intercept + slope * 61);
    expect(sesLevel).toBeGreaterThan(Math.min(...line2));
    expect(sesLevel).toBeLessThan(Math.max(...line2));
  });

  it('removes seasonality found by the 90% test and puts it back on the forecasts', () => {
    const pattern = [1.3, 0.8, 1.1, 0.8];
    const y = Array.from({ length: 48 }, (_, t) => (100 + t) * pattern[t % 4]! * (1 + 0.01 * wiggle(t)));
    const adjustment = deseasonalize(y, 4);
    expect(adjustment.seasonal).toBe(true);
    const onAdjusted = forecastTheta(adjustment.adjusted, 8, 1);
    const f = forecastTheta(y, 8, 4);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(reseasonalize(onAdjusted.mean, adjustment)[i]!, 9));
    f.mean.forEach((v, i) => expect(Math.abs(v / ((148 + i) * pattern[(48 + i) % 4]!) - 1)).toBeLessThan(0.05));
  });

  it('gives a 95% interval that widens as √(1 + (h−1)α²)', () => {
    const y = Array.from({ length: 80 }, (_, t) => 20 + 0.1 * t + 2 * wiggle(t));
    const f = forecastTheta(y, 6, 1);
    const width = f.upper95!.map((u, i) => u - f.lower95![i]!);
    const alpha2 = (width[1]! / width[0]!) ** 2 - 1;
    expect(alpha2).toBeGreaterThan(0);
    expect(alpha2).toBeLessThan(1);
    width.forEach((w, h) => expect((w / width[0]!) ** 2).toBeCloseTo(1 + h * alpha2, 8));
  });

  it('is deterministic and falls back to the last value when there is nothing to fit', () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + wiggle(t));
    expect(thetaModel.forecast(y, 4, ctx(1))).toEqual(thetaModel.forecast([...y], 4, ctx(1)));
    expect(thetaModel.forecast([2, 2, 2, 2], 2, ctx(1)).mean).toEqual([2, 2]);
    expect(thetaModel.forecast([1, 9], 2, ctx(1)).mean).toEqual([9, 9]);
    expect(thetaModel.forecast([], 1, ctx(1)).mean).toEqual([0]);
  });

  it('always returns `horizon` finite numbers and an ordered interval', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 70 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(1, 4, 52), (y, horizon, m) => {
        const f = thetaModel.forecast(y, horizon, ctx(m));
        expect(f.mean).toHaveLength(horizon);
        expect(f.mean.every(Number.isFinite)).toBe(true);
        if (f.lower95) f.mean.forEach((v, i) => expect(f.lower95![i]! <= v && v <= f.upper95![i]!).toBe(true));
      }),
    );
  });

  it('scales with the data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 8, maxLength: 60 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.constantFrom(1, 4), (y, c, m) => {
        const base = thetaModel.forecast(y, 6, ctx(m));
        const scaled = thetaModel.forecast(y.map((v) => v * c), 6, ctx(m));
        const size = Math.max(...base.mean.map(Math.abs));
        scaled.mean.forEach((v, i) => expect(Math.abs(v - c * base.mean[i]!) / (c * size)).toBeLessThan(1e-6));
        scaled.upper95!.forEach((v, i) => expect(Math.abs(v - c * base.upper95![i]!) / (c * size)).toBeLessThan(1e-6));
      }),
    );
  });
});
