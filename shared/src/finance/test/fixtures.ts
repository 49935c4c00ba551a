import type { FinanceContact, FinanceDocument, FxRate, InventoryMonth } from '../../domain/finance.schema';
import type { FinanceData } from '../finance-book';
import type { ValuationMovement } from '../inventory-valuation';

// A small company worked out by hand: base GBP, one customer in USD, as of 2026-03-31. The edge
// cases of issue 8 are all here: a partial payment, a credit note partly allocated, a prepayment,
// a foreign-currency invoice, an invoice paid before it was due, a voided invoice, an item with
// zero COGS. The expected figures below are computed in the comments, not by the engine.

export const AS_OF = '2026-03-31';

/** USD per GBP: 1.25 from 1 January, 1.60 from 1 March. 1,000.00 USD is 800.00 GBP, then 625.00 GBP. */
export const fxRates: FxRate[] = [
  { currency: 'USD', day: '2026-01-01', perBase: 1.25 },
  { currency: 'USD', day: '2026-03-01', perBase: 1.6 },
];

export const contacts: FinanceContact[] = [
  { id: 'alpha', kind: 'customer', name: 'Alpha Retail', currency: 'GBP', paymentTermsDays: 30 },
  { id: 'bravo', kind: 'customer', name: 'Bravo Inc', currency: 'USD', paymentTermsDays: 30 },
  { id: 'charlie', kind: 'customer', name: 'Charlie Shops', currency: 'GBP', paymentTermsDays: 14 },
  { id: 'steel', kind: 'supplier', name: 'Steel Supply', currency: 'GBP', paymentTermsDays: 30 },
  { id: 'pack', kind: 'supplier', name: 'Pack Co', currency: 'GBP', paymentTermsDays: 60 },
];

type Doc = Omit<FinanceDocument, 'number' | 'currency' | 'status' | 'settlements'> & Partial<FinanceDocument>;
const doc = (d: Doc): FinanceDocument => ({ number: d.id.toUpperCase(), currency: 'GBP', status: 'AUTHORISED', settlements: [], ...d });
const paid = (on: string, amountMinor: number) => ({ on, amountMinor, kind: 'payment' as const, sourceId: null });

export const documents: FinanceDocument[] = [
  // Paid in full 11 days late: nothing open on 31 March.
  doc({ id: 'i1', type: 'ACCREC', contactId: 'alpha', issuedOn: '2026-01-10', dueOn: '2026-02-09', totalMinor: 120_000, status: 'PAID', settlements: [paid('2026-02-20', 120_000)] }),
  // 2,000.00 less 500.00 paid on 20 March less 100.00 of credit note cn1 on 25 March: 1,400.00 open,
  // 14 days past due (17 → 31 March): bucket 1–30.
  doc({ id: 'i2', type: 'ACCREC', contactId: 'alpha', issuedOn: '2026-02-15', dueOn: '2026-03-17', totalMinor: 200_000, settlements: [
    paid('2026-03-20', 50_000), { on: '2026-03-25', amountMinor: 10_000, kind: 'credit_note', sourceId: 'cn1' },
  ] }),
  // Credit note of 300.00, 100.00 allocated to i2: −200.00 unallocated, 26 days old: bucket 1–30.
  doc({ id: 'cn1', type: 'ACCRECCREDIT', contactId: 'alpha', issuedOn: '2026-03-05', dueOn: '2026-03-05', totalMinor: 30_000 }),
  // 1,000.00 USD unpaid, due 19 February: 9 + 31 = 40 days past due, bucket 31–60. At the 31 March
  // rate (1.60) that is 625.00 GBP; as revenue at the 20 January rate (1.25), 800.00 GBP.
  doc({ id: 'i3', type: 'ACCREC', contactId: 'bravo', currency: 'USD', issuedOn: '2026-01-20', dueOn: '2026-02-19', totalMinor: 100_000 }),
  // Paid on 25 March, before it was due on 3 April: nothing open.
  doc({ id: 'i4', type: 'ACCREC', contactId: 'charlie', issuedOn: '2026-03-20', dueOn: '2026-04-03', totalMinor: 50_000, status: 'PAID', settlements: [paid('2026-03-25', 50_000)] }),
  // Issued before the period, unpaid: 15 + 31 + 31 + 28 + 31 = 136 days past due, over 90.
  doc({ id: 'i5', type: 'ACCREC', contactId: 'charlie', issuedOn: '2025-11-01', dueOn: '2025-11-15', totalMinor: 40_000 }),
  // Voided: neither open nor revenue.
  doc({ id: 'i6', type: 'ACCREC', contactId: 'charlie', issuedOn: '2026-03-01', dueOn: '2026-03-15', totalMinor: 99_900, status: 'VOIDED' }),
  // Prepayment of 100.00 received 28 March, unallocated: −100.00, 3 days old, bucket 1–30.
  doc({ id: 'p1', type: 'RECEIVE-PREPAYMENT', contactId: 'charlie', issuedOn: '2026-03-28', dueOn: '2026-03-28', totalMinor: 10_000 }),
  // Bills. b1: 600.00 open, 28 days past due. b2: 900.00 open, not due. b3: paid on its due date.
  doc({ id: 'b1', type: 'ACCPAY', contactId: 'steel', issuedOn: '2026-02-01', dueOn: '2026-03-03', totalMinor: 60_000 }),
  doc({ id: 'b2', type: 'ACCPAY', contactId: 'pack', issuedOn: '2026-03-10', dueOn: '2026-05-09', totalMinor: 90_000 }),
  doc({ id: 'b3', type: 'ACCPAY', contactId: 'steel', issuedOn: '2026-01-05', dueOn: '2026-02-04', totalMinor: 30_000, status: 'PAID', settlements: [paid('2026-02-04', 30_000)] }),
  // Supplier credit note of 50.00, unallocated: −50.00, 16 days old.
  doc({ id: 'bc1', type: 'ACCPAYCREDIT', contactId: 'steel', issuedOn: '2026-03-15', dueOn: '2026-03-15', totalMinor: 5_000 }),
];

