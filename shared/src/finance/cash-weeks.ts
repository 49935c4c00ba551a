import { isoDay } from './days';
import type { DelayBasis } from './payment-delays';

// The cash forecast's weekly buckets. Each flow lands in the week of its expected day (anything
// already overdue in the first week); the band's low edge takes each flow's pessimistic amount on
// its late day, the high edge its optimistic amount on its early day.

export type FlowKind = 'receivable' | 'payable' | 'forecast_sales' | 'planned_purchase';

/** A flow as the forecast plans it: amounts in base minor units (inflows positive), days as day numbers. */
export interface PlannedFlow {
  flow: { sourceId: string; kind: FlowKind; contactId: string | null; currency: string; basis: DelayBasis | null };
  amount: number;
  low: number;
  high: number;
  expected: number;
  early: number;
  late: number;
}

export interface CashWeek {
  index: number;
  weekStart: string;
  weekEnd: string;
  openingMinor: number;
  receivablesMinor: number;
  forecastSalesMinor: number;
  /** Outflows as positive amounts. */
  payablesMinor: number;
  plannedPurchasesMinor: number;
  inflowsMinor: number;
  outflowsMinor: number;
  netMinor: number;
  closingMinor: number;
  /** Closing cash when customers pay at their 90th percentile delay (and forecast sales come in low). */
  closingLowMinor: number;
  /** Closing cash when customers pay at their 10th percentile delay (and forecast sales come in high). */
  closingHighMinor: number;
}

const FIELD: Record<FlowKind, 'receivablesMinor' | 'forecastSalesMinor' | 'payablesMinor' | 'plannedPurchasesMinor'> = {
  receivable: 'receivablesMinor', forecast_sales: 'forecastSalesMinor', payable: 'payablesMinor', planned_purchase: 'plannedPurchasesMinor',
};

export function weeklyBuckets(flows: readonly PlannedFlow[], asOf: number, count: number, opening: number) {
  const weekOf = (day: number): number | null => {
    const week = Math.floor((Math.max(day, asOf) - asOf) / 7);
    return week < count ? week : null;
  };
  const weeks: CashWeek[] = Array.from({ length: count }, (_, index) => ({
    index, weekStart: isoDay(asOf + index * 7), weekEnd: isoDay(asOf + index * 7 + 6), openingMinor: 0,
    receivablesMinor: 0, forecastSalesMinor: 0, payablesMinor: 0, plannedPurchasesMinor: 0,
    inflowsMinor: 0, outflowsMinor: 0, netMinor: 0, closingMinor: 0, closingLowMinor: 0, closingHighMinor: 0,
  }));
  const low = new Array<number>(count).fill(0), high = new Array<number>(count).fill(0);
  const beyondHorizon: Record<FlowKind, number> = { receivable: 0, payable: 0, forecast_sales: 0, planned_purchase: 0 };
  for (const f of flows) {
    const kind = f.flow.kind;
    const week = weekOf(f.expected);
    if (week === null) beyondHorizon[kind] += f.amount;
    // Outflows are kept positive in their columns.
    else weeks[week]![FIELD[kind]] += kind === 'payable' || kind === 'planned_purchase' ? -f.amount : f.amount;
    const late = weekOf(f.late), early = weekOf(f.early);
    if (late !== null) low[late]! += f.low;
    if (early !== null) high[early]! += f.high;
  }
  let closing = opening, lowClosing = opening, highClosing = opening;
  for (const w of weeks) {
    w.openingMinor = closing;
    w.inflowsMinor = w.receivablesMinor + w.forecastSalesMinor;
    w.outflowsMinor = w.payablesMinor + w.plannedPurchasesMinor;
    w.netMinor = w.inflowsMinor - w.outflowsMinor;
    closing += w.netMinor;
    lowClosing += low[w.index]!;
    highClosing += high[w.index]!;
    w.closingMinor = closing;
    w.closingLowMinor = lowClosing;
    w.closingHighMinor = highClosing;
  }
  return { weeks, beyondHorizon, weekOf };
}
