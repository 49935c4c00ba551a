import fc from 'fast-check';
import type { FinanceContact, FinanceDocument, FxRate, InventoryMonth } from '../../domain/finance.schema';
import { isoDay } from '../days';
import type { FinanceData } from '../finance-book';

// Random but well-formed finance data for the property tests: a few contacts, invoices and credit
// notes in two currencies with payments and allocations spread over 2025, monthly inventory rows.

export const START = 20_089; // 2025-01-01 as a day number
const day = (offset: number) => isoDay(START + offset);

const docArb = (ids: { customers: string[]; suppliers: string[] }) => fc.record({
  ar: fc.boolean(),
  credit: fc.integer({ min: 0, max: 9 }),
  contact: fc.nat(),
  usd: fc.boolean(),
  issued: fc.integer({ min: 0, max: 360 }),
  terms: fc.integer({ min: 0, max: 60 }),
  total: fc.integer({ min: 1, max: 5_000_000 }),
  voided: fc.integer({ min: 0, max: 19 }),
  payments: fc.array(fc.record({ after: fc.integer({ min: 0, max: 200 }), share: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
}).map((d) => {
  const pool = d.ar ? ids.customers : ids.suppliers;
  const kind = d.credit === 0 ? (d.ar ? 'ACCRECCREDIT' : 'ACCPAYCREDIT') : d.credit === 1 ? (d.ar ? 'RECEIVE-PREPAYMENT' : 'SPEND-PREPAYMENT') : d.ar ? 'ACCREC' : 'ACCPAY';
  return { ...d, type: kind as FinanceDocument['type'], contactId: pool[d.contact % pool.length]! };
});

export const financeDataArb: fc.Arbitrary<FinanceData> = fc.record({
  customers: fc.integer({ min: 1, max: 4 }),
  suppliers: fc.integer({ min: 1, max: 3 }),
  rates: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 364 }), perBase: fc.double({ min: 0.5, max: 2, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
  items: fc.array(fc.record({ category: fc.constantFrom('raw', 'finished', 'packaging'), months: fc.array(fc.record({ cogs: fc.integer({ min: 0, max: 2_000_000 }), value: fc.integer({ min: 0, max: 5_000_000 }) }), { minLength: 1, maxLength: 12 }) }), { maxLength: 4 }),
}).chain((shape) => {
  const customers = Array.from({ length: shape.customers }, (_, i) => `c${i}`);
  const suppliers = Array.from({ length: shape.suppliers }, (_, i) => `s${i}`);
  return fc.array(docArb({ customers, suppliers }), { maxLength: 30 }).map((raw): FinanceData => {
    const contacts: FinanceContact[] = [
      ...customers.map((id, i): FinanceContact => ({ id, kind: 'customer', name: `Customer ${i}`, currency: 'GBP', paymentTermsDays: 30 })),
      ...suppliers.map((id, i): FinanceContact => ({ id, kind: 'supplier', name: `Supplier ${i}`, currency: 'GBP', paymentTermsDays: 45 })),
    ];
    const documents: FinanceDocument[] = raw.map((d, i) => ({
      id: `d${i}`, type: d.type, contactId: d.contactId, number: `N-${i}`, issuedOn: day(d.issued), dueOn: day(d.issued + d.terms),
      currency: d.usd ? 'USD' : 'GBP', totalMinor: d.total, status: d.voided === 0 ? 'VOIDED' : 'AUTHORISED', settlements: [],
    }));
    // Payments and allocations of credit to invoices of the same contact, never beyond the total.
    raw.forEach((d, i) => {
      const target = documents[i]!;
      let left = target.totalMinor;
      for (const p of d.payments) {
        const amount = Math.min(left, Math.max(1, Math.floor((target.totalMinor * p.share) / 100)));
        if (amount <= 0) break;
        left -= amount;
        const credit = target.type.endsWith('CREDIT') || target.type.includes('PREPAYMENT');
        const on = day(d.issued + p.after);
        if (!credit) { target.settlements.push({ on, amountMinor: amount, kind: 'payment', sourceId: null }); continue; }
        const invoice = documents.find((o) => o.contactId === target.contactId && o.currency === target.currency && (o.type === 'ACCREC' || o.type === 'ACCPAY'));
        if (invoice) invoice.settlements.push({ on, amountMinor: amount, kind: target.type.includes('PREPAYMENT') ? 'prepayment' : 'credit_note', sourceId: target.id });
      }
    });
    const fxRates: FxRate[] = shape.rates.map((r) => ({ currency: 'USD', day: day(r.offset), perBase: r.perBase }));
    const inventoryMonths: InventoryMonth[] = shape.items.flatMap((item, i) => item.months.map((m, k): InventoryMonth => ({
      itemId: `item${i}`, category: item.category, month: `2025-${String(k + 1).padStart(2, '0')}-01`, closingQuantity: 1,
      closingValueMinor: m.value, closingValueFifoMinor: m.value, cogsMinor: m.cogs, cogsFifoMinor: m.cogs, outQuantity: m.cogs > 0 ? 1 : 0,
    })));
    return { baseCurrency: 'GBP', contacts, documents, fxRates, inventoryMonths };
  });
});

/** Any day of 2025 and the first weeks of 2026, ISO. */
export const asOfArb = fc.integer({ min: 0, max: 420 }).map(day);

/** Equal within float noise relative to the size of the numbers (days can run to millions on odd data). */
export function expectClose(actual: number | null, wanted: number, scale = 0): void {
  if (actual === null || Math.abs(actual - wanted) > 1e-9 * Math.max(1, scale, Math.abs(actual), Math.abs(wanted))) {
    throw new Error(`expected ${actual} to be within float noise of ${wanted}`);
  }
}
