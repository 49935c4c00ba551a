import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeReorderPoint, SERVICE_LEVELS, weeklySigma, type WeeklyForecast } from './reorder-point';

/** A week with point forecast `yhat` and a symmetric 95% interval of standard deviation `sigma`. */
const week = (yhat: number, sigma: number): WeeklyForecast => ({ yhat, lo95: yhat - 1.96 * sigma, hi95: yhat + 1.96 * sigma });

const weekArb = fc.record({ yhat: fc.double({ min: 0, max: 1e4, noNaN: true }), sigma: fc.double({ min: 0, max: 1e3, noNaN: true }) })
  .map(({ yhat, sigma }) => week(yhat, sigma));
const forecastArb = fc.array(weekArb, { minLength: 1, maxLength: 26 });
const leadTimeArb = fc.double({ min: 0, max: 400, noNaN: true });
const serviceLevelArb = fc.double({ min: 0.5, max: 0.9999, noNaN: true });

/** Equal within a relative (and, near zero, absolute) tolerance: sums of floats differ in the last bits. */
const near = (actual: number, expected: number, tolerance = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));

describe('computeReorderPoint', () => {
  it('sums whole weeks, pro-rates the last part week and combines the weeks’ spread as independent', () => {
    // 10 days = 1 week + 3/7 of the second.
    const result = computeReorderPoint({ points: [week(10, 1), week(20, 2), week(30, 3)], leadTimeDays: 10, serviceLevel: 0.95 });
    near(result.leadTimeWeeks, 10 / 7);
    near(result.leadTimeDemand, 10 + (3 / 7) * 20);
    near(result.leadTimeSigma, Math.sqrt(1 + (3 / 7) * 4));
    near(result.z, 1.6448536269514715, 1e-8);
    near(result.safetyStock, 1.6448536269514715 * Math.sqrt(1 + (3 / 7) * 4), 1e-8);
    near(result.reorderPoint, 10 + (3 / 7) * 20 + 1.6448536269514715 * Math.sqrt(1 + (3 / 7) * 4), 1e-8);
    expect(result.weeksBeyondHorizon).toBe(0);
  });

  it('reads σ from the interval width ÷ (2 × 1.96), also for an asymmetric interval', () => {
    expect(weeklySigma({ yhat: 50, lo95: 50 - 19.6, hi95: 50 + 19.6 })).toBeCloseTo(10, 12);
    expect(weeklySigma({ yhat: 5, lo95: 0, hi95: 39.2 })).toBeCloseTo(10, 12);
    expect(weeklySigma({ yhat: 5, lo95: 6, hi95: 4 })).toBe(0);
  });

  it('needs no stock for a lead time of zero', () => {
    expect(computeReorderPoint({ points: [week(100, 20)], leadTimeDays: 0, serviceLevel: 0.99 })).toMatchObject({
      leadTimeWeeks: 0, leadTimeDemand: 0, leadTimeSigma: 0, safetyStock: 0, reorderPoint: 0, weeksBeyondHorizon: 0,
    });
  });

  it('repeats the last week for a lead time past the horizon, and says by how much', () => {
    const points = [week(10, 1), week(20, 2)];
    const result = computeReorderPoint({ points, leadTimeDays: 35, serviceLevel: 0.9 });
    near(result.leadTimeDemand, 10 + 20 * 4);
    near(result.leadTimeSigma, Math.sqrt(1 + 4 * 4));
    expect(result.weeksBeyondHorizon).toBe(3);
  });

  it('gives zero for a forecast of zero with no spread, and safety stock alone when zero has a spread', () => {
    const flat = computeReorderPoint({ points: [week(0, 0), week(0, 0)], leadTimeDays: 21, serviceLevel: 0.98 });
    expect(flat).toMatchObject({ leadTimeDemand: 0, leadTimeSigma: 0, safetyStock: 0, reorderPoint: 0 });
    // Intermittent demand: the point forecast is 0 but the interval says a few may still come.
    const intermittent = computeReorderPoint({ points: [{ yhat: 0, lo95: 0, hi95: 3.92 }], leadTimeDays: 7, serviceLevel: 0.95 });
    expect(intermittent.leadTimeDemand).toBe(0);
    near(intermittent.safetyStock, 1.6448536269514715, 1e-8);
    near(intermittent.reorderPoint, intermittent.safetyStock);
  });

  it('counts a negative point forecast as no demand', () => {
    const result = computeReorderPoint({ points: [{ yhat: -4, lo95: -6, hi95: -2 }], leadTimeDays: 7, serviceLevel: 0.9 });
    expect(result.leadTimeDemand).toBe(0);
    expect(result.reorderPoint).toBeCloseTo(result.safetyStock, 12);
  });

  it('refuses what it cannot compute, saying why', () => {
    const points = [week(10, 1)];
    expect(() => computeReorderPoint({ points: [], leadTimeDays: 7, serviceLevel: 0.95 })).toThrow(/no weeks/);
    expect(() => computeReorderPoint({ points, leadTimeDays: -1, serviceLevel: 0.95 })).toThrow(/lead time/);
    expect(() => computeReorderPoint({ points, leadTimeDays: Number.POSITIVE_INFINITY, serviceLevel: 0.95 })).toThrow(/lead time/);
    for (const serviceLevel of [0.3, 1, 1.2, Number.NaN]) {
      expect(() => computeReorderPoint({ points, leadTimeDays: 7, serviceLevel })).toThrow(/service level/);
    }
    expect(() => computeReorderPoint({ points: [week(1, 1), { yhat: Number.NaN, lo95: 0, hi95: 1 }], leadTimeDays: 7, serviceLevel: 0.95 }))
      .toThrow(/week 2/);
  });

  it('offers the usual service levels, each with positive safety stock', () => {
    const stocks = SERVICE_LEVELS.map((serviceLevel) => computeReorderPoint({ points: [week(10, 2)], leadTimeDays: 14, serviceLevel }).safetyStock);
    expect(stocks.every((s, i) => s > 0 && (i === 0 || s > stocks[i - 1]!))).toBe(true);
  });
});