const month = (itemId: string, category: string, m: string, cogs: number, cogsFifo: number, value: number, valueFifo: number): InventoryMonth =>
  ({ itemId, category, month: m, closingQuantity: 10, closingValueMinor: value, closingValueFifoMinor: valueFifo, cogsMinor: cogs, cogsFifoMinor: cogsFifo, outQuantity: cogs > 0 ? 5 : 0 });

/** The widget sells; the bolt does not move (zero COGS). */
export const inventoryMonths: InventoryMonth[] = [
  month('widget', 'finished', '2026-01-01', 30_000, 28_000, 70_000, 71_000),
  month('widget', 'finished', '2026-02-01', 30_000, 31_000, 80_000, 82_000),
  month('widget', 'finished', '2026-03-01', 40_000, 41_000, 90_000, 92_000),
  month('bolt', 'parts', '2026-01-01', 0, 0, 20_000, 20_000),
  month('bolt', 'parts', '2026-02-01', 0, 0, 20_000, 20_000),
  month('bolt', 'parts', '2026-03-01', 0, 0, 20_000, 20_000),
];

export const financeData: FinanceData = { baseCurrency: 'GBP', contacts, documents, fxRates, inventoryMonths };

/**
 * Expected figures as of 31 March 2026.
 * AR aging by due date (GBP minor units), buckets current, 1–30, 31–60, 61–90, over 90:
 *   alpha   [0, 140,000 − 20,000, 0, 0, 0]              = 120,000
 *   bravo   [0, 0, 62,500, 0, 0]                        =  62,500
 *   charlie [0, −10,000, 0, 0, 40,000]                  =  30,000
 *   total   [0, 110,000, 62,500, 0, 40,000]             = 212,500
 * AR aging by invoice date: i2 44 days (31–60), cn1 26 (1–30), i3 70 (61–90), i5 150 (over 90),
 *   p1 3 (1–30): [0, −30,000, 140,000, 62,500, 40,000] = 212,500.
 * AP aging by due date: steel [0, 60,000 − 5,000, 0, 0, 0], pack [90,000, 0, 0, 0, 0]; total 145,000.
 * 90 days to 31 March = 1 January to 31 March:
 *   revenue = i1 120,000 + i2 200,000 + i3 80,000 + i4 50,000 − cn1 30,000 = 420,000
 *   purchases = b1 60,000 + b2 90,000 + b3 30,000 − bc1 5,000 = 175,000
 *   COGS (MAC) = 30,000 + 30,000 + 40,000 = 100,000; inventory = 90,000 + 20,000 = 110,000
 *   DSO = 212,500 ÷ 420,000 × 90 = 45.535714…; DPO = 145,000 ÷ 100,000 × 90 = 130.5
 *   DIO = 110,000 ÷ 100,000 × 90 = 99; CCC = 99 + 45.535714… − 130.5 = 14.035714…
 * 30 days to 31 March = 2 to 31 March:
 *   revenue = i4 50,000 − cn1 30,000 = 20,000; DSO = 212,500 ÷ 20,000 × 30 = 318.75
 *   COGS = 40,000 × 30 ÷ 31 = 38,709.68 → 38,710 (30 of March's 31 days)
 */
