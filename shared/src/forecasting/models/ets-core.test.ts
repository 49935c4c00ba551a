import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etsPointForecast, forecastVariances, rootsInsideUnitCircle, runEts, seasonalAdmissible } from './ets-core.js';
import type { EtsParams, EtsSpec } from './ets-core.js';

const ANN: EtsSpec = { error: 'A', trend: 'N', season: 'N' };

/** Seeded uniform and normal draws, so the simulations below are reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

describe('runEts', () => {
  it('reproduces simple exponential smoothing computed by hand', () => {
    // ℓ = 2, α = ½: forecasts 2, 2.5, 3.75, 3.875; errors 1, 2.5, 0.25, 2.125; final level 4.9375.
    const final = { level: 0, trend: 0 };
    const residuals = new Float64Array(4);
    const run = runEts(Float64Array.of(3, 5, 4, 6), ANN, 1, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 2, 0, new Float64Array(1), final, residuals);
    expect(Array.from(residuals)).toEqual([1, 2.5, 0.25, 2.125]);
    expect(final.level).toBe(4.9375);
    expect(run.sse).toBe(11.828125);
    expect(run.lik).toBeCloseTo(4 * Math.log(11.828125), 12);
  });

  it('reproduces Holt and the multiplicative-error likelihood computed by hand', () => {
    // ℓ₀ = 10, b₀ = 1, α = 0.5, β = 0.25: f₁ = 11, e₁ = 1 → ℓ₁ = 11.5, b₁ = 1.25; f₂ = 12.75, e₂ = −0.75.
    const spec: EtsSpec = { error: 'M', trend: 'A', season: 'N' };
    const final = { level: 0, trend: 0 };
    const run = runEts(Float64Array.of(12, 12), spec, 1, { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 }, 10, 1, new Float64Array(1), final);
    expect(final).toEqual({ level: 12.375, trend: 1.0625 });
    const sse = (1 / 11) ** 2 + (0.75 / 12.75) ** 2;
    expect(run.sse).toBeCloseTo(sse, 14);
    expect(run.lik).toBeCloseTo(2 * Math.log(sse) + 2 * (Math.log(11) + Math.log(12.75)), 12);
  });

  it('updates additive seasonal terms with γ·error and uses them a season later', () => {
    // m = 2, ℓ = 10, s = (+1, −1), α = 0, γ = ½: y₁ = 13 → e = 2, s₁ becomes 2; y₃ is forecast as 12.
    const ring = Float64Array.of(1, -1);
    const residuals = new Float64Array(3);
    runEts(Float64Array.of(13, 9, 12), { error: 'A', trend: 'N', season: 'A' }, 2, { alpha: 1e-12, beta: 0, gamma: 0.5, phi: 1 }, 10, 0, ring, undefined, residuals);
    expect(residuals[0]).toBeCloseTo(2, 9);
    expect(residuals[1]).toBeCloseTo(0, 9);
    expect(residuals[2]).toBeCloseTo(0, 9);
    expect(ring[0]).toBeCloseTo(2, 9);
  });

  it('marks a multiplicative model that forecasts a non-positive value as inadmissible', () => {
    const run = runEts(Float64Array.of(1, 2), { error: 'M', trend: 'N', season: 'N' }, 1, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, -1, 0, new Float64Array(1));
    expect(run.lik).toBe(Infinity);
  });
});

describe('etsPointForecast', () => {
  it('damps the trend by φ + φ² + … + φʰ and cycles the season', () => {
    const spec: EtsSpec = { error: 'A', trend: 'Ad', season: 'A' };
    const f = etsPointForecast(spec, { alpha: 0.1, beta: 0.01, gamma: 0.1, phi: 0.5 }, { level: 100, trend: 8, season: Float64Array.of(1, -1) }, 3);
    expect(f).toEqual([100 + 4 + 1, 100 + 6 - 1, 100 + 7 + 1]);
  });
});

describe('forecastVariances', () => {
  it('grows like σ²·(1 + (h−1)α²) for simple exponential smoothing', () => {
    const v = forecastVariances(ANN, { alpha: 0.3, beta: 0, gamma: 0, phi: 1 }, 1, 2, [5, 5, 5, 5]);
    expect(v!.map((x) => +x.toFixed(12))).toEqual([2, 2 * 1.09, 2 * 1.18, 2 * 1.27]);
  });

  it('has no closed form for multiplicative seasonality', () => {
    expect(forecastVariances({ error: 'M', trend: 'N', season: 'M' }, { alpha: 0.3, beta: 0, gamma: 0.1, phi: 1 }, 4, 0.01, [1, 1])).toBeUndefined();
  });

  // The closed forms against simulation of the model itself, for one additive-error (class 1) and
  // one multiplicative-error (class 2) model.
  const cases: [EtsSpec, EtsParams, number][] = [
    [{ error: 'A', trend: 'Ad', season: 'A' }, { alpha: 0.4, beta: 0.1, gamma: 0.3, phi: 0.9 }, 4],
    [{ error: 'M', trend: 'A', season: 'N' }, { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 }, 0.05],
  ];
  it.each(cases)('match the spread of simulated paths (%o)', (spec, params, sigma) => {
    const m = spec.season === 'N' ? 1 : 4;
    const state = { level: 50, trend: 1, season: Float64Array.of(3, -1, 2, -4) };
    const horizon = 8;
    const mean = etsPointForecast(spec, params, { ...state, season: state.season.subarray(0, m) }, horizon);
    const exact = forecastVariances(spec, params, m, sigma * sigma, mean)!;
    const { normal } = rng(7);
    const paths = 40000;
    const sum = new Float64Array(horizon);
    const sumSq = new Float64Array(horizon);
    const phi = spec.trend === 'Ad' ? params.phi : 1;
    for (let i = 0; i < paths; i++) {
      let l = state.level;
      let b = state.trend;
      const s = Array.from(state.season.subarray(0, m));
      for (let h = 0; h < horizon; h++) {
        const season = spec.season === 'A' ? s[h % m]! : 0;
        const f = l + phi * b + season;
        const e = spec.error === 'A' ? sigma * normal() : f * sigma * normal();
        const y = f + e;
        l = l + phi * b + params.alpha * e;
        b = phi * b + params.beta * e;
        if (spec.season === 'A') s[h % m] = season + params.gamma * e;
        sum[h]! += y;
        sumSq[h]! += y * y;
      }
    }
    for (let h = 0; h < horizon; h++) {
      const simulatedMean = sum[h]! / paths;
      const simulatedVar = sumSq[h]! / paths - simulatedMean ** 2;
      expect(simulatedMean).toBeCloseTo(mean[h]!, 0);
      expect(simulatedVar / exact[h]!).toBeGreaterThan(0.97);
      expect(simulatedVar / exact[h]!).toBeLessThan(1.03);
    }
  });
});

describe('rootsInsideUnitCircle', () => {
  function expand(roots: [number, number][]): number[] {
    // Real roots r (im = 0) give (z − r); complex ones give their conjugate pair z² − 2·re·z + |r|².
    let poly = [1];
    for (const [re, im] of roots) {
      const factor = im === 0 ? [-re, 1] : [re * re + im * im, -2 * re, 1];
      const next = new Array(poly.length + factor.length - 1).fill(0);
      poly.forEach((a, i) => factor.forEach((b, j) => (next[i + j] += a * b)));
      poly = next;
    }
    return poly;
  }

  it('agrees with the roots a polynomial was built from', () => {
    const root = fc
      .tuple(fc.double({ min: -1.6, max: 1.6, noNaN: true }), fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 1.2, noNaN: true })))
      .filter(([re, im]) => Math.abs(Math.hypot(re, im) - 1) > 0.02);
    fc.assert(
      fc.property(fc.array(root, { minLength: 1, maxLength: 8 }), (roots) => {
        const inside = roots.every(([re, im]) => Math.hypot(re, im) < 1);
        expect(rootsInsideUnitCircle(expand(roots))).toBe(inside);
      }),
    );
  });

  it('accepts the usual seasonal parameters and rejects explosive ones', () => {
    expect(seasonalAdmissible({ alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.95 }, 12, true, true)).toBe(true);
    expect(seasonalAdmissible({ alpha: 0.9, beta: 0, gamma: 0.9, phi: 1 }, 4, false, false)).toBe(false);
  });
});
