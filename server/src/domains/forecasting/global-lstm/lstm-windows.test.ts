import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '@capliquify/shared/forecasting/prophet/prng';
import { sampleWindows, splitWindows, type TrainSettings } from './lstm-train';
import { cleanHistory, fromScaled, inputLength, inputWindow, originRange, scaledInput, toScaled, windowLevel, windowShape } from './lstm-windows';

const settings: TrainSettings = {
  units: 4, batchSize: 8, learningRate: 0.01, maxEpochs: 1, patience: 1, windowsPerEpoch: 8, maxValidation: 100, recentOrigins: 1000, minInput: 2,
};

describe('LSTM windows', () => {
  it('cuts the window into at most `maxSteps` patches', () => {
    expect(windowShape(13, 4, 104, 4, 10, 4)).toMatchObject({ patch: 13, steps: 4, levelPoints: 4 });
    expect(windowShape(13, 2, 104, 4, 10, 16)).toMatchObject({ patch: 2, steps: 13 });
    expect(windowShape(1, 4, 104, 4, 10, 16)).toMatchObject({ patch: 1, steps: 4 });
    const long = windowShape(52, 4, 104, 4, 10, 16);
    expect(long.steps).toBeLessThanOrEqual(16);
    expect(inputLength(long)).toBeGreaterThanOrEqual(104);
    expect(windowShape(2, 1, 104, 8).levelPoints).toBe(2);
  });

  it('pads a short history with its first value', () => {
    expect(inputWindow([5, 6, 7], 3, 5)).toEqual([5, 5, 5, 6, 7]);
    expect(inputWindow([5, 6, 7, 8], 3, 2)).toEqual([6, 7]);
    expect(inputWindow([], 0, 2)).toEqual([0, 0]);
  });

  it('carries the last good value over missing ones', () => {
    expect(cleanHistory([Number.NaN, 2, Number.POSITIVE_INFINITY, 3])).toEqual([0, 2, 2, 3]);
  });

  it('takes the level from the last values, else the whole window, else 1', () => {
    expect(windowLevel([100, 2, -4], 2)).toBe(3);
    expect(windowLevel([6, 0, 0], 2)).toBe(2);
    expect(windowLevel([0, 0], 2)).toBe(1);
  });

  it('maps the level to 0 and inverts, within e^±12 of the level', () => {
    expect(toScaled(50, 50, 10)).toBeCloseTo(0, 12);
    fc.assert(fc.property(fc.double({ min: -5e4, max: 5e4, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (ratio, level) => {
      const value = ratio * level;
      const back = fromScaled(toScaled(value, level, 10), level, 10);
      expect(Math.abs(back - value)).toBeLessThanOrEqual(1e-7 * Math.max(level, Math.abs(value)));
    }));
  });

  it('keeps a diverged output finite', () => {
    expect(Number.isFinite(fromScaled(1e30, 1, 10))).toBe(true);
    expect(Number.isFinite(fromScaled(-1e30, 1, 10))).toBe(true);
  });

  it('sees a series the same at any scale', () => {
    const shape = windowShape(3, 2, 104, 2, 10);
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e4, noNaN: true })), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (y, scale) => {
      const a = scaledInput(y, y.length, shape);
      const b = scaledInput(y.map((v) => v * scale), y.length, shape);
      b.values.forEach((v, k) => expect(v).toBeCloseTo(a.values[k]!, 6));
    }));
  });

  it('trains only from origins whose targets are inside the history', () => {
    const shape = windowShape(3, 2, 104, 2);
    expect(originRange(10, shape, 2)).toEqual({ from: 2, to: 7 });
    expect(originRange(10, shape, 2, 7)).toEqual({ from: 2, to: 4 });
    expect(originRange(4, shape, 2)).toBeUndefined();
  });

  it('holds out each series\' last window for validation and trains before it', () => {
    const shape = windowShape(3, 2, 104, 2);
    const long = Array.from({ length: 12 }, (_, t) => t + 1);
    const short = [1, 2, 3, 4];
    const { sampler, validation } = splitWindows([long, short], shape, settings);
    expect(validation.count).toBe(1);
    // The long series trains on origins 2…6 (targets end at 8, before the held-out 9, 10, 11).
    expect(sampler.series).toEqual([{ y: long, from: 2, to: 6 }]);
  });

  it('samples the same windows from the same seed', () => {
    const shape = windowShape(3, 2, 104, 2);
    const histories = Array.from({ length: 5 }, (_, i) => Array.from({ length: 30 }, (_, t) => (i + 1) * (t + 1)));
    const { sampler } = splitWindows(histories, shape, settings);
    const a = sampleWindows(sampler, shape, 16, createRng(3));
    const b = sampleWindows(sampler, shape, 16, createRng(3));
    const c = sampleWindows(sampler, shape, 16, createRng(4));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });
});
