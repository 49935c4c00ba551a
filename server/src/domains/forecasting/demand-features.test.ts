import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uncensorDemand } from './censored-demand';
import { buildDemandSeries, PROMO_REGRESSOR, type WeeklySales } from './demand-features';
import { forecastWindow } from './iso-weeks';

// As of Wednesday 2026-03-04: history is the six weeks from Monday 2026-01-19, the future two weeks from 2026-03-02.
const window = forecastWindow('2026-03-04', 6, 2);
const week = (i: number) => window.history[i]!;
const sale = (i: number, quantity: number, extra: Partial<WeeklySales> = {}): WeeklySales => ({
  siteId: 'site_a', itemId: 'itm_a', week: week(i), quantity, stockout: false, promoDays: 0, ...extra,
});
const longAgo = [{ siteId: 'site_a', itemId: 'itm_a', day: '2020-01-01' }];

describe('uncensorDemand', () => {
  it('replaces a stock-out week by the median of its uncensored neighbours, never below what it sold', () => {
    expect(uncensorDemand([10, 12, 3, 14, 11], [false, false, true, false, false])).toEqual([10, 12, 11.5, 14, 11]);
    expect(uncensorDemand([10, 12, 30, 14, 11], [false, false, true, false, false])).toEqual([10, 12, 30, 14, 11]);
  });

  it('skips censored neighbours and keeps a week with no uncensored neighbour as sold', () => {
    expect(uncensorDemand([8, 1, 2, 10], [false, true, true, false])).toEqual([8, 9, 9, 10]);
    expect(uncensorDemand([4, 5], [true, true])).toEqual([4, 5]);
  });

  it('leaves uncensored weeks alone and never lowers a censored one', () => {
    const weeks = fc.array(fc.record({ sold: fc.nat(1_000), censored: fc.boolean() }), { maxLength: 40 });
    fc.assert(fc.property(weeks, (ws) => {
      const out = uncensorDemand(ws.map((w) => w.sold), ws.map((w) => w.censored));
      ws.forEach((w, i) => {
        if (w.censored) expect(out[i]).toBeGreaterThanOrEqual(w.sold);
        else expect(out[i]).toBe(w.sold);
      });
    }));
  });
});

describe('buildDemandSeries', () => {
  it('sums the channels of a week, fills weeks without sales with zeros, and keeps nothing outside the window', () => {
    const [series] = buildDemandSeries({
      window, promotions: [], firstSales: longAgo,
      sales: [sale(0, 3), sale(0, 2, { promoDays: 0 }), sale(2, 7), { ...sale(0, 99), week: '2026-03-02' }, { ...sale(0, 50), week: '2025-12-29' }],
    });
    expect(series!.y).toEqual([5, 0, 7, 0, 0, 0]);
    expect(series!.history.map((h) => h.period)).toEqual(window.history);
    expect(series!.regressors).toBeUndefined();
  });

  it('marks stock-out weeks and forecasts from an estimate of what customers wanted', () => {
    const [series] = buildDemandSeries({
      window, promotions: [], firstSales: longAgo,
      sales: [sale(0, 10), sale(1, 12), sale(2, 2, { stockout: true }), sale(3, 14), sale(4, 11), sale(5, 9)],
    });
    expect(series!.history[2]).toEqual({ period: week(2), quantity: 11.5, stockout: true, promo: false });
    expect(series!.y[2]).toBe(11.5);
    expect(series!.history.filter((h) => h.stockout)).toHaveLength(1);
  });

  it('flags promotion weeks from the sales and from the promotions planned, with their future as a regressor', () => {
    const [series] = buildDemandSeries({
      window, firstSales: longAgo,
      sales: [sale(0, 4), sale(1, 9, { promoDays: 7 }), sale(3, 4)],
      promotions: [
        // Friday to Sunday of week 3 only.
        { itemId: 'itm_a', startsOn: '2026-02-13', endsOn: '2026-02-15' },
        // Planned: all of next week.
        { itemId: 'itm_a', startsOn: '2026-03-09', endsOn: '2026-03-15' },
        { itemId: 'itm_other', startsOn: '2026-03-02', endsOn: '2026-03-08' },
      ],
    });
    expect(series!.history.map((h) => h.promo)).toEqual([false, true, false, true, false, false]);
    expect(series!.regressors).toEqual({
      history: { [PROMO_REGRESSOR]: [0, 1, 0, 3 / 7, 0, 0] },
      future: { [PROMO_REGRESSOR]: [0, 1] },
    });
  });

  it('starts a product launched in the window at the week of its first sale', () => {
    const [series] = buildDemandSeries({
      window, promotions: [],
      firstSales: [{ siteId: 'site_a', itemId: 'itm_a', day: week(3) }],
      sales: [sale(3, 2), sale(5, 6)],
    });
    expect(series!.history.map((h) => h.period)).toEqual([week(3), week(4), week(5)]);
    expect(series!.y).toEqual([2, 0, 6]);
  });

  it('keeps only series that sold in the window, ordered by site and item', () => {
    const series = buildDemandSeries({
      window, promotions: [], firstSales: [],
      sales: [
        { ...sale(1, 1), siteId: 'site_b', itemId: 'itm_a' },
        { ...sale(1, 1), itemId: 'itm_b' },
        sale(1, 1),
        { ...sale(2, 0, { stockout: true }), itemId: 'itm_never' },
      ],
    });
    expect(series.map((s) => [s.siteId, s.itemId])).toEqual([['site_a', 'itm_a'], ['site_a', 'itm_b'], ['site_b', 'itm_a']]);
  });

  it('makes nothing of no sales at all', () => {
    expect(buildDemandSeries({ window, sales: [], promotions: [], firstSales: [] })).toEqual([]);
  });
});
