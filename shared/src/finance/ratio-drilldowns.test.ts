import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareFinanceBook } from './finance-book';
import { dioByCategory, dioByItem, dpoBySupplier, dsoByCustomer } from './ratio-drilldowns';
import { computeRatios } from './ratios';
import { asOfArb, expectClose, financeDataArb } from './test/arbitraries';
import { AS_OF, financeData } from './test/fixtures';

const book = prepareFinanceBook(financeData);
const { snapshot, ratios } = computeRatios(book, { endOn: AS_OF, periodDays: 90 });

describe('drill-downs', () => {
  it('DSO by customer: own days and the days each adds to the company DSO', () => {
    const rows = dsoByCustomer(book, snapshot);
    // alpha: AR 120,000 on revenue 120,000 + 200,000 − 30,000 = 290,000; bravo 62,500 on 80,000; charlie 30,000 on 50,000.
    expect(rows.map((r) => [r.id, r.numeratorMinor, r.denominatorMinor])).toEqual([['alpha', 120_000, 290_000], ['bravo', 62_500, 80_000], ['charlie', 30_000, 50_000]]);
    expect(rows[1]!.days).toBeCloseTo((62_500 / 80_000) * 90, 9);
    expect(rows[0]!.contributionDays).toBeCloseTo((120_000 / 420_000) * 90, 9);
    expect(rows.reduce((a, r) => a + r.contributionDays!, 0)).toBeCloseTo(ratios.dso.value!, 9);
    expect(rows[0]!.name).toBe('Alpha Retail');
  });

  it('DPO by supplier: days on its own bills and its share of DPO', () => {
    const rows = dpoBySupplier(book, snapshot);
    // pack: AP 90,000, bills 90,000 → 90 days; steel: AP 55,000, bills 60,000 + 30,000 − 5,000 = 85,000.
    expect(rows.map((r) => [r.id, r.numeratorMinor, r.denominatorMinor, r.days])).toEqual([['pack', 90_000, 90_000, 90], ['steel', 55_000, 85_000, (55_000 * 90) / 85_000]]);
    expect(rows.reduce((a, r) => a + r.contributionDays!, 0)).toBeCloseTo(ratios.dpo.value!, 9);
  });

  it('DIO by item and by category; an item with no COGS has no days of its own', () => {
    const items = dioByItem(snapshot, new Map([['widget', 'Widget']]));
    expect(items.map((r) => [r.id, r.name, r.category, r.days])).toEqual([['widget', 'Widget', 'finished', 81], ['bolt', 'bolt', 'parts', null]]);
    expect(items[1]!.contributionDays).toBe(18);
    expect(dioByCategory(snapshot).map((r) => [r.id, r.numeratorMinor, r.denominatorMinor])).toEqual([['finished', 90_000, 100_000], ['parts', 20_000, 0]]);
  });

  it('property: contributions add up to the company ratio', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, (data, endOn) => {
      const b = prepareFinanceBook(data);
      const { snapshot: s, ratios: r } = computeRatios(b, { endOn, periodDays: 90 });
      const check = (rows: { contributionDays: number | null }[], value: number | null) => {
        if (value === null) return;
        // Contributions of opposite signs (credit notes) may cancel: float noise scales with their sizes.
        const scale = rows.reduce((a, x) => a + Math.abs(x.contributionDays ?? 0), 0);
        expectClose(rows.reduce((a, x) => a + (x.contributionDays ?? 0), 0), value, scale);
      };
      check(dsoByCustomer(b, s), r.dso.value);
      check(dpoBySupplier(b, s), r.dpo.value);
      check(dioByItem(s), r.dio.value);
      check(dioByCategory(s), r.dio.value);
    }), { numRuns: 200 });
  });
});
