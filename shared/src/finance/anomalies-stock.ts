import type { Anomaly } from './anomaly';
import { formatDays } from './anomaly';
import { addMonths, isoDay, lastAtOrBefore, monthStartOf } from './days';
import type { Costing, InventoryIndex } from './inventory-position';
import { formatMinor, roundMinor } from './money';

// Stock alerts from the monthly inventory documents: more stock than N months of outflow (excess),
// and stock that has not moved out for N months (slow-moving).

export interface StockAlertOptions {
  /** Cover above this many months of average outflow is excess (default 6). */
  excessMonths?: number;
  /** Months of outflow the average is taken over (default 6). */
  coverWindowMonths?: number;
  /** No outflow for this many months is slow-moving (default 6). */
  slowMonths?: number;
  costing?: Costing;
  names?: ReadonlyMap<string, string>;
}

export function stockAlerts(index: InventoryIndex, asOf: number, baseCurrency: string, options: StockAlertOptions = {}): Anomaly[] {
  const excessMonths = options.excessMonths ?? 6, window = options.coverWindowMonths ?? 6, slowMonths = options.slowMonths ?? 6;
  const asOfMonth = monthStartOf(asOf);
  const money = (m: number) => formatMinor(m, baseCurrency);
  const alerts: Anomaly[] = [];
  for (const item of index.items) {
    const last = lastAtOrBefore(item.starts, asOfMonth);
    if (last < 0) continue;
    const row = item.rows[last]!;
    const quantity = row.closingQuantity;
    const value = options.costing === 'fifo' ? row.closingValueFifoMinor : row.closingValueMinor;
    if (quantity <= 0) continue;
    const name = options.names?.get(item.itemId) ?? item.itemId;
    const subject = { kind: 'item' as const, id: item.itemId, name };
    const rows = { kind: 'item' as const, ids: [item.itemId] };
    const outSince = (from: number) => {
      let out = 0;
      for (let i = last; i >= 0 && item.starts[i]! >= from; i--) out += item.rows[i]!.outQuantity;
      return out;
    };
    const slowFrom = addMonths(asOfMonth, -(slowMonths - 1));
    if (item.starts[0]! <= slowFrom && outSince(slowFrom) === 0) {
      let lastOut = -1;
      for (let i = last; i >= 0; i--) if (item.rows[i]!.outQuantity > 0) { lastOut = i; break; }
      const since = lastOut >= 0 ? `last outflow in ${isoDay(item.starts[lastOut]!).slice(0, 7)}` : 'no outflow on record';
      alerts.push({
        id: `slow_moving_stock:${item.itemId}`, kind: 'slow_moving_stock', severity: lastOut < 0 || item.starts[lastOut]! < addMonths(asOfMonth, -12) ? 'high' : 'medium', subject,
        explanation: `${name}: ${quantity} units worth ${money(value)} with no outflow in the last ${slowMonths} months (${since}).`,
        measure: { current: value, reference: null, unit: 'minor' }, rows,
      });
      continue;
    }
    const monthlyOut = outSince(addMonths(asOfMonth, -(window - 1))) / window;
    if (monthlyOut <= 0) continue;
    const cover = quantity / monthlyOut;
    if (cover <= excessMonths) continue;
    const excessValue = roundMinor((value * (cover - excessMonths)) / cover);
    alerts.push({
      id: `excess_stock:${item.itemId}`, kind: 'excess_stock', severity: cover > 2 * excessMonths ? 'high' : 'medium', subject,
      explanation: `${name}: ${quantity} units cover ${formatDays(cover)} months of its average outflow (${formatDays(monthlyOut)} a month over ${window} months), above the ${excessMonths}-month limit by ${money(excessValue)}.`,
      measure: { current: cover, reference: excessMonths, unit: 'months' }, rows,
    });
  }
  return alerts;
}
