import { describe, expect, it } from 'vitest';
import { expandArma } from './arima-order';
import { fitArima } from './fit-arima';
import { armaExactLikelihood } from './kalman';
import { simulateArma } from './simulated-series.fixture';

const ar1 = { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true };
const ma1 = { p: 0, d: 0, q: 1, P: 0, D: 0, Q: 0, m: 1, constant: false };
const seeds = Array.from({ length: 10 }, (_, i) => 100 + i);

describe('fitArima', () => {
  it.each(['css', 'ml'] as const)('recovers φ = 0.7 of a simulated AR(1) by %s', (method) => {
    const estimates = seeds.map((seed) => {
      const fit = fitArima(Float64Array.from(simulateArma(500, seed, { phi: 0.7, mean: 10 })), ar1, method)!;
      expect(fit.method).toBe(method);
      expect(fit.params[1]).toBeGreaterThan(9.5);
      expect(fit.params[1]).toBeLessThan(10.5);
      expect(fit.sigma2).toBeGreaterThan(0.85);
      expect(fit.sigma2).toBeLessThan(1.15);
      return fit.params[0]!;
    });
    // One estimate's standard error is √((1-φ²)/n) ≈ 0.032.
    for (const phi of estimates) expect(Math.abs(phi - 0.7)).toBeLessThan(0.11);
    expect(Math.abs(estimates.reduce((a, b) => a + b, 0) / estimates.length - 0.7)).toBeLessThan(0.03);
  });

  it('recovers θ = 0.5 of a simulated MA(1) by exact likelihood', () => {
    const estimates = seeds.map((seed) => fitArima(Float64Array.from(simulateArma(400, seed, { theta: 0.5 })), ma1, 'ml')!.params[0]!);
    expect(Math.abs(estimates.reduce((a, b) => a + b, 0) / estimates.length - 0.5)).toBeLessThan(0.04);
  });

  it('refuses a model with more parameters than the data can carry', () => {
    const order = { p: 5, d: 0, q: 5, P: 0, D: 0, Q: 0, m: 1, constant: true };
    expect(fitArima(Float64Array.from(simulateArma(14, 1)), order, 'css')).toBeUndefined();
  });

  it('ranks the true order above white noise by AICc', () => {
    const w = Float64Array.from(simulateArma(300, 7, { phi: 0.6 }));
    const noise = fitArima(w, { ...ar1, p: 0 }, 'ml')!;
    const right = fitArima(w, ar1, 'ml')!;
    expect(right.aicc).toBeLessThan(noise.aicc - 10);
  });
});

describe('armaExactLikelihood', () => {
  it('equals the closed form of a stationary AR(1)', () => {
    const x = [0.3, -1.2, 0.8, 2.1, 0.4, -0.7];
    const phi = 0.6;
    const { ssq, sumLogF, count } = armaExactLikelihood(x, expandArma(ar1, [phi, 0]));
    let expected = (1 - phi * phi) * x[0]! ** 2;
    for (let t = 1; t < x.length; t++) expected += (x[t]! - phi * x[t - 1]!) ** 2;
    expect(count).toBe(6);
    expect(ssq).toBeCloseTo(expected, 10);
    expect(sumLogF).toBeCloseTo(-Math.log(1 - phi * phi), 10);
  });

  it('equals the dense Gaussian likelihood of an MA(1)', () => {
    const x = [0.5, -0.2, 1.1, 0.3, -0.9, 0.6, 0.1];
    const theta = -0.45;
    const n = x.length;
    // Covariance (σ² = 1): 1 + θ² on the diagonal, θ beside it. Cholesky gives the quadratic form
    // and log-determinant the filter must reproduce.
    const cov = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 + theta * theta : Math.abs(i - j) === 1 ? theta : 0)));
    const l = cov.map(() => new Array<number>(n).fill(0));
    for (let j = 0; j < n; j++) {
      let d = cov[j]![j]!;
      for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
      l[j]![j] = Math.sqrt(d);
      for (let i = j + 1; i < n; i++) {
        let s = cov[i]![j]!;
        for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
        l[i]![j] = s / l[j]![j]!;
      }
    }
    const z: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = x[i]!;
      for (let k = 0; k < i; k++) s -= l[i]![k]! * z[k]!;
      z.push(s / l[i]![i]!);
    }
    const quadratic = z.reduce((s, v) => s + v * v, 0);
    const logDet = 2 * l.reduce((s, row, i) => s + Math.log(row[i]!), 0);
    const result = armaExactLikelihood(x, expandArma(ma1, [theta]));
    expect(result.ssq).toBeCloseTo(quadratic, 10);
    expect(result.sumLogF).toBeCloseTo(logDet, 10);
  });
});
