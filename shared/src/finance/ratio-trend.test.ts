import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareFinanceBook } from './finance-book';
import { ratioTrend } from './ratio-trend';
import { computeRatios } from './ratios';
import { asOfArb, financeDataArb } from './test/arbitraries';
import { financeData } from './test/fixtures';

const book = prepareFinanceBook(financeData);

describe('monthly trend', () => {
  it('computes the ratios at each month end, the last point on the end day', () => {
    const points = ratioTrend(book, { endOn: '2026-03-15', periodDays: 30, months: 3 });
    expect(points.map((p) => p.endOn)).toEqual(['2026-01-31', '2026-02-28', '2026-03-15']);
    // 31 January, 30 days from 2 January: revenue i1 120,000 + i3 80,000; AR i1 120,000 + i3 at 1.25
    // 80,000 + i5 40,000 (issued in November, still open).
    expect(points[0]!.ratios.dso).toMatchObject({ numeratorMinor: 240_000, denominatorMinor: 200_000, value: 36 });
    // COGS: 30 of January's 31 days of 30,000 = 29,032.26 → 29,032; stock at 31 January 90,000.
    expect(points[0]!.ratios.dio).toMatchObject({ numeratorMinor: 90_000, denominatorMinor: 29_032 });
    // 15 March is mid-month: stock is February's closing (80,000 + 20,000).
    expect(points[2]!.ratios.dio.numeratorMinor).toBe(100_000);
  });

  it('gives each point the same ratios as a full snapshot on that day', () => {
    const points = ratioTrend(book, { endOn: '2026-03-31', periodDays: 90, months: 4, costing: 'fifo' });
    for (const point of points) expect(point.ratios).toEqual(computeRatios(book, { endOn: point.endOn, periodDays: 90, costing: 'fifo' }).ratios);
  });

  it('property: the one-sweep trend equals a snapshot on every point', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, fc.constantFrom(30, 90, 365), fc.integer({ min: 1, max: 15 }), (data, endOn, periodDays, months) => {
      const b = prepareFinanceBook(data);
      for (const point of ratioTrend(b, { endOn, periodDays, months })) {
        expect(point.ratios).toEqual(computeRatios(b, { endOn: point.endOn, periodDays }).ratios);
      }
    }), { numRuns: 200 });
  });

  it('refuses a number of months that is not a positive whole number', () => {
    expect(() => ratioTrend(book, { endOn: '2026-03-15', periodDays: 30, months: 0 })).toThrow('months must be a positive whole number');
  });
});
