import { describe, expect, it } from 'vitest';
import { alignRegressors, buildDesign, PROPHET_DEFAULTS, seasonalitiesFor } from './design';

const none = alignRegressors(undefined, 0, 0, 0);

describe('buildDesign', () => {
  it('places 25 changepoints evenly in the first 90% of the history', () => {
    const design = buildDesign(156, 13, 1, none);
    const cps = Array.from(design.changepoints);
    expect(cps).toHaveLength(25);
    expect(cps[0]!).toBeGreaterThan(0);
    expect(cps[24]!).toBeCloseTo(Math.round(Math.floor(156 * 0.9) - 1) / 155, 12);
    expect(cps.every((c, i) => i === 0 || c > cps[i - 1]!)).toBe(true);
    // intercept, slope, one hinge per changepoint
    expect(design.history).toHaveLength(27);
    expect(Array.from(design.l1.slice(2, 27)).every((w) => w === 1 / PROPHET_DEFAULTS.changepointPriorScale)).toBe(true);
  });

  it('uses fewer changepoints when the history is short', () => {
    expect(buildDesign(10, 3, 1, none).changepoints).toHaveLength(8);
    expect(buildDesign(4, 3, 1, none).changepoints).toHaveLength(2);
  });

  it('continues trend and seasonal columns into the future', () => {
    const design = buildDesign(120, 4, 12, none);
    const slope = design.future[1]!;
    expect(slope[0]).toBeCloseTo(120 / 119, 12);
    const firstSine = design.history.findIndex((_, j) => j > 1 && design.l1[j] === 0);
    // sin(2π·t/12) at t = 120 is the value at t = 0, 12, …
    expect(design.future[firstSine]![0]).toBeCloseTo(design.history[firstSine]![0]!, 9);
  });
});

describe('seasonalitiesFor', () => {
  it('adds the yearly term of weekly data once two years are in', () => {
    expect(seasonalitiesFor(52, 103)).toEqual([]);
    expect(seasonalitiesFor(52, 104)).toEqual([{ period: 365.25 / 7, order: 10 }]);
  });

  it('gives daily data a weekly term and, after two years, a yearly one', () => {
    expect(seasonalitiesFor(7, 100)).toEqual([{ period: 7, order: 3 }]);
    expect(seasonalitiesFor(7, 800)).toEqual([{ period: 7, order: 3 }, { period: 365.25, order: 10 }]);
  });

  it('caps the order at half the season and has none without a season', () => {
    expect(seasonalitiesFor(12, 60)).toEqual([{ period: 12, order: 6 }]);
    expect(seasonalitiesFor(1, 500)).toEqual([]);
  });
});

describe('alignRegressors', () => {
  const history = Array.from({ length: 10 }, (_, t) => t);
  it('keeps 0/1 flags as they are and standardises other regressors on the window', () => {
    const aligned = alignRegressors(
      { history: { promo: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0], price: history.map((t) => 10 + t) }, future: { promo: [1, 0], price: [20, 21] } },
      10,
      6,
      2,
    );
    expect(aligned.names).toEqual(['price', 'promo']);
    expect(Array.from(aligned.history[1]!)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(Array.from(aligned.future[1]!)).toEqual([1, 0]);
    const price = Array.from(aligned.history[0]!);
    expect(price.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(aligned.future[0]![0]).toBeCloseTo((20 - 16.5) / Math.sqrt(3.5), 12);
  });

  it('drops regressors of the wrong length, without enough future, non-finite or constant', () => {
    const aligned = alignRegressors(
      {
        history: { short: [1, 2], noFuture: history, broken: history.map((t) => (t === 3 ? Number.NaN : t)), flat: history.map(() => 1) },
        future: { short: [1], noFuture: [1], broken: [1, 2], flat: [1, 1] },
      },
      10,
      10,
      2,
    );
    expect(aligned.names).toEqual([]);
  });
});
