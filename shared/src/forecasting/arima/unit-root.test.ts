import { describe, expect, it } from 'vitest';
import { createRng } from '../prophet/prng';
import { seasonalStrength } from './decompose';
import { simulateArma, simulateRandomWalk } from './simulated-series.fixture';
import { kpssStatistic, ndiffs, nsdiffs } from './unit-root';

const seeds = Array.from({ length: 20 }, (_, i) => i + 1);

describe('KPSS and ndiffs', () => {
  it('differences simulated random walks once', () => {
    const d = seeds.map((seed) => ndiffs(simulateRandomWalk(300, seed)));
    // A 5% test: the differenced walk (white noise) is still rejected now and then, and KPSS
    // misses about 3% of walks of this length.
    expect(d.filter((v) => v === 1).length).toBeGreaterThanOrEqual(17);
  });

  it('differences an integrated random walk twice', () => {
    for (const seed of seeds.slice(0, 5)) {
      let level = 0;
      const twice = simulateRandomWalk(300, seed).map((v) => (level += v));
      expect(ndiffs(twice)).toBe(2);
    }
  });

  it('leaves white noise alone at about the 5% level', () => {
    const differenced = seeds.filter((seed) => ndiffs(simulateArma(300, seed)) > 0).length;
    expect(differenced).toBeLessThanOrEqual(3);
  });

  it('matches the statistic computed by hand on a short series', () => {
    // n = 5, lag trunc(3√5/13) = 0: η = Σ Sₜ² / (n² · γ₀) with e = y - ȳ.
    const y = [1, 3, 2, 5, 4];
    const e = y.map((v) => v - 3);
    const partial = e.map((_, t) => e.slice(0, t + 1).reduce((a, b) => a + b, 0));
    const expected = partial.reduce((s, v) => s + v * v, 0) / 25 / (e.reduce((s, v) => s + v * v, 0) / 5);
    expect(kpssStatistic(y)).toBeCloseTo(expected, 12);
  });

  it('does not difference a constant series', () => {
    expect(ndiffs(Array.from({ length: 50 }, () => 4))).toBe(0);
  });
});

describe('seasonal differencing', () => {
  const rng = createRng(9);
  const seasonal = Array.from({ length: 120 }, (_, t) => 20 + 5 * Math.sin((2 * Math.PI * t) / 12) + rng.normal() * 0.5);

  it('differences a strongly seasonal monthly series once', () => {
    expect(seasonalStrength(seasonal, 12)).toBeGreaterThan(0.9);
    expect(nsdiffs(seasonal, 12)).toBe(1);
  });

  it('does not difference noise seasonally', () => {
    expect(nsdiffs(simulateArma(120, 4), 12)).toBe(0);
  });

  it('needs three seasons to judge', () => {
    expect(nsdiffs(seasonal.slice(0, 35), 12)).toBe(0);
  });
});