describe('computeReorderPoint properties', () => {
  it('is lead-time demand plus safety stock, neither negative', () => {
    fc.assert(fc.property(forecastArb, leadTimeArb, serviceLevelArb, (points, leadTimeDays, serviceLevel) => {
      const r = computeReorderPoint({ points, leadTimeDays, serviceLevel });
      expect(r.leadTimeDemand).toBeGreaterThanOrEqual(0);
      expect(r.safetyStock).toBeGreaterThanOrEqual(0);
      near(r.reorderPoint, r.leadTimeDemand + r.safetyStock);
      near(r.safetyStock, r.z * r.leadTimeSigma);
    }));
  });

  it('never falls as the lead time or the service level rises', () => {
    fc.assert(fc.property(forecastArb, leadTimeArb, leadTimeArb, serviceLevelArb, serviceLevelArb, (points, d1, d2, p1, p2) => {
      const [shortLead, longLead] = d1 <= d2 ? [d1, d2] : [d2, d1];
      const [lowLevel, highLevel] = p1 <= p2 ? [p1, p2] : [p2, p1];
      const short = computeReorderPoint({ points, leadTimeDays: shortLead, serviceLevel: highLevel });
      const long = computeReorderPoint({ points, leadTimeDays: longLead, serviceLevel: highLevel });
      expect(long.leadTimeDemand).toBeGreaterThanOrEqual(short.leadTimeDemand * (1 - 1e-12));
      expect(long.leadTimeSigma).toBeGreaterThanOrEqual(short.leadTimeSigma * (1 - 1e-12));
      const low = computeReorderPoint({ points, leadTimeDays: longLead, serviceLevel: lowLevel });
      expect(long.safetyStock).toBeGreaterThanOrEqual(low.safetyStock * (1 - 1e-12));
    }));
  });

  it('scales with demand: k times every week gives k times the stock', () => {
    fc.assert(fc.property(forecastArb, leadTimeArb, serviceLevelArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (points, leadTimeDays, serviceLevel, k) => {
      const base = computeReorderPoint({ points, leadTimeDays, serviceLevel });
      const scaled = computeReorderPoint({ points: points.map((p) => ({ yhat: p.yhat * k, lo95: p.lo95 * k, hi95: p.hi95 * k })), leadTimeDays, serviceLevel });
      near(scaled.leadTimeDemand, base.leadTimeDemand * k, 1e-9);
      near(scaled.safetyStock, base.safetyStock * k, 1e-9);
      near(scaled.reorderPoint, base.reorderPoint * k, 1e-9);
    }));
  });

  it('for a flat forecast is μ·L weeks of demand with σ·√L spread', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.integer({ min: 1, max: 26 }), leadTimeArb,
      (mu, sigma, horizon, leadTimeDays) => {
        const r = computeReorderPoint({ points: Array.from({ length: horizon }, () => week(mu, sigma)), leadTimeDays, serviceLevel: 0.95 });
        near(r.leadTimeDemand, mu * (leadTimeDays / 7), 1e-9);
        near(r.leadTimeSigma, sigma * Math.sqrt(leadTimeDays / 7), 1e-9);
      },
    ));
  });

  it('past the horizon adds the last week once per extra week', () => {
    fc.assert(fc.property(forecastArb, fc.integer({ min: 0, max: 30 }), (points, extra) => {
      const atHorizon = computeReorderPoint({ points, leadTimeDays: 7 * points.length, serviceLevel: 0.9 });
      const beyond = computeReorderPoint({ points, leadTimeDays: 7 * (points.length + extra), serviceLevel: 0.9 });
      const last = points[points.length - 1]!;
      near(beyond.leadTimeDemand, atHorizon.leadTimeDemand + extra * last.yhat, 1e-9);
      near(beyond.leadTimeSigma ** 2, atHorizon.leadTimeSigma ** 2 + extra * weeklySigma(last) ** 2, 1e-9);
      expect(beyond.weeksBeyondHorizon).toBe(extra);
    }));
  });
});
