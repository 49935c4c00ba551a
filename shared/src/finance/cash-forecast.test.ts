import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FinanceDocument } from '../domain/finance.schema';
import { computeAging } from './aging';
import { forecastCash } from './cash-forecast';
import { prepareFinanceBook, type FinanceData } from './finance-book';
import { asOfArb, financeDataArb } from './test/arbitraries';

type Doc = Pick<FinanceDocument, 'id' | 'type' | 'contactId' | 'dueOn' | 'totalMinor'> & Partial<FinanceDocument>;
const doc = (d: Doc): FinanceDocument => ({ number: d.id, issuedOn: '2026-01-01', currency: 'GBP', status: 'AUTHORISED', settlements: [], ...d });
const paidOn = (on: string, amountMinor = 100_000) => ({ settlements: [{ on, amountMinor, kind: 'payment' as const, sourceId: null }], status: 'PAID' as const });

// Alpha paid its last three invoices 10, 20 and 30 days late (p10 10, median 20, p90 30); Bravo has
// one invoice on record, paid on the day, so it takes the company's delays: 0, 10, 20, 30 with
// equal weights → p10 0, median 10, p90 30. Charlie has none and takes the company's too.
const data: FinanceData = {
  baseCurrency: 'GBP', fxRates: [], inventoryMonths: [],
  contacts: [
    { id: 'alpha', kind: 'customer', name: 'Alpha', currency: 'GBP', paymentTermsDays: 30 },
    { id: 'bravo', kind: 'customer', name: 'Bravo', currency: 'GBP', paymentTermsDays: 30 },
    { id: 'charlie', kind: 'customer', name: 'Charlie', currency: 'GBP', paymentTermsDays: 30 },
    { id: 'steel', kind: 'supplier', name: 'Steel', currency: 'GBP', paymentTermsDays: 30 },
  ],
  documents: [
    doc({ id: 'a1', type: 'ACCREC', contactId: 'alpha', dueOn: '2026-01-10', totalMinor: 100_000, ...paidOn('2026-01-20') }),
    doc({ id: 'a2', type: 'ACCREC', contactId: 'alpha', dueOn: '2026-02-01', totalMinor: 100_000, ...paidOn('2026-02-21') }),
    doc({ id: 'a3', type: 'ACCREC', contactId: 'alpha', dueOn: '2026-02-10', totalMinor: 100_000, ...paidOn('2026-03-12') }),
    doc({ id: 'b1', type: 'ACCREC', contactId: 'bravo', dueOn: '2026-02-15', totalMinor: 100_000, ...paidOn('2026-02-15') }),
    // Open: alpha 1,000.00 due 5 April → expected 25 April (week 3), early 15 April (week 2), late 5 May (week 4).
    doc({ id: 'a4', type: 'ACCREC', contactId: 'alpha', dueOn: '2026-04-05', totalMinor: 100_000, issuedOn: '2026-03-06' }),
    // Bravo 500.00 due 20 March → expected 30 March, overdue so week 0; early week 0; late 19 April, week 2.
    doc({ id: 'b2', type: 'ACCREC', contactId: 'bravo', dueOn: '2026-03-20', totalMinor: 50_000 }),
    // Charlie 700.00 due 1 September: beyond the 13 weeks.
    doc({ id: 'c1', type: 'ACCREC', contactId: 'charlie', dueOn: '2026-09-01', totalMinor: 70_000, issuedOn: '2026-03-25' }),
    // Bills on their terms: 300.00 on 10 April (week 1), 200.00 overdue (week 0).
    doc({ id: 's1', type: 'ACCPAY', contactId: 'steel', dueOn: '2026-04-10', totalMinor: 30_000 }),
    doc({ id: 's2', type: 'ACCPAY', contactId: 'steel', dueOn: '2026-03-01', totalMinor: 20_000 }),
  ],
};

const book = prepareFinanceBook(data);
const options = {
  asOf: '2026-04-01', openingCashMinor: 100_000,
  // 10,000.00 of sales in the week of 6 April at 25% margin, collected 14 days later (20 April, week 2).
  forecastSales: { weeks: [{ weekStart: '2026-04-06', revenueMinor: 1_000_000, lowMinor: 800_000, highMinor: 1_200_000 }], marginPct: 25, collectionLagDays: 14 },
  plannedPurchases: [{ id: 'po-7', payOn: '2026-04-20', amountMinor: 40_000, currency: 'GBP' }],
};

