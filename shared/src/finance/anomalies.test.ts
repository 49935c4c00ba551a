import { describe, expect, it } from 'vitest';
import type { FinanceDocument, InventoryMonth } from '../domain/finance.schema';
import { ratioJumps } from './anomalies-ratios';
import { duplicateBills, overdueSpike, slowerPayers } from './anomalies-receivables';
import { stockAlerts } from './anomalies-stock';
import { detectAnomalies, sameDayLastMonth } from './anomalies';
import { dayNumber, isoDay } from './days';
import { prepareFinanceBook, type FinanceData } from './finance-book';
import type { WorkingCapitalSnapshot } from './working-capital-snapshot';

type Doc = Pick<FinanceDocument, 'id' | 'type' | 'contactId' | 'dueOn' | 'totalMinor'> & Partial<FinanceDocument>;
const doc = (d: Doc): FinanceDocument => ({ number: d.id.toUpperCase(), issuedOn: '2025-06-01', currency: 'GBP', status: 'AUTHORISED', settlements: [], ...d });
const paid = (dueOn: string, lateDays: number, id: string): FinanceDocument => doc({
  id, type: 'ACCREC', contactId: 'acme', dueOn, totalMinor: 10_000, status: 'PAID',
  settlements: [{ on: isoDay(dayNumber(dueOn) + lateDays), amountMinor: 10_000, kind: 'payment', sourceId: null }],
});
const months = (itemId: string, outs: number[], closingQuantity: number, value: number): InventoryMonth[] => outs.map((outQuantity, i) => ({
  itemId, category: 'finished', month: isoDay(dayNumber('2025-09-01') + [0, 30, 61, 91, 122, 153, 181][i]!), closingQuantity,
  closingValueMinor: value, closingValueFifoMinor: value, cogsMinor: outQuantity * 100, cogsFifoMinor: outQuantity * 100, outQuantity,
}));

const data: FinanceData = {
  baseCurrency: 'GBP', fxRates: [],
  contacts: [
    { id: 'acme', kind: 'customer', name: 'Acme Ltd', currency: 'GBP', paymentTermsDays: 30 },
    { id: 'steel', kind: 'supplier', name: 'Steel Supply', currency: 'GBP', paymentTermsDays: 30 },
  ],
  documents: [
    // Overdue since January: 1,000.00 at every weekly point; from 30 March another 1,500.00.
    doc({ id: 'x', type: 'ACCREC', contactId: 'acme', dueOn: '2026-01-01', totalMinor: 100_000 }),
    doc({ id: 'y', type: 'ACCREC', contactId: 'acme', dueOn: '2026-03-30', totalMinor: 150_000 }),
    // Acme paid 5 days late through 2025, 30 and 40 days late lately.
    paid('2025-06-01', 5, 'h1'), paid('2025-08-01', 5, 'h2'), paid('2025-10-01', 5, 'h3'),
    paid('2026-01-20', 30, 'r1'), paid('2026-02-01', 40, 'r2'),
    // Two bills for 500.00 two days apart under different numbers; a third eight days later; a re-sent copy under the same number.
    doc({ id: 'b1', type: 'ACCPAY', contactId: 'steel', number: 'S-101', issuedOn: '2026-03-10', dueOn: '2026-04-09', totalMinor: 50_000 }),
    doc({ id: 'b2', type: 'ACCPAY', contactId: 'steel', number: 'S-102', issuedOn: '2026-03-12', dueOn: '2026-04-11', totalMinor: 50_000 }),
    doc({ id: 'b3', type: 'ACCPAY', contactId: 'steel', number: 'S-110', issuedOn: '2026-03-20', dueOn: '2026-04-19', totalMinor: 50_000 }),
    doc({ id: 'b4', type: 'ACCPAY', contactId: 'steel', number: 'S-200', issuedOn: '2026-02-01', dueOn: '2026-03-01', totalMinor: 7_000 }),
    doc({ id: 'b5', type: 'ACCPAY', contactId: 'steel', number: 's-200 ', issuedOn: '2026-02-02', dueOn: '2026-03-02', totalMinor: 7_000 }),
  ],
  // September 2025 to March 2026. slow: last outflow in September. excess: 120 on hand, 10 out a month.
  inventoryMonths: [
    ...months('slow', [10, 0, 0, 0, 0, 0, 0], 100, 5_000),
    ...months('excess', [10, 10, 10, 10, 10, 10, 10], 120, 12_000),
    ...months('fine', [50, 50, 50, 50, 50, 50, 50], 100, 9_000),
  ],
};
const book = prepareFinanceBook(data);
const asOf = dayNumber('2026-03-31');

