import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRows, generateDemo } from './generate-demo';
import {
  barcodeProblems, bomDepths, creditProblems, invoiceProblems, ledgerMismatches, negativeOnHand, overdueInvoices, promotionLift, slowMoverActiveShare,
} from './demo.invariants';
import { weekdayOf } from './dates';
import type { DemoDataset } from './demo.types';

const END = '2025-06-30';
const small = generateDemo({ size: 'small', seed: 7, endDate: END });
const full = generateDemo({ size: 'full', seed: 7, endDate: END });

function soundnessProblems(data: DemoDataset): string[] {
  const depths = bomDepths(data);
  const finished = data.rows.items.filter((i) => i.type === 'finished');
  const selling = new Set(data.rows.sales_daily.filter((s) => Number(s.quantity) > 0).map((s) => s.item_id));
  return [
    ...negativeOnHand(data), ...barcodeProblems(data), ...ledgerMismatches(data), ...invoiceProblems(data), ...creditProblems(data),
    ...finished.filter((f) => !selling.has(f.id)).map((f) => `finished good ${f.sku} never sold`),
    ...(finished.some((f) => (depths.get(f.id) ?? 0) >= 2) ? [] : ['no finished good has a BOM two levels deep']),
  ];
}

describe('generateDemo', () => {
  it('gives identical output for identical inputs, and a different company for another seed', () => {
    expect(generateDemo({ size: 'small', seed: 7, endDate: END })).toEqual(small);
    const other = generateDemo({ size: 'small', seed: 8, endDate: END });
    expect(other.rows.items.map((i) => i.name)).not.toEqual(small.rows.items.map((i) => i.name));
    expect(other.rows.sales_daily).not.toEqual(small.rows.sales_daily);
  });

  it('ends the history on endDate and rejects a malformed one', () => {
    const days = full.rows.sales_daily.map((s) => s.day).sort();
    expect(days.at(-1)).toBe(END);
    expect(days[0]).toBe('2023-07-02');
    expect(() => generateDemo({ size: 'small', seed: 1, endDate: '2025-02-30' })).toThrow(/endDate/);
  });

  it('builds the full company at the advertised size', () => {
    const counts = countRows(full.rows);
    expect(full.rows.tenants[0]).toMatchObject({ id: 'tnt_demo', base_currency: 'GBP' });
    expect(full.rows.sites.map((s) => s.kind).sort()).toEqual(['plant', 'warehouse']);
    expect(counts.locations).toBeGreaterThanOrEqual(35);
    expect(counts.items).toBeGreaterThanOrEqual(1900);
    expect(new Set(full.rows.items.map((i) => i.type))).toEqual(new Set(['raw', 'component', 'finished']));
    expect(full.rows.locations.every((l) => /^([A-Z]-\d{2}-\d{2}|DSP-\d{2})$/.test(l.code))).toBe(true);
    // The seed has to stay fast on PGlite: a few hundred thousand rows at most.
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeLessThan(400_000);
  });

  it('keeps the small company sound', () => {
    expect(soundnessProblems(small)).toEqual([]);
    expect(small.rows.items).toHaveLength(60);
    expect(small.rows.locations).toHaveLength(6);
  });

  it('keeps the full company sound', () => {
    expect(soundnessProblems(full)).toEqual([]);
  });

  it('stores only days with sales or a stock-out, and flags stock-outs and promotions', () => {
    expect(full.rows.sales_daily.every((s) => Number(s.quantity) > 0 || s.stockout)).toBe(true);
    const stockouts = full.rows.sales_daily.filter((s) => s.stockout).length;
    expect(stockouts).toBeGreaterThan(0);
    expect(stockouts / full.rows.sales_daily.length).toBeLessThan(0.05);
    const promoDays = new Set(full.rows.promotions.flatMap((p) => [`${p.item_id}|${p.channel}|${p.starts_on}`]));
    const flagged = full.rows.sales_daily.filter((s) => s.promo);
    expect(flagged.length).toBeGreaterThan(0);
    expect(full.rows.sales_daily.some((s) => s.promo && promoDays.has(`${s.item_id}|${s.channel}|${s.day}`))).toBe(true);
  });

  it('keeps two sets of books: the UK company, and the Dutch subsidiary that invoices the euro customers', () => {
    const { rows } = small;
    expect(rows.legal_entities.map((e) => e.name)).toEqual(['Northwind Fabrication Ltd', 'Northwind Fabrication B.V.']);
    const currencyOf = new Map(rows.customers.map((c) => [c.id, c.currency]));
    const eu = rows.invoices.filter((i) => i.entity_id === 'ent_demo_eu');
    expect(eu.length).toBeGreaterThan(0);
    expect(eu.every((i) => i.type === 'ACCREC' && currencyOf.get(i.contact_id) === 'EUR')).toBe(true);
    expect(rows.invoices.filter((i) => i.type === 'ACCPAY').every((i) => i.entity_id === 'ent_demo_uk')).toBe(true);
    expect([...rows.invoices, ...rows.finance_credits].every((d) => d.entity_id === 'ent_demo_uk' || d.entity_id === 'ent_demo_eu')).toBe(true);
  });

  it('sells through both channels with a weekly rhythm', () => {
    const byWeekday = new Array<number>(7).fill(0);
    for (const s of full.rows.sales_daily) if (s.channel === 'shopify') byWeekday[weekdayOf(s.day)] = (byWeekday[weekdayOf(s.day)] ?? 0) + Number(s.quantity);
    expect(byWeekday[0]).toBeGreaterThan((byWeekday[5] ?? 0) * 1.2);
    expect(new Set(full.rows.sales_daily.map((s) => s.channel))).toEqual(new Set(['shopify', 'amazon']));
  });

  it('lets slow movers sit idle on most days', () => {
    for (const data of [small, full]) {
      const shares = slowMoverActiveShare(data);
      expect(shares.length).toBeGreaterThan(0);
      expect(Math.max(...shares)).toBeLessThan(0.5);
    }
  });

  it('lifts sales during promotions', () => {
    const lift = promotionLift(full);
    expect(lift.promotions).toBeGreaterThan(50);
    expect(lift.promoPerDay).toBeGreaterThan(lift.beforePerDay * 1.3);
  });

  it('leaves some invoices and bills overdue, and some purchase orders open', () => {
    for (const data of [small, full]) expect(overdueInvoices(data, 'ACCREC')).toBeGreaterThan(0);
    expect(overdueInvoices(full, 'ACCPAY')).toBeGreaterThan(0);
    expect(full.rows.purchase_orders.some((p) => p.status === 'open')).toBe(true);
    expect(new Set(full.rows.invoices.map((i) => i.currency))).toEqual(new Set(['GBP', 'EUR', 'USD']));
  });

  it('books a few credit notes, one still unallocated, a prepayment and a supplier credit note', () => {
    for (const data of [small, full]) {
      const credits = data.rows.finance_credits;
      const ofType = (type: string) => credits.filter((c) => c.type === type);
      expect(ofType('ACCRECCREDIT').filter((c) => c.status === 'PAID').length).toBeGreaterThanOrEqual(2);
      expect(ofType('ACCRECCREDIT').filter((c) => c.status === 'AUTHORISED')).toHaveLength(1);
      expect(ofType('RECEIVE-PREPAYMENT')).toHaveLength(1);
      expect(ofType('ACCPAYCREDIT').length).toBeGreaterThanOrEqual(1);
      const allocated = new Set(data.rows.finance_allocations.map((a) => a.credit_id));
      expect(credits.filter((c) => c.status === 'PAID').every((c) => allocated.has(c.id))).toBe(true);
    }
    expect(full.rows.finance_credits.length).toBeLessThan(20);
  });

  it('quotes the pound against EUR and USD on every weekday of the history, near the list-price rates', () => {
    const weekdays = new Set(full.rows.fx_rates.map((r) => r.day));
    expect(full.rows.fx_rates.filter((r) => r.currency === 'EUR')).toHaveLength(weekdays.size);
    expect([...weekdays].every((day) => weekdayOf(day) < 5)).toBe(true);
    expect([...weekdays].sort()[0]! <= '2023-07-04').toBe(true);
    expect([...weekdays].sort().at(-1)! >= '2025-06-27').toBe(true);
    for (const [currency, list] of [['EUR', 1.17], ['USD', 1.27]] as const) {
      const rates = full.rows.fx_rates.filter((r) => r.currency === currency).map((r) => Number(r.per_base));
      expect(Math.min(...rates)).toBeGreaterThan(list * 0.85);
      expect(Math.max(...rates)).toBeLessThan(list * 1.15);
      // A rate that moves: not one price copied across two years.
      expect(new Set(rates).size).toBeGreaterThan(100);
    }
  });

  it('keeps every invariant for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 900 }), (seed, offset) => {
        const endDate = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const data = generateDemo({ size: 'small', seed, endDate });
        expect(soundnessProblems(data)).toEqual([]);
        expect(Math.max(...slowMoverActiveShare(data))).toBeLessThan(0.5);
        expect(overdueInvoices(data, 'ACCREC')).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
