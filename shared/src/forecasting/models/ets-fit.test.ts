import { describe, expect, it } from 'vitest';
import { runEts } from './ets-core.js';
import type { EtsParams, EtsSpec } from './ets-core.js';
import { fitEts } from './ets-fit.js';
import { LinearProfile } from './ets-linear.js';

const wiggle = (t: number) => ((Math.sin(t * 12.9898) * 43758.5453) % 1) * 0.1; // deterministic noise in (−0.1, 0.1)
const series = (n: number, f: (t: number) => number) => Float64Array.from({ length: n }, (_, t) => f(t) + wiggle(t));

function sseAt(y: Float64Array, spec: EtsSpec, m: number, p: EtsParams, level: number, trend: number, season: Float64Array) {
  return runEts(y, spec, m, p, level, trend, Float64Array.from(season)).sse;
}

describe('LinearProfile', () => {
  const cases: [EtsSpec, number][] = [
    [{ error: 'A', trend: 'N', season: 'N' }, 1],
    [{ error: 'A', trend: 'Ad', season: 'N' }, 1],
    [{ error: 'A', trend: 'A', season: 'A' }, 4],
  ];
  it.each(cases)('finds the initial state with the smallest squared errors (%o)', (spec, m) => {
    const y = series(40, (t) => 1 + 0.02 * t + 0.2 * Math.sin((Math.PI * t) / 2));
    const p: EtsParams = { alpha: 0.37, beta: 0.05, gamma: 0.2, phi: 0.9 };
    const { lik, initial } = new LinearProfile(y, spec, m).solve(p);
    const best = sseAt(y, spec, m, p, initial.level, initial.trend, initial.season);
    expect(lik).toBeCloseTo(40 * Math.log(best), 8);
    if (spec.season !== 'N') expect(initial.season.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    // Any nudge of any state component makes the fit worse.
    for (const delta of [1e-3, -1e-3]) {
      expect(sseAt(y, spec, m, p, initial.level + delta, initial.trend, initial.season)).toBeGreaterThan(best);
      if (spec.trend !== 'N') expect(sseAt(y, spec, m, p, initial.level, initial.trend + delta, initial.season)).toBeGreaterThan(best);
      if (spec.season !== 'N') {
        const nudged = Float64Array.from(initial.season);
        nudged[1]! += delta;
        nudged[3]! -= delta;
        expect(sseAt(y, spec, m, p, initial.level, initial.trend, nudged)).toBeGreaterThan(best);
      }
    }
  });
});

describe('fitEts', () => {
  it('finds the α of simple exponential smoothing that a fine grid search finds', () => {
    const y = series(60, (t) => 1 + 0.3 * Math.sin(t / 5));
    const spec: EtsSpec = { error: 'A', trend: 'N', season: 'N' };
    const fit = fitEts(y, spec, 1)!;
    const profile = new LinearProfile(y, spec, 1);
    let gridBest = Infinity;
    for (let alpha = 1e-4; alpha < 1; alpha += 1e-3) gridBest = Math.min(gridBest, profile.solve({ alpha, beta: 0, gamma: 0, phi: 1 }).lik);
    expect(fit.lik).toBeLessThanOrEqual(gridBest + 1e-6);
  });

  it('keeps the parameters in the usual region', () => {
    const y = series(80, (t) => 2 + 0.05 * t + 0.3 * Math.cos((Math.PI * t) / 3));
    for (const spec of [{ error: 'A', trend: 'Ad', season: 'A' }, { error: 'M', trend: 'Ad', season: 'M' }] as const) {
      const { alpha, beta, gamma, phi } = fitEts(y, spec, 6)!.params;
      expect(alpha).toBeGreaterThan(0);
      expect(alpha).toBeLessThan(1);
      expect(beta).toBeGreaterThan(0);
      expect(beta).toBeLessThanOrEqual(alpha);
      expect(gamma).toBeGreaterThan(0);
      expect(gamma).toBeLessThanOrEqual(1 - alpha);
      expect(phi).toBeGreaterThanOrEqual(0.8);
      expect(phi).toBeLessThanOrEqual(0.98);
    }
  });

  it('improves a multiplicative-error model on the additive fit it starts from', () => {
    const y = series(50, (t) => 1 + 0.02 * t);
    const additive = fitEts(y, { error: 'A', trend: 'A', season: 'N' }, 1)!;
    const spec: EtsSpec = { error: 'M', trend: 'A', season: 'N' };
    const fromStart = runEts(y, spec, 1, additive.params, additive.initial.level, additive.initial.trend, new Float64Array(1)).lik;
    expect(fitEts(y, spec, 1, additive)!.lik).toBeLessThan(fromStart);
  });

  it('scores by AICc with the smoothing parameters, the initial states and σ counted', () => {
    const y = series(30, (t) => 1 + 0.01 * t);
    const fit = fitEts(y, { error: 'A', trend: 'Ad', season: 'N' }, 1)!;
    expect(fit.parameterCount).toBe(5); // α, β, φ, ℓ₀, b₀
    const np = 6;
    expect(fit.aicc).toBeCloseTo(fit.lik + 2 * np + (2 * np * (np + 1)) / (30 - np - 1), 10);
  });

  it('declines a model the data are too short to estimate', () => {
    expect(fitEts(Float64Array.of(1, 2, 3, 4, 5, 6), { error: 'A', trend: 'A', season: 'A' }, 4)).toBeUndefined();
  });
});
