import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './prng';

const draw = (seed: number, label?: string) => {
  const rng = createRng(seed, label);
  return Array.from({ length: 20 }, () => rng.next());
};

describe('createRng', () => {
  it('repeats a sequence for the same seed and label, and changes it for another', () => {
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('keeps forked streams independent of draws made elsewhere', () => {
    const a = createRng(5);
    const b = createRng(5);
    b.next();
    b.next();
    expect(a.fork('sales').next()).toBe(b.fork('sales').next());
  });

  it('stays inside the requested bounds', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, width) => {
      const rng = createRng(seed);
      for (let i = 0; i < 50; i++) {
        const n = rng.int(min, min + width);
        expect(Number.isInteger(n) && n >= min && n <= min + width).toBe(true);
        const u = rng.next();
        expect(u >= 0 && u < 1).toBe(true);
      }
    }));
  });

  it('draws Poisson counts around their mean', () => {
    const rng = createRng(3);
    for (const mean of [0.2, 4, 80]) {
      const samples = Array.from({ length: 4000 }, () => rng.poisson(mean));
      const average = samples.reduce((a, b) => a + b, 0) / samples.length;
      expect(Math.abs(average - mean)).toBeLessThan(Math.max(0.05, mean * 0.05));
      expect(samples.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    }
  });
});
