import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartGeometry, DEFAULT_FRAME, niceTicks } from './chart-geometry';

const history = [
  { period: '2024-12-23', quantity: 10, stockout: false, promo: false },
  { period: '2024-12-30', quantity: 0, stockout: true, promo: false },
  { period: '2025-01-06', quantity: 30, stockout: false, promo: true },
];
const points = [
  { period: '2025-01-13', yhat: 12, lo95: -2, hi95: 26 },
  { period: '2025-01-20', yhat: 14, lo95: 2, hi95: 41 },
];

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10ⁿ from 0 to at least the maximum', () => {
    expect(niceTicks(97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(41)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(1200)).toEqual([0, 500, 1000, 1500]);
  });

  it('still draws an axis when everything is zero', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('always reaches the maximum with a handful of even steps', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (max) => {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(12);
      const step = ticks[1]! - ticks[0]!;
      ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 6));
    }));
  });
});

describe('chartGeometry', () => {
  const g = chartGeometry(history, points);
  const bottom = DEFAULT_FRAME.height - DEFAULT_FRAME.bottom;

  it('scales to the highest of demand, forecast and interval, with zero on the baseline', () => {
    expect(g.yMax).toBe(50);
    expect(g.yTicks[0]).toMatchObject({ value: 0, y: bottom, label: '0' });
    expect(g.yTicks[g.yTicks.length - 1]).toMatchObject({ value: 50, y: DEFAULT_FRAME.top });
  });

  it('draws history, then the forecast from the last week of history, and a closed band', () => {
    expect(g.historyPath.split(' ')).toHaveLength(3);
    expect(g.historyPath.startsWith(`M${DEFAULT_FRAME.left},`)).toBe(true);
    const lastHistoryPoint = g.historyPath.split(' ')[2]!.slice(1);
    expect(g.forecastPath.startsWith(`M${lastHistoryPoint} `)).toBe(true);
    expect(g.forecastPath.split(' ')).toHaveLength(3);
    expect(g.bandPath.endsWith(' Z')).toBe(true);
    // The lower bound below zero is drawn on the baseline, not under the axis.
    expect(g.bandPath).toContain(`,${bottom}`);
    expect(g.splitX).not.toBeNull();
  });

  it('marks the stock-out and promotion weeks where they happened', () => {
    expect(g.stockouts).toEqual([{ x: expect.any(Number), y: bottom, period: '2024-12-30', quantity: 0 }]);
    expect(g.promos.map((p) => p.period)).toEqual(['2025-01-06']);
    expect(g.promos[0]!.x).toBeGreaterThan(g.stockouts[0]!.x);
  });

  it('labels dates with the year on the first and when a new year starts', () => {
    expect(g.xTicks).toHaveLength(5);
    const withYear = g.xTicks.filter((t) => /\d{4}/.test(t.label)).map((t) => t.label);
    expect(withYear).toHaveLength(2);
    expect(withYear[0]).toMatch(/2024/);
    expect(withYear[1]).toMatch(/2025/);
  });

  it('draws a forecast without history, and nothing to draw without either', () => {
    const onlyForecast = chartGeometry([], points);
    expect(onlyForecast.historyPath).toBe('');
    expect(onlyForecast.forecastPath.split(' ')).toHaveLength(2);
    expect(onlyForecast.splitX).toBeNull();
    const empty = chartGeometry([], []);
    expect(empty).toMatchObject({ historyPath: '', forecastPath: '', bandPath: '', xTicks: [], yMax: 1 });
  });
});