describe('13-week cash forecast', () => {
  it('places each flow by the customer’s own delay, with a band from its spread', () => {
    const forecast = forecastCash(book, options);
    expect(forecast.weeks).toHaveLength(13);
    expect(forecast.weeks[0]).toMatchObject({ weekStart: '2026-04-01', weekEnd: '2026-04-07', openingMinor: 100_000, receivablesMinor: 50_000, payablesMinor: 20_000, closingMinor: 130_000 });
    const closing = forecast.weeks.map((w) => [w.closingLowMinor, w.closingMinor, w.closingHighMinor]);
    // See the worked figures above: week 2 gets the sales margin (2,500.00; 2,000.00 to 3,000.00) and the purchase.
    expect(closing.slice(0, 5)).toEqual([[80_000, 130_000, 130_000], [50_000, 100_000, 100_000], [260_000, 310_000, 460_000], [260_000, 410_000, 460_000], [360_000, 410_000, 460_000]]);
    expect(closing[12]).toEqual([360_000, 410_000, 460_000]);
    expect(forecast.weeks[2]).toMatchObject({ forecastSalesMinor: 250_000, plannedPurchasesMinor: 40_000, inflowsMinor: 250_000, outflowsMinor: 40_000, netMinor: 210_000 });
    expect(forecast.beyondHorizon).toEqual({ receivable: 70_000, payable: 0, forecast_sales: 0, planned_purchase: 0 });
  });

  it('says which history each customer’s dates come from', () => {
    const forecast = forecastCash(book, options);
    expect(forecast.flows.find((f) => f.sourceId === 'a4')).toMatchObject({ expectedOn: '2026-04-25', earlyOn: '2026-04-15', lateOn: '2026-05-05', week: 3, basis: 'customer_history' });
    expect(forecast.flows.find((f) => f.sourceId === 'b2')).toMatchObject({ expectedOn: '2026-03-30', week: 0, basis: 'company_history' });
    expect(forecast.customerDelays.map((c) => [c.contactId, c.basis, c.p10, c.p50, c.p90])).toEqual([
      ['alpha', 'customer_history', 10, 20, 30], ['bravo', 'company_history', 0, 10, 30], ['charlie', 'company_history', 0, 10, 30],
    ]);
    expect(forecast.companyDelay).toMatchObject({ sampleSize: 4, meanDays: 15 });
  });

  it('falls back to the due date when nobody has paid anything yet', () => {
    const fresh = prepareFinanceBook({ ...data, documents: data.documents.filter((d) => d.status !== 'PAID') });
    const forecast = forecastCash(fresh, { asOf: '2026-04-01', openingCashMinor: 0 });
    expect(forecast.flows.find((f) => f.sourceId === 'a4')).toMatchObject({ expectedOn: '2026-04-05', earlyOn: '2026-04-05', lateOn: '2026-04-05', basis: 'terms' });
    expect(forecast.companyDelay).toBeNull();
  });

  it('refuses options it cannot use, saying why', () => {
    expect(() => forecastCash(book, { ...options, weeks: 0 })).toThrow('weeks must be a positive whole number');
    expect(() => forecastCash(book, { ...options, openingCashMinor: 1.5 })).toThrow('openingCashMinor must be whole minor units');
    expect(() => forecastCash(book, { ...options, forecastSales: { ...options.forecastSales, marginPct: 250 } })).toThrow('marginPct must be between -100 and 100');
  });

  it('takes the book’s sales outlook and open purchase orders unless told not to', () => {
    // Outlook: 8,000.00 in the week of 30 March, of which 5 days of 7 are left from Wednesday 1 April
    // (5,714.29 at 40% = 2,285.71), and 7,000.00 in the week of 6 April (2,800.00); both collected
    // after the company's median days from invoice to payment.
    const planned = prepareFinanceBook({
      ...data,
      salesOutlook: {
        runId: 'run-9', generatedAt: '2026-03-30T02:00:00.000Z', marginPct: 40, pricedItems: 12, unpricedItems: 1,
        weeks: [{ weekStart: '2026-03-30', revenueMinor: 800_000, lowMinor: 600_000, highMinor: 1_000_000 }, { weekStart: '2026-04-06', revenueMinor: 700_000, lowMinor: 700_000, highMinor: 700_000 }],
      },
      plannedPurchases: [
        { id: 'po-1', number: 'PO-1', supplierId: 'steel', expectedOn: '2026-04-03', payOn: '2026-05-03', amountMinor: 60_000, currency: 'GBP' },
        { id: 'po-2', number: 'PO-2', supplierId: 'steel', expectedOn: '2026-04-03', payOn: '2026-05-03', amountMinor: 10_000, currency: 'XYZ' },
      ],
    });
    const forecast = forecastCash(planned, { asOf: '2026-04-01', openingCashMinor: 0, plannedPurchases: [{ id: 'mine', payOn: '2026-04-02', amountMinor: 5_000, currency: 'GBP' }] });
    const sales = forecast.flows.filter((f) => f.kind === 'forecast_sales');
    expect(sales.map((f) => f.amountBaseMinor)).toEqual([228_571, 280_000]);
    expect(sales[0]!.expectedOn > '2026-04-01').toBe(true);
    expect(forecast.flows.filter((f) => f.kind === 'planned_purchase').map((f) => [f.sourceId, f.contactId, f.amountBaseMinor, f.expectedOn]))
      .toEqual([['po-1', 'steel', -60_000, '2026-05-03'], ['mine', null, -5_000, '2026-04-02']]);
    expect(forecast.plan).toEqual({
      salesOutlook: { runId: 'run-9', generatedAt: '2026-03-30T02:00:00.000Z', marginPct: 40, pricedItems: 12, unpricedItems: 1 },
      openOrders: { count: 1, amountBaseMinor: 60_000 },
    });
    // The order in an unknown currency is named, not guessed at.
    expect(forecast.fxGaps.map((g) => g.currency)).toEqual(['XYZ']);
    expect(forecast.weeks.reduce((a, w) => a + w.plannedPurchasesMinor, 0)).toBe(65_000);
    expect(forecast.weeks.reduce((a, w) => a + w.forecastSalesMinor, 0) + forecast.beyondHorizon.forecast_sales).toBe(508_571);

    const bare = forecastCash(planned, { asOf: '2026-04-01', openingCashMinor: 0, include: { salesOutlook: false, openOrders: false } });
    expect(bare.flows.some((f) => f.kind === 'forecast_sales' || f.kind === 'planned_purchase')).toBe(false);
    expect(bare.plan).toEqual({ salesOutlook: null, openOrders: { count: 0, amountBaseMinor: 0 } });
    expect(bare.weeks.at(-1)!.closingMinor).toBe(forecastCash(book, { asOf: '2026-04-01', openingCashMinor: 0 }).weeks.at(-1)!.closingMinor);
    // Sales the person types in stand in for the outlook.
    expect(forecastCash(planned, options).plan.salesOutlook).toBeNull();
  });

  it('property: every open balance lands once (in a week or beyond), and the band holds the line', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, fc.integer({ min: -1_000_000, max: 1_000_000 }), (raw, asOf, opening) => {
      const b = prepareFinanceBook(raw);
      const forecast = forecastCash(b, { asOf, openingCashMinor: opening, minHistory: 1 });
      const ar = computeAging(b, { ledger: 'AR', asOf }).totals.totalBaseMinor;
      const ap = computeAging(b, { ledger: 'AP', asOf }).totals.totalBaseMinor;
      const weeks = forecast.weeks;
      expect(weeks.reduce((a, w) => a + w.receivablesMinor, 0) + forecast.beyondHorizon.receivable).toBe(ar);
      expect(weeks.reduce((a, w) => a + w.payablesMinor, 0) - forecast.beyondHorizon.payable).toBe(ap);
      expect(weeks[12]!.closingMinor).toBe(opening + ar - forecast.beyondHorizon.receivable - ap - forecast.beyondHorizon.payable);
      for (const w of weeks) {
        expect(w.closingLowMinor).toBeLessThanOrEqual(w.closingMinor);
        expect(w.closingHighMinor).toBeGreaterThanOrEqual(w.closingMinor);
      }
    }), { numRuns: 300 });
  });
});
