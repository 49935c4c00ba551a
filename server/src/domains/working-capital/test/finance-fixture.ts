import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';

// Books for the fixture's tenant (test/fixture.ts: tnt_demo, base EUR), small enough to work out
// by hand, as of 2026-03-31, with every case of issue 8: a partial payment, a credit note partly
// allocated, a prepayment, a foreign currency at two rates, a bill, and an item whose stock and
// COGS come from the ledger. The other tenant keeps a customer and an invoice that must never show.
//
// USD per EUR: 1.25 from 1 January, 1.60 from 1 March.
// AR on 31 March: inv_a1 1,200.00 (2,000 − 500 paid − 300 of cn1) − cn1's unallocated 200.00
//   + inv_b1 1,000 USD / 1.6 = 625.00 + inv_b2 (400 − 100 paid) USD / 1.6 = 187.50 − pp1 200 USD / 1.6 = 125.00
//   = 1,687.50.
// Revenue 1 Jan – 31 Mar (90 days), at each issue day's rate: 2,000 + 1,000/1.25 + 400/1.6 − 500 (cn1) = 2,550.00.
// Stock: itm_gear 100 received at 5.00 on 10 Jan, 40 shipped on 15 Feb, 30 on 20 Mar: COGS 350.00,
//   closing 30 units worth 150.00 (the fixture's own items carry no cost).
// AP: bill_s1 900.00, due 30 April.

export const AS_OF = '2026-03-31';
export const REFRESHED_AT = new Date('2026-03-31T18:00:00Z');

export const EXPECTED = {
  receivablesMinor: 168_750, revenueMinor: 255_000, payablesMinor: 90_000, inventoryMinor: 15_000, cogsMinor: 35_000,
};

export async function insertFinanceFixture(db: Kysely<Database>): Promise<void> {
  await db.insertInto('customers').values([
    { id: 'cus_alpha', tenant_id: 'tnt_demo', name: 'Alpha Retail', payment_terms_days: 30, currency: 'EUR', channel: null },
    { id: 'cus_bravo', tenant_id: 'tnt_demo', name: 'Bravo Inc', payment_terms_days: 30, currency: 'USD', channel: null },
    { id: 'cus_secret', tenant_id: 'tnt_other', name: 'Other tenant customer', payment_terms_days: 14, currency: 'USD', channel: null },
  ]).execute();
  await db.insertInto('suppliers').values({ id: 'sup_steel', tenant_id: 'tnt_demo', name: 'Steel Supply', payment_terms_days: 60, currency: 'EUR' }).execute();
  await db.insertInto('fx_rates').values([
    { tenant_id: 'tnt_demo', currency: 'USD', day: '2026-01-01', per_base: '1.25' },
    { tenant_id: 'tnt_demo', currency: 'USD', day: '2026-03-01', per_base: '1.6' },
  ]).execute();
  const invoice = { tenant_id: 'tnt_demo', type: 'ACCREC' as const, status: 'AUTHORISED' as const, fully_paid_on: null };
  await db.insertInto('invoices').values([
    { ...invoice, id: 'inv_a1', contact_id: 'cus_alpha', number: 'INV-A1', issued_on: '2026-02-01', due_on: '2026-03-03', currency: 'EUR', total_minor: 200_000, amount_paid_minor: 80_000 },
    { ...invoice, id: 'inv_b1', contact_id: 'cus_bravo', number: 'INV-B1', issued_on: '2026-01-20', due_on: '2026-02-19', currency: 'USD', total_minor: 100_000, amount_paid_minor: 0 },
    { ...invoice, id: 'inv_b2', contact_id: 'cus_bravo', number: 'INV-B2', issued_on: '2026-03-10', due_on: '2026-04-09', currency: 'USD', total_minor: 40_000, amount_paid_minor: 10_000 },
    { ...invoice, id: 'bill_s1', type: 'ACCPAY', contact_id: 'sup_steel', number: 'BILL-S1', issued_on: '2026-03-01', due_on: '2026-04-30', currency: 'EUR', total_minor: 90_000, amount_paid_minor: 0 },
    { ...invoice, id: 'inv_secret', tenant_id: 'tnt_other', contact_id: 'cus_secret', number: 'SECRET-1', issued_on: '2026-03-01', due_on: '2026-03-15', currency: 'USD', total_minor: 777_700, amount_paid_minor: 0 },
  ]).execute();
  await db.insertInto('payments').values([
    { id: 'pay_a1', tenant_id: 'tnt_demo', invoice_id: 'inv_a1', paid_on: '2026-03-10', amount_minor: 50_000 },
    { id: 'pay_b2', tenant_id: 'tnt_demo', invoice_id: 'inv_b2', paid_on: '2026-03-20', amount_minor: 10_000 },
  ]).execute();
  await db.insertInto('finance_credits').values([
    { id: 'cn1', tenant_id: 'tnt_demo', type: 'ACCRECCREDIT', contact_id: 'cus_alpha', number: 'CN-1', issued_on: '2026-03-05', currency: 'EUR', total_minor: 50_000, status: 'AUTHORISED' },
    { id: 'pp1', tenant_id: 'tnt_demo', type: 'RECEIVE-PREPAYMENT', contact_id: 'cus_bravo', number: 'PP-1', issued_on: '2026-03-25', currency: 'USD', total_minor: 20_000, status: 'AUTHORISED' },
  ]).execute();
  await db.insertInto('finance_allocations').values({ id: 'alc_1', tenant_id: 'tnt_demo', credit_id: 'cn1', invoice_id: 'inv_a1', allocated_on: '2026-03-12', amount_minor: 30_000 }).execute();
  await db.insertInto('items').values({
    id: 'itm_gear', tenant_id: 'tnt_demo', sku: 'GEAR-1', name: 'Gear', type: 'finished', category: 'gears', unit: 'ea', cost_minor: 500, currency: 'EUR',
    reorder_point: 0, safety_stock: 0, lead_time_days: 7, supplier_id: null, home_site_id: 'site_a',
  }).execute();
  const move = { tenant_id: 'tnt_demo', site_id: 'site_a', location_id: 'loc_a1', item_id: 'itm_gear', reference: null };
  await db.insertInto('stock_movements').values([
    { ...move, kind: 'receipt', quantity: 100, unit_cost_minor: 500, occurred_at: new Date('2026-01-10T08:00:00Z') },
    { ...move, kind: 'shipment', quantity: -40, unit_cost_minor: 0, occurred_at: new Date('2026-02-15T08:00:00Z') },
    { ...move, kind: 'shipment', quantity: -30, unit_cost_minor: 0, occurred_at: new Date('2026-03-20T08:00:00Z') },
  ]).execute();
}