describe('anomalies', () => {
  it('flags an overdue spike against the previous 8 weeks, listing the invoices behind it', () => {
    // Weekly points 31 March back to 3 February: x 100,000 at all eight earlier points; r1 (due 20 Jan, paid
    // 19 Feb) 10,000 at three, r2 (due 1 Feb, paid 13 Mar) at six: (800,000 + 90,000) ÷ 8 = 111,250.
    const [alert, ...rest] = overdueSpike(book, asOf);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: 'overdue_spike', severity: 'high', measure: { current: 250_000, reference: 111_250, unit: 'minor' }, rows: { kind: 'document', ids: ['y', 'x'] } });
    expect(alert!.explanation).toBe('Overdue receivables are 2,500.00 GBP on 2026-03-31, 125% above their average of 1,112.50 GBP over the previous 8 weeks (2 invoices overdue).');
    expect(overdueSpike(book, dayNumber('2026-03-29'))).toEqual([]);
  });

  it('flags a customer paying slower than its own history', () => {
    const [alert] = slowerPayers(book, asOf);
    // Recent: 30 and 40 days → 35; before: 5, 5, 5 → 5; 30 days slower.
    expect(alert).toMatchObject({ kind: 'slower_payer', severity: 'high', subject: { id: 'acme', name: 'Acme Ltd' }, measure: { current: 35, reference: 5 }, rows: { ids: ['r2', 'r1'] } });
    expect(alert!.explanation).toBe('Acme Ltd paid its last 2 invoices 35 days after due on average, 30 days slower than its usual 5 days (3 invoices in the year before).');
    expect(slowerPayers(book, asOf, { minDays: 31 })).toEqual([]);
  });

  it('flags bills from one supplier for the same amount a few days apart under different numbers', () => {
    const alerts = duplicateBills(book);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'duplicate_bill', severity: 'high', rows: { ids: ['b1', 'b2'] } });
    expect(alerts[0]!.explanation).toBe('Bills S-101, S-102 from Steel Supply are for the same 500.00 GBP, dated 2 days apart (2026-03-10 to 2026-03-12); 2 of them unpaid.');
  });

  it('flags excess and slow-moving stock, and leaves stock that turns over alone', () => {
    const alerts = stockAlerts(book.inventory, asOf, 'GBP');
    expect(alerts.map((a) => [a.kind, a.subject!.id, a.severity])).toEqual([['slow_moving_stock', 'slow', 'medium'], ['excess_stock', 'excess', 'medium']]);
    expect(alerts[0]!.explanation).toBe('slow: 100 units worth 50.00 GBP with no outflow in the last 6 months (last outflow in 2025-09).');
    expect(alerts[1]!.explanation).toBe('excess: 120 units cover 12 months of its average outflow (10 a month over 6 months), above the 6-month limit by 60.00 GBP.');
  });

  it('flags a DSO jump month over month with the customers behind it', () => {
    const snap = (receivables: [number, number], endOn: string): WorkingCapitalSnapshot => ({
      baseCurrency: 'GBP', startOn: '', endOn, periodDays: 90, costing: 'mac', receivablesMinor: receivables[0] + receivables[1], revenueMinor: 900_000,
      payablesMinor: 0, purchasesMinor: 0, inventoryMinor: 50_000, cogsMinor: 100_000, suppliers: [], fxGaps: [],
      customers: [{ contactId: 'acme', receivablesMinor: receivables[0], revenueMinor: 450_000 }, { contactId: 'zeta', receivablesMinor: receivables[1], revenueMinor: 450_000 }],
      items: [{ itemId: 'widget', category: 'finished', inventoryMinor: 50_000, cogsMinor: 100_000, closingQuantity: 5 }],
    });
    const alerts = ratioJumps(book, snap([200_000, 100_000], '2026-02-28'), snap([200_000, 250_000], '2026-03-31'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'dso_jump', severity: 'high', measure: { current: 45, reference: 30 }, rows: { kind: 'contact', ids: ['zeta'] } });
    expect(alerts[0]!.explanation).toBe('DSO rose from 30 to 45 days (+15 days, +50%) between 2026-02-28 and 2026-03-31 over 90-day periods; most of the rise is from zeta.');
  });

  it('collects every alert, most severe first', () => {
    const alerts = detectAnomalies(book, { asOf: '2026-03-31' });
    expect(alerts.map((a) => a.kind)).toEqual(['duplicate_bill', 'overdue_spike', 'slower_payer', 'excess_stock', 'slow_moving_stock']);
  });

  it('finds the same day last month, or that month’s end', () => {
    expect(isoDay(sameDayLastMonth(dayNumber('2026-03-31')))).toBe('2026-02-28');
    expect(isoDay(sameDayLastMonth(dayNumber('2026-03-15')))).toBe('2026-02-15');
    expect(isoDay(sameDayLastMonth(dayNumber('2026-01-31')))).toBe('2025-12-31');
  });
});
