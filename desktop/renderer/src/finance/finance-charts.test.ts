import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barSpans, brokenLine, cashGeometry, niceScale, trendGeometry, TREND_FRAME } from './finance-charts';

describe('the Finance charts’ geometry', () => {
  it('scales include zero and round steps, below zero too', () => {
    expect(niceScale(0, 130.5)).toEqual([0, 50, 100, 150]);
    expect(niceScale(-12, 40)).toEqual([-20, 0, 20, 40]);
    expect(niceScale(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('property: every value lies within the scale’s ends', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 30 }), (values) => {
      const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
      const ticks = niceScale(lo, hi);
      // Float noise below a billionth of a step may fall outside: no screen shows it.
      const slack = (ticks[1]! - ticks[0]!) * 1e-9;
      expect(ticks[0]).toBeLessThanOrEqual(lo + slack);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(hi - slack);
      expect(ticks).toContain(0);
    }));
  });

  it('breaks a line where a month has no value', () => {
    expect(brokenLine([{ x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }, { x: 4, y: 5 }])).toBe('M1,2 M3,4 L4,5');
    expect(brokenLine([])).toBe('');
  });

  it('draws four ratio lines over the months, the cycle below zero when it is', () => {
    const g = trendGeometry([
      { endOn: '2026-01-31', dso: 40, dpo: 60, dio: 10, ccc: -10 },
      { endOn: '2026-02-28', dso: 45, dpo: null, dio: 12, ccc: null },
      { endOn: '2026-03-31', dso: 50, dpo: 55, dio: 14, ccc: 9 },
    ]);
    const bottom = TREND_FRAME.height - TREND_FRAME.bottom;
    expect(g.yTicks.map((t) => t.value)).toEqual([-20, 0, 20, 40, 60]);
    expect(g.yTicks[0]!.at).toBe(bottom);
    expect(g.paths.dpo.split('M')).toHaveLength(3);
    expect(g.markers.ccc.map((m) => m.value)).toEqual([-10, 9]);
    expect(g.markers.ccc[0]!.y).toBeGreaterThan(g.zeroY);
    expect(g.xTicks.map((t) => t.value)).toEqual([0, 1, 2]);
  });

  it('draws the cash band as a closed area around the closing line', () => {
    const g = cashGeometry([
      { weekStart: '2026-03-31', closingMinor: 100, closingLowMinor: 80, closingHighMinor: 120 },
      { weekStart: '2026-04-07', closingMinor: -50, closingLowMinor: -90, closingHighMinor: 10 },
    ], String);
    expect(g.bandPath).toMatch(/^M.* Z$/);
    expect(g.points[1]!.y).toBeGreaterThan(g.zeroY);
    expect(g.closingPath.startsWith('M')).toBe(true);
  });

  it('lays bars on one scale with credits to the left of zero', () => {
    const { zeroX, bars } = barSpans([0, -100, 300], 400);
    expect(zeroX).toBe(100);
    expect(bars).toEqual([{ x: 100, width: 0 }, { x: 0, width: 100 }, { x: 100, width: 300 }]);
    expect(barSpans([0, 0], 400).bars).toEqual([{ x: 0, width: 0 }, { x: 0, width: 0 }]);
  });
});
