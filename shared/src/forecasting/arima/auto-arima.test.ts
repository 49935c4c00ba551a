import { describe, expect, it } from 'vitest';
import { createRng } from '../prophet/prng';
import { describeOrder } from './arima-order';
import { autoArima } from './auto-arima';
import { forecastArima } from './forecast-arima';
import { simulateArma, simulateRandomWalk } from './simulated-series.fixture';

describe('autoArima', () => {
  it('picks d = 1 for random walks and forecasts them close to the last value', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const results = seeds.map((seed) => {
      const y = simulateRandomWalk(300, seed);
      const { fit } = autoArima(y, 1)!;
      return { d: fit.order.d, step: forecastArima(y, fit, 1).mean[0]! - y[y.length - 1]! };
    });
    expect(results.filter((r) => r.d === 1).length).toBeGreaterThanOrEqual(7);
    // The shocks have σ = 1; whatever ARMA terms the AICc lets in must stay close to a walk.
    expect(results.filter((r) => Math.abs(r.step) < 0.5).length).toBeGreaterThanOrEqual(7);
  });

  it('finds an AR(1) and recovers φ when KPSS keeps the series undifferenced', () => {
    const results = [11, 12, 13, 14, 15, 16, 17, 18].map((seed) => autoArima(simulateArma(400, seed, { phi: 0.7, mean: 50 }), 1)!.fit);
    const ar1 = results.filter((f) => f.order.d === 0 && f.order.p === 1 && f.order.q === 0);
    expect(ar1.length).toBeGreaterThanOrEqual(4);
    for (const fit of ar1) expect(fit.method).toBe('ml');
    // One estimate's standard error is about 0.036; one of these samples happens to sit 3.5 of
    // them below 0.7 (its own least-squares φ is 0.574), so the mean carries the tight check.
    const phis = ar1.map((f) => f.params[0]!);
    for (const phi of phis) expect(Math.abs(phi - 0.7)).toBeLessThan(0.15);
    expect(Math.abs(phis.reduce((a, b) => a + b, 0) / phis.length - 0.7)).toBeLessThan(0.05);
  });

  it('models a seasonal monthly series seasonally', () => {
    const rng = createRng(21);
    const y = Array.from({ length: 144 }, (_, t) => 100 + 0.3 * t + 8 * Math.cos((2 * Math.PI * t) / 12) + rng.normal());
    const { fit } = autoArima(y, 12)!;
    expect(fit.order.m).toBe(12);
    expect(fit.order.D + fit.order.P + fit.order.Q).toBeGreaterThan(0);
    expect(describeOrder(fit.order)).toMatch(/\[12\]/);
  });

  it('extrapolates a straight line exactly', () => {
    const { fit } = autoArima(Array.from({ length: 30 }, (_, t) => 2 + 3 * t), 1)!;
    expect(fit.order.d).toBeGreaterThanOrEqual(1);
    expect(fit.sigma2).toBe(0);
  });

  it('gives up on a series too short to difference', () => {
    expect(autoArima([1, 2, 1], 1)).toBeUndefined();
  });
});
