import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autocorrelations, classicalDecomposition, deseasonalize, hasSeasonality, reseasonalize } from './seasonality.js';

const pattern4 = [1.2, 0.7, 0.9, 1.2]; // mean 1
const noise = (t: number) => Math.sin(t * 12.9898) * 43758.5453 % 1; // deterministic, in (−1, 1)

describe('autocorrelations', () => {
  it('matches the biased estimator computed by hand', () => {
    // mean 2.5, Σ(x−x̄)² = 5; lag 1: (−1.5·−0.5 + −0.5·0.5 + 0.5·1.5) / 5 = 0.25
    expect(autocorrelations([1, 2, 3, 4], 2)).toEqual([0.25, expect.closeTo(-0.3, 12)]);
  });
});

describe('hasSeasonality', () => {
  it('finds a clear pattern and not white noise', () => {
    const seasonal = Array.from({ length: 48 }, (_, t) => 100 * pattern4[t % 4]! + noise(t));
    const white = Array.from({ length: 48 }, (_, t) => 100 + 10 * noise(t));
    expect(hasSeasonality(seasonal, 4)).toBe(true);
    expect(hasSeasonality(white, 4)).toBe(false);
  });

  it('needs three full seasons and a season length of at least 2, as the M4 code does', () => {
    const spike = [1.5, 1, 1, 0.5];
    const seasonal = Array.from({ length: 11 }, (_, t) => 100 * spike[t % 4]!);
    expect(hasSeasonality(seasonal, 4)).toBe(false);
    expect(hasSeasonality([...seasonal, 50], 4)).toBe(true);
    expect(hasSeasonality(seasonal, 1)).toBe(false);
    expect(hasSeasonality(Array.from({ length: 40 }, () => 5), 4)).toBe(false);
  });

  it('compares |r_m| with 1.645·√((1 + 2·Σ_{k<m} r_k²)/n)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 12, maxLength: 60 }), (y) => {
        const r = autocorrelations(y, 4);
        const limit = 1.645 * Math.sqrt((1 + 2 * (r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2)) / y.length);
        expect(hasSeasonality(y, 4)).toBe(Math.abs(r[3]!) > limit);
      }),
    );
  });
});

describe('classicalDecomposition', () => {
  it('recovers the indices of a level times a pattern, for even and odd season lengths', () => {
    const odd = [0.8, 1.1, 1.1];
    expect(classicalDecomposition(Array.from({ length: 20 }, (_, t) => 50 * pattern4[t % 4]!), 4).map((v) => +v.toFixed(12))).toEqual(pattern4);
    expect(classicalDecomposition(Array.from({ length: 9 }, (_, t) => 7 * odd[t % 3]!), 3).map((v) => +v.toFixed(12))).toEqual(odd);
  });

  it('keeps the phase of the history start', () => {
    // The history starts at the third position of the pattern.
    const y = Array.from({ length: 16 }, (_, t) => 10 * pattern4[(t + 2) % 4]!);
    expect(classicalDecomposition(y, 4).map((v) => +v.toFixed(12))).toEqual([0.9, 1.2, 1.2, 0.7]);
  });

  it('refuses what it cannot decompose, with the reason', () => {
    expect(() => classicalDecomposition([1, 2, 3, 4, 5], 4)).toThrow(/two full seasons/);
    expect(() => classicalDecomposition([1, 2, -3, 4, 5, 6, 7, 8], 4)).toThrow(/strictly positive/);
    expect(() => classicalDecomposition([1, 2, 3, 4], 1)).toThrow(/season length/);
  });
});

describe('deseasonalize / reseasonalize', () => {
  it('turns a seasonal series into a flat one and puts the pattern back on the horizon', () => {
    const y = Array.from({ length: 18 }, (_, t) => 40 * pattern4[t % 4]!);
    const adjustment = deseasonalize(y, 4);
    expect(adjustment.seasonal).toBe(true);
    adjustment.adjusted.forEach((v) => expect(v).toBeCloseTo(40, 9));
    // 18 values: the next step is position 18 % 4 = 2 of the pattern (a Naive2 forecast).
    const naive2 = reseasonalize([40, 40, 40, 40, 40], adjustment);
    expect(naive2.map((v) => +v.toFixed(9))).toEqual([36, 48, 48, 28, 36]);
  });

  it('leaves non-seasonal or non-positive series untouched', () => {
    const flat = deseasonalize([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6], 4);
    expect(flat.seasonal).toBe(false);
    expect(reseasonalize([7, 8], flat)).toEqual([7, 8]);
    const signed = Array.from({ length: 24 }, (_, t) => 10 * pattern4[t % 4]! - 11);
    expect(deseasonalize(signed, 4)).toMatchObject({ seasonal: false, adjusted: signed });
  });
});
