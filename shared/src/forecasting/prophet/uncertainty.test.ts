import { describe, expect, it } from 'vitest';
import { buildDesign, alignRegressors } from './design';
import { createRng } from './prng';
import { simulateInterval } from './uncertainty';

const design = buildDesign(100, 12, 1, alignRegressors(undefined, 100, 100, 12));
const point = new Float64Array(12).fill(5);

describe('simulateInterval', () => {
  it('is ±1.96σ around the point when the trend never changed', () => {
    const { lower, upper } = simulateInterval(point, design, new Float64Array(25), 0.5, 100, createRng(1), 20_000);
    for (let h = 0; h < 12; h++) {
      expect(lower[h]).toBeCloseTo(5 - 1.96 * 0.5, 1);
      expect(upper[h]).toBeCloseTo(5 + 1.96 * 0.5, 1);
    }
  });

  it('widens with the horizon when the history had trend changes', () => {
    const deltas = new Float64Array(25).fill(0.4);
    const { lower, upper } = simulateInterval(point, design, deltas, 0.01, 100, createRng(2), 4000);
    expect(upper[11]! - lower[11]!).toBeGreaterThan(1.5 * (upper[1]! - lower[1]!));
  });

  it('is reproducible from the seed', () => {
    const deltas = new Float64Array(25).fill(0.1);
    const a = simulateInterval(point, design, deltas, 0.2, 100, createRng(9));
    const b = simulateInterval(point, design, deltas, 0.2, 100, createRng(9));
    expect(a).toEqual(b);
  });
});
