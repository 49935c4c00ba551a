import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestOrigins } from './backtest';
import { combinationWeights } from './combine';
import { calibrateBands } from './conformal';
import { classifyDemand } from './demand-class';
import type { LocalModel } from './model';
import { driftModel, naiveModel } from './models/naive';
import { forecastPanel } from './panel';

const opts = { horizon: 4, seasonLength: 1, seed: 1, models: [naiveModel, driftModel] };

describe('forecastPanel', () => {
  it('weighs the model that backtests better and forecasts with it', async () => {
    const line = Array.from({ length: 40 }, (_, t) => 10 + 2 * t);
    const [result] = await forecastPanel([{ id: 'line', y: line }], opts);
    expect(result!.weights.drift).toBeGreaterThan(0.99);
    expect(result!.mean).toEqual([90, 92, 94, 96].map((v) => expect.closeTo(v, 9)));
    expect(result!.accuracy.mase).toBeCloseTo(0, 9);
    expect(result!.accuracy.bias).toBeCloseTo(0, 9);
  });

  it('keeps both models when they backtest alike and the weights sum to 1', async () => {
    const y = Array.from({ length: 60 }, (_, t) => 50 + 10 * Math.sin(t * 1.7) + (t % 5));
    const [result] = await forecastPanel([{ id: 's', y }], opts);
    const sum = Object.values(result!.weights).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(result!.weights.naive).toBeGreaterThan(0);
  });

  it('gives equal weights and no accuracy to a series too short to backtest', async () => {
    const [result] = await forecastPanel([{ id: 'short', y: [3, 4, 5] }], opts);
    expect(result!.weights).toEqual({ naive: 0.5, drift: 0.5 });
    expect(result!.accuracy).toEqual({ mase: null, smape: null, bias: null });
    expect(result!.mean.every(Number.isFinite)).toBe(true);
  });

  it('never forecasts below zero for non-negative demand', async () => {
    const falling = Array.from({ length: 30 }, (_, t) => Math.max(0, 30 - t * 1.5));
    const [result] = await forecastPanel([{ id: 'f', y: falling }], opts);
    expect(Math.min(...result!.mean, ...result!.lower95)).toBeGreaterThanOrEqual(0);
  });

  it('replaces a model that throws or returns NaN with the naive answer', async () => {
    const broken: LocalModel = { name: 'broken', forecast: () => { throw new Error('diverged'); } };
    const nan: LocalModel = { name: 'nan', forecast: (_y, h) => ({ mean: new Array<number>(h).fill(Number.NaN) }) };
    const [result] = await forecastPanel([{ id: 'x', y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }], { ...opts, models: [broken, nan], horizon: 2 });
    expect(result!.mean).toEqual([12, 12]);
  });

  it('covers about 95% of future values of a random walk panel', async () => {
    let state = 7;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    const walks = Array.from({ length: 300 }, (_, i) => {
      const y = [100];
      for (let t = 1; t < 64; t++) y.push(y[t - 1]! + gauss());
      return { id: `w${i}`, y };
    });
    const train = walks.map((w) => ({ id: w.id, y: w.y.slice(0, 60) }));
    const results = await forecastPanel(train, { ...opts, models: [naiveModel] });
    let inside = 0, total = 0;
    results.forEach((r, i) => walks[i]!.y.slice(60).forEach((v, h) => {
      total++;
      if (v >= r.lower95[h]! && v <= r.upper95[h]!) inside++;
    }));
    expect(inside / total).toBeGreaterThan(0.9);
    expect(inside / total).toBeLessThan(0.99);
  });

  it('is deterministic and reports progress up to the total', async () => {
    const seen: number[] = [];
    const series = [{ id: 'a', y: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14] }, { id: 'b', y: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5] }];
    const a = await forecastPanel(series, { ...opts, onProgress: (done) => seen.push(done) });
    const b = await forecastPanel(series, opts);
    expect(a).toEqual(b);
    expect(seen).toEqual([1, 2]);
  });
});

describe('panel parts', () => {
  it('places backtest origins at the last blocks of the horizon, keeping a minimum to train on', () => {
    expect(backtestOrigins(104, 13, 3, 26)).toEqual([65, 78, 91]);
    expect(backtestOrigins(40, 13, 3, 14)).toEqual([14, 27]);
    expect(backtestOrigins(10, 13, 3, 2)).toEqual([]);
  });

  it('drops models far worse than the best and shrinks the rest towards equal', () => {
    const w = combinationWeights({ a: 1, b: 1.2, c: 3 });
    expect(w.c).toBe(0);
    expect(w.a).toBeGreaterThan(w.b!);
    expect(w.a! + w.b!).toBeCloseTo(1, 12);
  });

  it('weights always sum to 1 and never go negative', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(Number.NaN)), { minKeys: 1 }), (scores) => {
      const weights = Object.values(combinationWeights(scores));
      expect(weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
      expect(weights.every((w) => w >= 0)).toBe(true);
    }));
  });

  it('calibrates bands from normalised errors, pooling steps when there are few', () => {
    const bands = calibrateBands([{ errors: [[1, -2], [0.5, 4]], normaliser: 2 }], 2);
    expect(bands.lower[0]!).toBeLessThanOrEqual(0);
    expect(bands.upper[1]!).toBeGreaterThan(bands.upper[0]!);
  });

  it('classifies demand by interval and size variability', () => {
    expect(classifyDemand([5, 6, 5, 6, 5])).toBe('smooth');
    expect(classifyDemand([1, 20, 2, 30, 1])).toBe('erratic');
    expect(classifyDemand([0, 0, 5, 0, 0, 5, 0, 6])).toBe('intermittent');
    expect(classifyDemand([0, 0, 1, 0, 0, 40, 0, 2])).toBe('lumpy');
    expect(classifyDemand([0, 0, 0])).toBe('intermittent');
  });
});

describe('intervals without a backtest', () => {
  it('fall back to a random walk band growing with the horizon', async () => {
    const [result] = await forecastPanel([{ id: 'short', y: [10, 12, 11, 13] }], { ...opts, horizon: 3 });
    const widths = result!.upper95.map((u, h) => u - result!.lower95[h]!);
    expect(widths[0]!).toBeGreaterThan(0);
    expect(widths[2]!).toBeGreaterThan(widths[0]!);
  });
});

describe('models by demand class', () => {
  it('runs only the listed models for a series of that class and weighs only them', async () => {
    const slow = [0, 0, 3, 0, 0, 0, 4, 0, 0, 2, 0, 0, 0, 5, 0, 0, 3, 0, 0, 0, 2, 0, 0, 4];
    const steady = Array.from({ length: 24 }, (_, t) => 10 + (t % 3));
    const [a, b] = await forecastPanel([{ id: 'slow', y: slow }, { id: 'steady', y: steady }], { ...opts, modelsByClass: { intermittent: ['naive'], lumpy: ['naive'] } });
    expect(a!.demandClass).toBe('intermittent');
    expect(Object.keys(a!.weights)).toEqual(['naive']);
    expect(Object.keys(a!.members)).toEqual(['naive']);
    expect(Object.keys(b!.weights).sort()).toEqual(['drift', 'naive']);
  });
});
