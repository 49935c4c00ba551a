import { describe, expect, it } from 'vitest';
import { buildSalesOutlook } from './sales-outlook';

const run = { runId: 'run-1', generatedAt: '2026-04-01T03:00:00.000Z' };
const point = (period: string, yhat: number, lo95: number, hi95: number) => ({ period, yhat, lo95, hi95 });

describe('sales outlook from the demand forecasts', () => {
  it('prices each item’s units, adds the bands in quadrature and takes the margin over the whole outlook', () => {
    // Bolt at 2.00 (cost 1.50) sells 100 (70–130) then 50 (20–80); nut at 10.00 (cost 4.00) sells
    // 30 (0–70) then 30 (5–55), at a second site too. Week of 6 April: revenue 100 × 200 + 2 × 30 ×
    // 1,000 = 80,000; low half-widths 30 × 200 = 6,000 and 30 × 1,000 twice → √(6,000² + 2 × 30,000²)
    // = 42,848.6; high 6,000 and 40,000 twice → √(6,000² + 2 × 40,000²) = 56,885.9.
    const outlook = buildSalesOutlook([
      { itemId: 'bolt', points: [point('2026-04-06', 100, 70, 130), point('2026-04-13', 50, 20, 80)] },
      { itemId: 'nut', points: [point('2026-04-06', 30, 0, 70), point('2026-04-13', 30, 5, 55)] },
      { itemId: 'nut', points: [point('2026-04-06', 30, 0, 70)] },
      { itemId: 'washer', points: [point('2026-04-06', 500, 400, 600)] },
    ], new Map([['bolt', { priceMinor: 200, unitCostMinor: 150 }], ['nut', { priceMinor: 1_000, unitCostMinor: 400 }]]), run);
    expect(outlook!.weeks).toEqual([
      { weekStart: '2026-04-06', revenueMinor: 80_000, lowMinor: 37_151, highMinor: 136_886 },
      // 50 × 200 + 30 × 1,000 = 40,000; low √(6,000² + 25,000²) = 25,709.9; high √(6,000² + 25,000²).
      { weekStart: '2026-04-13', revenueMinor: 40_000, lowMinor: 14_290, highMinor: 65_710 },
    ]);
    // Revenue 120,000; margin 150 × 50 + 90 × 600 = 61,500 → 51.25%.
    expect(outlook).toMatchObject({ ...run, marginPct: 51.25, pricedItems: 2, unpricedItems: 1 });
  });

  it('keeps the band inside zero and the point when an interval is odd', () => {
    const outlook = buildSalesOutlook([{ itemId: 'a', points: [point('2026-04-06', -5, -20, -1), point('2026-04-13', 10, 12, 8)] }],
      new Map([['a', { priceMinor: 100, unitCostMinor: 0 }]]), run);
    expect(outlook!.weeks).toEqual([
      { weekStart: '2026-04-06', revenueMinor: 0, lowMinor: 0, highMinor: 0 },
      { weekStart: '2026-04-13', revenueMinor: 1_000, lowMinor: 1_000, highMinor: 1_000 },
    ]);
  });

  it('is null when no forecast item has a selling price, and clamps a loss-making margin', () => {
    expect(buildSalesOutlook([{ itemId: 'a', points: [point('2026-04-06', 5, 1, 9)] }], new Map([['a', { priceMinor: 0, unitCostMinor: 10 }]]), run)).toBeNull();
    expect(buildSalesOutlook([], new Map(), run)).toBeNull();
    const loss = buildSalesOutlook([{ itemId: 'a', points: [point('2026-04-06', 5, 1, 9)] }], new Map([['a', { priceMinor: 100, unitCostMinor: 500 }]]), run);
    expect(loss!.marginPct).toBe(-100);
  });
});
