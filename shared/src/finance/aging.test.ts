import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAging } from './aging';
import { dayNumber } from './days';
import { prepareFinanceBook } from './finance-book';
import { asOfArb, financeDataArb } from './test/arbitraries';
import { AS_OF, expected, financeData } from './test/fixtures';
import type { FinanceData } from './finance-book';

const book = prepareFinanceBook(financeData);
const bucketsOf = (report: ReturnType<typeof computeAging>, contactId: string) => report.contacts.find((c) => c.contactId === contactId)?.buckets;

describe('aging', () => {
  it('ages receivables by due date per customer and in total, in the base currency', () => {
    const report = computeAging(book, { ledger: 'AR', asOf: AS_OF });
    expect(bucketsOf(report, 'alpha')).toEqual(expected.arAgingDue.alpha);
    expect(bucketsOf(report, 'bravo')).toEqual(expected.arAgingDue.bravo);
    expect(bucketsOf(report, 'charlie')).toEqual(expected.arAgingDue.charlie);
    expect(report.totals).toEqual({ buckets: expected.arAgingDue.total, totalBaseMinor: expected.receivables });
    expect(report.contacts.map((c) => c.name)).toEqual(['Alpha Retail', 'Bravo Inc', 'Charlie Shops']);
    expect(report.fxGaps).toEqual([]);
  });

  it('keeps each row’s own currency for display next to the converted amount', () => {
    const report = computeAging(book, { ledger: 'AR', asOf: AS_OF });
    expect(report.rows.find((r) => r.documentId === 'i3')).toMatchObject({ currency: 'USD', openMinor: 100_000, openBaseMinor: 62_500, days: 40, bucket: '31-60' });
    expect(report.contacts.find((c) => c.contactId === 'bravo')!.byCurrency).toEqual([{ currency: 'USD', openMinor: 100_000 }]);
    expect(report.rows.map((r) => r.documentId)).toEqual(['i5', 'i3', 'cn1', 'i2', 'p1']);
  });

  it('ages by invoice date on request', () => {
    const report = computeAging(book, { ledger: 'AR', asOf: AS_OF, basis: 'invoice' });
    expect(report.totals.buckets).toEqual(expected.arAgingInvoice);
    expect(report.basis).toBe('invoice');
  });

  it('ages payables with supplier credit notes', () => {
    const report = computeAging(book, { ledger: 'AP', asOf: AS_OF });
    expect(bucketsOf(report, 'steel')).toEqual(expected.apAgingDue.steel);
    expect(bucketsOf(report, 'pack')).toEqual(expected.apAgingDue.pack);
    expect(report.totals).toEqual({ buckets: expected.apAgingDue.total, totalBaseMinor: expected.payables });
  });

  it('leaves out rows without a rate, lists them, and still shows them in their currency', () => {
    const late = prepareFinanceBook({ ...financeData, fxRates: [{ currency: 'USD', day: '2026-04-01', perBase: 1.6 }] });
    const gapped = computeAging(late, { ledger: 'AR', asOf: AS_OF });
    expect(gapped.fxGaps).toEqual([{ currency: 'USD', day: AS_OF, message: expect.stringContaining('No USD rate on or before 2026-03-31'), documentIds: ['i3'] }]);
    expect(gapped.rows.find((r) => r.documentId === 'i3')).toMatchObject({ openMinor: 100_000, openBaseMinor: null });
    expect(gapped.totals.totalBaseMinor).toBe(expected.receivables - 62_500);
  });

  it('property: buckets sum to the open balance, per contact and in total', () => {
    fc.assert(fc.property(financeDataArb, asOfArb, fc.constantFrom('AR' as const, 'AP' as const), fc.constantFrom('due' as const, 'invoice' as const), (data, asOf, ledger, basis) => {
      const report = computeAging(prepareFinanceBook(data), { ledger, asOf, basis });
      const reference = referenceBalances(data, asOf, ledger);
      for (const contact of report.contacts) {
        expect(contact.buckets.reduce((a, b) => a + b, 0)).toBe(contact.totalBaseMinor);
        expect(contact.totalBaseMinor).toBe(reference.get(contact.contactId) ?? 0);
      }
      expect(report.totals.buckets.reduce((a, b) => a + b, 0)).toBe(report.totals.totalBaseMinor);
      expect(report.totals.totalBaseMinor).toBe([...reference.values()].reduce((a, b) => a + b, 0));
      expect(report.rows.every((r) => r.openMinor !== 0)).toBe(true);
    }), { numRuns: 300 });
  });
});

/**
 * Open balances worked out the plain way for the property: each document's total less what names it,
 * signed, converted at the as-of rate found by scanning the list of rates.
 */
function referenceBalances(data: FinanceData, asOf: string, ledger: 'AR' | 'AP'): Map<string, number> {
  const day = dayNumber(asOf);
  // The latest day on or before the as-of day; of two rates given for one day, the later in the list.
  let rate: number | undefined, rateDay = -Infinity;
  for (const r of data.fxRates) if (dayNumber(r.day) <= day && dayNumber(r.day) >= rateDay) { rate = r.perBase; rateDay = dayNumber(r.day); }
  const byContact = new Map<string, number>();
  for (const doc of data.documents) {
    const isAr = ['ACCREC', 'ACCRECCREDIT', 'RECEIVE-PREPAYMENT'].includes(doc.type);
    if (isAr !== (ledger === 'AR') || doc.status === 'VOIDED' || dayNumber(doc.issuedOn) > day) continue;
    const credit = doc.type !== 'ACCREC' && doc.type !== 'ACCPAY';
    const settled = credit
      ? data.documents.flatMap((d) => d.settlements).filter((s) => s.sourceId === doc.id && dayNumber(s.on) <= day).reduce((a, s) => a + s.amountMinor, 0)
      : doc.settlements.filter((s) => dayNumber(s.on) <= day).reduce((a, s) => a + s.amountMinor, 0);
    const open = (credit ? -1 : 1) * (doc.totalMinor - settled);
    if (open === 0) continue;
    let base = open;
    if (doc.currency !== 'GBP') {
      if (rate === undefined) continue;
      base = Math.sign(open) * Math.round(Math.abs(open) / rate);
    }
    byContact.set(doc.contactId, (byContact.get(doc.contactId) ?? 0) + base);
  }
  return byContact;
}
