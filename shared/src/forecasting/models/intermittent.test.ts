import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalModel } from '../model.js';
import {
  adidaModel, classifyDemand, crostonModel, intermittentMethodFor, intermittentModel, sbaModel, showsObsolescence, tsbModel,
} from './intermittent.js';

const ctx = { seasonLength: 1, seed: 1 };
const models: LocalModel[] = [crostonModel, sbaModel, tsbModel, adidaModel, intermittentModel];

// Non-negative histories, mostly zeros, with sizes far from the subnormal range so that scaling
// by a power of two is exact.
const demand = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, fc.double({ min: 0.01, max: 1e6, noNaN: true }));
const history = fc.array(demand, { maxLength: 80 });
const horizon = fc.integer({ min: 1, max: 20 });

describe('intermittent-demand models', () => {
  it('return `horizon` finite, non-negative forecasts no higher than the largest demand', () => {
    fc.assert(fc.property(history, horizon, (y, h) => {
      const top = Math.max(0, ...y);
      for (const model of models) {
        const mean = model.forecast(y, h, ctx).mean;
        expect(mean).toHaveLength(h);
        for (const v of mean) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(top * (1 + 1e-12));
        }
      }
    }));
  });

  it('are deterministic', () => {
    fc.assert(fc.property(history, horizon, (y, h) => {
      for (const model of models) expect(model.forecast(y, h, ctx).mean).toEqual(model.forecast([...y], h, ctx).mean);
    }));
  });

  it('do not depend on the unit: scaling the history scales the forecast', () => {
    fc.assert(fc.property(history, (y) => {
      const scaled = y.map((v) => v * 4);
      for (const model of models) {
        expect(model.forecast(scaled, 3, ctx).mean).toEqual(model.forecast(y, 3, ctx).mean.map((v) => v * 4));
      }
    }));
  });
});

describe('intermittentModel', () => {
  it('uses SBA for intermittent and lumpy demand', () => {
    const intermittent = [0, 0, 3, 0, 0, 4, 0, 3, 0, 0, 5, 0];
    const lumpy = [0, 0, 1, 0, 0, 40, 0, 2, 0, 0, 25, 0];
    expect(classifyDemand(intermittent)).toBe('intermittent');
    expect(classifyDemand(lumpy)).toBe('lumpy');
    expect(intermittentMethodFor(intermittent)).toBe('sba');
    expect(intermittentMethodFor(lumpy)).toBe('sba');
    expect(intermittentModel.forecast(lumpy, 4, ctx)).toEqual(sbaModel.forecast(lumpy, 4, ctx));
  });

  it('uses ADIDA (here SES) for smooth and erratic demand', () => {
    expect(intermittentMethodFor([5, 6, 5, 7, 6, 5])).toBe('adida');
    expect(intermittentMethodFor([1, 30, 2, 45, 1, 3])).toBe('adida');
    expect(intermittentModel.forecast([5, 6, 5, 7, 6, 5], 2, ctx)).toEqual(adidaModel.forecast([5, 6, 5, 7, 6, 5], 2, ctx));
  });

  it('uses TSB once the run of zeros is longer than any gap before', () => {
    const fading = [3, 0, 4, 0, 5, 0, 0, 0, 0, 0, 0, 0];
    expect(showsObsolescence(fading)).toBe(true);
    expect(intermittentMethodFor(fading)).toBe('tsb');
    expect(intermittentModel.forecast(fading, 3, ctx)).toEqual(tsbModel.forecast(fading, 3, ctx));
    // A gap as long as an earlier one is just the item's rhythm.
    expect(showsObsolescence([2, 0, 0, 0, 3, 0, 0, 0])).toBe(false);
  });

  it('forecasts zero for a history without demand (classified intermittent)', () => {
    expect(classifyDemand([0, 0, 0])).toBe('intermittent');
    expect(intermittentModel.forecast([0, 0, 0], 2, ctx).mean).toEqual([0, 0]);
  });
});
