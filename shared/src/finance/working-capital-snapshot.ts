import { dayNumber, isoDay } from './days';
import type { FinanceBook } from './finance-book';
import { convertIndexed, fxGapCollector, rateTable, type FxGap } from './fx';
import { inventoryPosition, type Costing, type ItemPosition } from './inventory-position';
import { openBalanceOf } from './open-balance';
import type { RatioTotals } from './ratios';
import { FinanceInputError } from './finance-input-error';

// The figures behind the ratios for one trailing period, per customer, supplier and item, so the
// ratios, their drill-downs and the scenarios all read the same integers. One pass over the
// documents with per-contact sums in typed arrays: the trend runs it a dozen times.

export const RATIO_PERIODS = [30, 90, 365] as const;
export type RatioPeriod = (typeof RATIO_PERIODS)[number];

export interface SnapshotOptions {
  /** Last day of the period (inclusive), ISO. */
  endOn: string;
  /** Trailing days: 30, 90 or 365 on screen; any positive whole number is accepted. */
  periodDays: number;
  /** Inventory costing: moving average cost (default) or FIFO. */
  costing?: Costing;
}

export interface CustomerFigures { contactId: string; receivablesMinor: number; revenueMinor: number }
export interface SupplierFigures { contactId: string; payablesMinor: number; purchasesMinor: number }

/** All amounts are base-currency minor units. */
export interface WorkingCapitalSnapshot extends RatioTotals {
  costing: Costing;
  /** Open AR at the end day (invoices less unallocated credit); revenue: ACCREC issued in the period less ACCRECCREDIT. */
  receivablesMinor: number;
  revenueMinor: number;
  /** ACCPAY bills issued in the period less supplier credit notes issued in it. */
  purchasesMinor: number;
  customers: CustomerFigures[];
  suppliers: SupplierFigures[];
  items: ItemPosition[];
  /** Documents left out for want of a rate (balances at the end day, or revenue at their issue day). */
  fxGaps: FxGap[];
}

interface Sums { ar: Float64Array; revenue: Float64Array; ap: Float64Array; purchases: Float64Array; hasAr: Uint8Array; hasAp: Uint8Array }

/** The first and last day (inclusive) of the trailing period, checked. */
export function periodBounds(options: SnapshotOptions): { start: number; end: number } {
  const { periodDays } = options;
  if (!Number.isInteger(periodDays) || periodDays <= 0) throw new FinanceInputError(`periodDays must be a positive whole number of days, got ${periodDays}`);
  const end = dayNumber(options.endOn);
  return { start: end - periodDays + 1, end };
}

/** Sums per contact (by `contactIndex`) of balances at `end` and sales or purchases in `start`…`end`. */
function sumDocuments(book: FinanceBook, start: number, end: number, gaps: ReturnType<typeof fxGapCollector> | null): Sums {
  const n = book.contactIds.length;
  const sums: Sums = { ar: new Float64Array(n), revenue: new Float64Array(n), ap: new Float64Array(n), purchases: new Float64Array(n), hasAr: new Uint8Array(n), hasAp: new Uint8Array(n) };
  const rates = rateTable(book.fx, book.currencies, end);
  const { settlements } = book;
  for (const doc of book.documents) {
    if (doc.voided || doc.issued > end) continue;
    const c = doc.contactIndex, ar = doc.ledger === 'AR';
    const open = openBalanceOf(settlements, doc, end);
    if (open !== 0) {
      const base = convertIndexed(rates, open, doc.currencyIndex);
      if (base === null) gaps?.add(doc.currency, doc.doc.id);
      else if (ar) { sums.ar[c]! += base; sums.hasAr[c] = 1; } else { sums.ap[c]! += base; sums.hasAp[c] = 1; }
    }
    const type = doc.doc.type;
    if (doc.issued < start || type === 'RECEIVE-PREPAYMENT' || type === 'SPEND-PREPAYMENT') continue;
    if (doc.baseTotalAtIssue === null) { gaps?.add(doc.currency, doc.doc.id, doc.issued); continue; }
    if (ar) { sums.revenue[c]! += doc.sign * doc.baseTotalAtIssue; sums.hasAr[c] = 1; } else { sums.purchases[c]! += doc.sign * doc.baseTotalAtIssue; sums.hasAp[c] = 1; }
  }
  return sums;
}

const total = (values: Float64Array) => values.reduce((a, b) => a + b, 0);

export function workingCapitalSnapshot(book: FinanceBook, options: SnapshotOptions): WorkingCapitalSnapshot {
  const { start, end } = periodBounds(options);
  const costing = options.costing ?? 'mac';
  const gaps = fxGapCollector(end);
  const sums = sumDocuments(book, start, end, gaps);
  const customers: CustomerFigures[] = [], suppliers: SupplierFigures[] = [];
  book.contactIds.forEach((contactId, c) => {
    if (sums.hasAr[c]) customers.push({ contactId, receivablesMinor: sums.ar[c]!, revenueMinor: sums.revenue[c]! });
    if (sums.hasAp[c]) suppliers.push({ contactId, payablesMinor: sums.ap[c]!, purchasesMinor: sums.purchases[c]! });
  });
  const inventory = inventoryPosition(book.inventory, start, end, costing);
  return {
    baseCurrency: book.baseCurrency, startOn: isoDay(start), endOn: isoDay(end), periodDays: options.periodDays, costing,
    receivablesMinor: total(sums.ar), revenueMinor: total(sums.revenue), payablesMinor: total(sums.ap), purchasesMinor: total(sums.purchases),
    inventoryMinor: inventory.inventoryMinor, cogsMinor: inventory.cogsMinor, customers, suppliers, items: inventory.items, fxGaps: gaps.list(),
  };
}
