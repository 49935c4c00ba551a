import { addMonths, isoDay, monthEndOf } from './days';
import type { FinanceBook } from './finance-book';
import { convertIndexed, rateTable } from './fx';
import { inventoryPosition } from './inventory-position';
import { openBalanceOf } from './open-balance';
import { ratiosFromTotals, type RatioSet } from './ratios';
import { periodBounds, type SnapshotOptions } from './working-capital-snapshot';
import { FinanceInputError } from './finance-input-error';

// The monthly trend: the same trailing-period ratios at each of the last N month ends, the last
// point being the end day itself (the month so far). One sweep over the documents: each adds to
// the points at which it is open and to those whose period holds its date, so a year of points
// costs little more than one snapshot. The figures equal a snapshot's on each day.

export interface TrendOptions extends SnapshotOptions {
  /** How many points, the last at `endOn` (default 12). */
  months?: number;
}

export interface TrendPoint {
  endOn: string;
  ratios: RatioSet;
}

export function ratioTrend(book: FinanceBook, options: TrendOptions): TrendPoint[] {
  const months = options.months ?? 12;
  if (!Number.isInteger(months) || months < 1) throw new FinanceInputError(`months must be a positive whole number, got ${months}`);
  const { end } = periodBounds(options);
  const days = options.periodDays;
  const ends = Array.from({ length: months }, (_, i) => (i === months - 1 ? end : monthEndOf(addMonths(end, i - months + 1))));
  const rates = ends.map((day) => rateTable(book.fx, book.currencies, day));
  const ar = new Float64Array(months), ap = new Float64Array(months), revenue = new Float64Array(months);
  for (const doc of book.documents) {
    if (doc.voided) continue;
    let first = 0;
    while (first < months && ends[first]! < doc.issued) first++;
    const closed = doc.closedOn ?? Infinity;
    for (let k = first; k < months && ends[k]! < closed; k++) {
      const open = openBalanceOf(book.settlements, doc, ends[k]!);
      const base = open === 0 ? null : convertIndexed(rates[k]!, open, doc.currencyIndex);
      if (base === null) continue;
      if (doc.ledger === 'AR') ar[k]! += base; else ap[k]! += base;
    }
    const type = doc.doc.type;
    if (doc.ledger !== 'AR' || type === 'RECEIVE-PREPAYMENT' || doc.baseTotalAtIssue === null) continue;
    for (let k = first; k < months && ends[k]! - days + 1 <= doc.issued; k++) revenue[k]! += doc.sign * doc.baseTotalAtIssue;
  }
  return ends.map((day, k) => {
    const inventory = inventoryPosition(book.inventory, day - days + 1, day, options.costing ?? 'mac', false);
    const ratios = ratiosFromTotals({
      baseCurrency: book.baseCurrency, startOn: isoDay(day - days + 1), endOn: isoDay(day), periodDays: days,
      receivablesMinor: ar[k]!, revenueMinor: revenue[k]!, payablesMinor: ap[k]!, inventoryMinor: inventory.inventoryMinor, cogsMinor: inventory.cogsMinor,
    });
    return { endOn: isoDay(day), ratios };
  });
}
