import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareFinanceBook } from './finance-book';
import { computeRatios, ratiosFromTotals } from './ratios';
import { asOfArb, expectClose, financeDataArb } from './test/arbitraries';
import { AS_OF, expected, financeData } from './test/fixtures';

const book = prepareFinanceBook(financeData);

describe('ratios', () => {
  it('computes DSO, DPO, DIO and CCC over 90 days with their figures and formulas', () => {
    const { snapshot, ratios } = computeRatios(book, { endOn: AS_OF, periodDays: 90 });
    const e = expected.period90;
    expect(snapshot).toMatchObject({ startOn: '2026-01-01', endOn: AS_OF, revenueMinor: e.revenue, purchasesMinor: e.purchases, cogsMinor: e.cogs, inventoryMinor: e.inventory, receivablesMinor: expected.receivables, payablesMinor: expected.payables });
    expect(ratios.dso).toEqual({
      key: 'dso', formula: 'DSO = AR ÷ revenue × days', value: e.dso, numeratorLabel: 'AR', numeratorMinor: expected.receivables,
      denominatorLabel: 'revenue', denominatorMinor: e.revenue, days: 90, reason: null,
    });
    expect(ratios.dpo).toMatchObject({ formula: 'DPO = AP ÷ COGS × days', value: e.dpo, numeratorMinor: expected.payables, denominatorMinor: e.cogs });
    expect(ratios.dio).toMatchObject({ formula: 'DIO = inventory ÷ COGS × days', value: e.dio, numeratorMinor: e.inventory, denominatorMinor: e.cogs });
    expect(ratios.ccc).toEqual({ key: 'ccc', formula: 'CCC = DIO + DSO − DPO', value: e.dio + e.dso - e.dpo, reason: null });
    expect(ratios.ccc.value).toBeCloseTo(14.035714, 5);
  });

  it('takes the part of a month the period covers, by days', () => {
    const { snapshot, ratios } = computeRatios(book, { endOn: AS_OF, periodDays: 30 });
    expect(snapshot).toMatchObject({ startOn: '2026-03-02', revenueMinor: expected.period30.revenue, cogsMinor: expected.period30.cogs });
    expect(ratios.dso.value).toBe(expected.period30.dso);
  });

  it('switches COGS and stock to FIFO on request', () => {
    const { snapshot } = computeRatios(book, { endOn: AS_OF, periodDays: 90, costing: 'fifo' });
    expect(snapshot).toMatchObject({ cogsMinor: 28_000 + 31_000 + 41_000, inventoryMinor: 92_000 + 20_000 });
  });

  it('gives null with a reason, never Infinity or NaN, when COGS is zero', () => {
    const noSales = prepareFinanceBook({ ...financeData, inventoryMonths: financeData.inventoryMonths.filter((m) => m.itemId === 'bolt') });
    const { ratios } = computeRatios(noSales, { endOn: AS_OF, periodDays: 90 });
    expect(ratios.dpo).toMatchObject({ value: null, denominatorMinor: 0, reason: 'No COGS in the 90 days to 2026-03-31: DPO is undefined.' });
    expect(ratios.dio).toMatchObject({ value: null, numeratorMinor: 20_000, reason: 'No COGS in the 90 days to 2026-03-31: DIO is undefined.' });
    expect(ratios.dso.value).toBe(expected.period90.dso);
    expect(ratios.ccc).toMatchObject({ value: null, reason: 'CCC needs DIO and DPO, which are undefined.' });
  });

  it('explains a negative denominator (credit notes above sales)', () => {
    const ratios = ratiosFromTotals({ baseCurrency: 'GBP', startOn: '2026-03-02', endOn: AS_OF, periodDays: 30, receivablesMinor: 100, revenueMinor: -2_500, payablesMinor: 0, inventoryMinor: 0, cogsMinor: 10 });
    expect(ratios.dso).toMatchObject({ value: null, reason: 'Revenue is negative (-25.00 GBP) in the 30 days to 2026-03-31: DSO is undefined.' });
    expect(ratios.ccc.reason).toBe('CCC needs DSO, which is undefined.');
  });

  it('refuses a period that is not a positive whole number of days', () => {
    expect(() => computeRatios(book, { endOn: AS_OF, periodDays: 0 })).toThrow('periodDays must be a positive whole number of days, got 0');
  });

  it('property: CCC = DIO + DSO − DPO, each ratio its numerator ÷ denominator × days, all finite', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, fc.constantFrom(30, 90, 365), fc.constantFrom('mac' as const, 'fifo' as const), (data, endOn, periodDays, costing) => {
      const { snapshot, ratios } = computeRatios(prepareFinanceBook(data), { endOn, periodDays, costing });
      for (const r of [ratios.dso, ratios.dpo, ratios.dio]) {
        if (r.denominatorMinor > 0) expectClose(r.value, (r.numeratorMinor / r.denominatorMinor) * periodDays);
        else expect(r).toMatchObject({ value: null, reason: expect.any(String) });
        if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
      }
      const { dso, dpo, dio, ccc } = ratios;
      if (dso.value === null || dpo.value === null || dio.value === null) expect(ccc.value).toBeNull();
      else expect(ccc.value).toBe(dio.value + dso.value - dpo.value);
      expect(snapshot.customers.reduce((a, c) => a + c.receivablesMinor, 0)).toBe(snapshot.receivablesMinor);
      expect(snapshot.items.reduce((a, i) => a + i.cogsMinor, 0)).toBe(snapshot.cogsMinor);
    }), { numRuns: 300 });
  });
});