export const expected = {
  arAgingDue: { alpha: [0, 120_000, 0, 0, 0], bravo: [0, 0, 62_500, 0, 0], charlie: [0, -10_000, 0, 0, 40_000], total: [0, 110_000, 62_500, 0, 40_000] },
  arAgingInvoice: [0, -30_000, 140_000, 62_500, 40_000],
  apAgingDue: { steel: [0, 55_000, 0, 0, 0], pack: [90_000, 0, 0, 0, 0], total: [90_000, 55_000, 0, 0, 0] },
  receivables: 212_500, payables: 145_000,
  period90: { revenue: 420_000, purchases: 175_000, cogs: 100_000, inventory: 110_000, dso: (212_500 * 90) / 420_000, dpo: 130.5, dio: 99 },
  period30: { revenue: 20_000, cogs: 38_710, dso: 318.75 },
};

/**
 * One item's ledger, valued by hand:
 *   5 Jan receipt 10 @ 1.00, 10 Jan receipt 10 @ 1.30 → MAC 20 units 23.00; FIFO layers 10.00 + 13.00
 *   20 Jan shipment 15 → MAC 23.00 × 15/20 = 17.25 out, 5 left at 5.75; FIFO 10.00 + 6.50 = 16.50 out, 5 left at 6.50
 *   (February: no movement, a row all the same)
 *   2 Mar count −1 → MAC 1.15 out (not COGS), 4 at 4.60; FIFO 1.30 out, 4 at 5.20
 *   3 Mar production consumption 2 → MAC 2.30 out (not COGS, but outflow), 2 at 2.30; FIFO 2.60, 2 at 2.60
 *   4 Mar transfer out 2 → company-wide nothing changes
 *   10 Mar shipment 5 with 2 on hand; the 3 short cost the latest receipt's 1.30 → MAC 2.30 + 3.90 = 6.20 out;
 *          FIFO 2.60 + 3.90 = 6.50 out; −3 at −3.90 both ways
 *   20 Mar receipt 10 @ 1.20 = 12.00 → the 3 short cost 3.60 at receipt: true-up −0.30 to COGS; 7 left at 8.40
 *   January: COGS MAC 1,725, FIFO 1,650, out 15; March: COGS MAC 620 − 30 = 590, FIFO 650 − 30 = 620, out 2 + 5 = 7.
 */
export const ledger: ValuationMovement[] = [
  { itemId: 'gear', category: 'parts', at: '2026-01-05T09:00:00.000Z', kind: 'receipt', quantity: 10, unitCostMinor: 100 },
  { itemId: 'gear', category: 'parts', at: '2026-01-10T09:00:00.000Z', kind: 'receipt', quantity: 10, unitCostMinor: 130 },
  { itemId: 'gear', category: 'parts', at: '2026-01-20T09:00:00.000Z', kind: 'shipment', quantity: 15, unitCostMinor: 0 },
  { itemId: 'gear', category: 'parts', at: '2026-03-02T09:00:00.000Z', kind: 'count_adjustment', quantity: -1, unitCostMinor: 0 },
  { itemId: 'gear', category: 'parts', at: '2026-03-03T09:00:00.000Z', kind: 'production_consumption', quantity: 2, unitCostMinor: 0 },
  { itemId: 'gear', category: 'parts', at: '2026-03-04T09:00:00.000Z', kind: 'transfer_out', quantity: 2, unitCostMinor: 0 },
  { itemId: 'gear', category: 'parts', at: '2026-03-10T09:00:00.000Z', kind: 'shipment', quantity: 5, unitCostMinor: 0 },
  { itemId: 'gear', category: 'parts', at: '2026-03-20T09:00:00.000Z', kind: 'receipt', quantity: 10, unitCostMinor: 120 },
];

export const expectedLedger: InventoryMonth[] = [
  { itemId: 'gear', category: 'parts', month: '2026-01-01', closingQuantity: 5, closingValueMinor: 575, closingValueFifoMinor: 650, cogsMinor: 1_725, cogsFifoMinor: 1_650, outQuantity: 15 },
  { itemId: 'gear', category: 'parts', month: '2026-02-01', closingQuantity: 5, closingValueMinor: 575, closingValueFifoMinor: 650, cogsMinor: 0, cogsFifoMinor: 0, outQuantity: 0 },
  { itemId: 'gear', category: 'parts', month: '2026-03-01', closingQuantity: 7, closingValueMinor: 840, closingValueFifoMinor: 840, cogsMinor: 590, cogsFifoMinor: 620, outQuantity: 7 },
];
