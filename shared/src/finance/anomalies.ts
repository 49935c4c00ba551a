import { SEVERITY_ORDER, type Anomaly } from './anomaly';
import { ratioJumps, type RatioJumpOptions } from './anomalies-ratios';
import { duplicateBills, overdueSpike, slowerPayers, type DuplicateBillOptions, type OverdueSpikeOptions, type SlowerPayerOptions } from './anomalies-receivables';
import { stockAlerts, type StockAlertOptions } from './anomalies-stock';
import { addMonths, dayNumber, isoDay, monthEndOf } from './days';
import type { FinanceBook } from './finance-book';
import type { Costing } from './inventory-position';
import { workingCapitalSnapshot } from './working-capital-snapshot';

// Every alert on the data as of a day, most severe first.

export interface AnomalyOptions {
  asOf: string;
  /** Period of the DSO/DIO compared month over month (default 90). */
  periodDays?: number;
  costing?: Costing;
  overdue?: OverdueSpikeOptions;
  payers?: SlowerPayerOptions;
  ratios?: RatioJumpOptions;
  stock?: StockAlertOptions;
  duplicates?: DuplicateBillOptions;
}

/** The same day a month earlier (the month's last day when it is shorter). */
export function sameDayLastMonth(day: number): number {
  const monthBefore = addMonths(day, -1);
  const dayOfMonth = day - addMonths(day, 0);
  return Math.min(monthBefore + dayOfMonth, monthEndOf(monthBefore));
}

export function detectAnomalies(book: FinanceBook, options: AnomalyOptions): Anomaly[] {
  const asOf = dayNumber(options.asOf);
  const periodDays = options.periodDays ?? 90;
  const costing = options.costing ?? 'mac';
  const now = workingCapitalSnapshot(book, { endOn: isoDay(asOf), periodDays, costing });
  const before = workingCapitalSnapshot(book, { endOn: isoDay(sameDayLastMonth(asOf)), periodDays, costing });
  const alerts = [
    ...overdueSpike(book, asOf, options.overdue),
    ...slowerPayers(book, asOf, options.payers),
    ...ratioJumps(book, before, now, options.ratios),
    ...stockAlerts(book.inventory, asOf, book.baseCurrency, { costing, ...options.stock }),
    ...duplicateBills(book, options.duplicates),
  ];
  return alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.id < b.id ? -1 : 1));
}
