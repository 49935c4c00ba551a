import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile';

// Reference quantiles from Python's statistics.NormalDist().inv_cdf (Wichura's AS241, accurate
// to double precision), across the central region, both tails and the boundaries between them.
const REFERENCE: [number, number][] = [
  [0.5, 0],
  [0.6, 0.2533471031357998],
  [0.7, 0.5244005127080407],
  [0.8, 0.8416212335729144],
  [0.9, 1.2815515655446008],
  [0.95, 1.6448536269514715],
  [0.975, 1.9599639845400536],
  [0.98, 2.053748910631822],
  [0.99, 2.3263478740408408],
  [0.995, 2.5758293035489],
  [0.999, 3.090232306167813],
  [0.02425, -1.9729610513118845],
  [0.01, -2.3263478740408408],
  [1e-6, -4.753424308822899],
  [1e-10, -6.361340902404056],
];

describe('normalQuantile', () => {
  it.each(REFERENCE)('gives z(%s) = %s within Acklam’s relative error of 1.15e-9', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1.15e-9 * Math.abs(z));
  });

  it('is symmetric about one half: z(1 − p) = −z(p)', () => {
    // From p ≥ 0.5, 1 − p is exact in binary, so both sides ask about the same probability.
    fc.assert(fc.property(fc.double({ min: 0.5, max: 1 - 1e-12, noNaN: true }), (p) => {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
    }));
  });

  it('rises with p, also across the switch between the central and the tail fits', () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (a, b) => {
      fc.pre(a < b);
      expect(normalQuantile(a)).toBeLessThanOrEqual(normalQuantile(b));
    }));
    for (const edge of [0.02425, 1 - 0.02425]) {
      expect(normalQuantile(edge - 1e-9)).toBeLessThan(normalQuantile(edge + 1e-9));
      expect(normalQuantile(edge + 1e-9) - normalQuantile(edge - 1e-9)).toBeLessThan(1e-6);
    }
  });

  it('refuses probabilities where z would be infinite or undefined', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
