import type { Anomaly } from './anomaly';
import { formatDays, formatPct } from './anomaly';
import { contactName, type FinanceBook } from './finance-book';
import { ratiosFromTotals } from './ratios';
import type { WorkingCapitalSnapshot } from './working-capital-snapshot';

// DSO or DIO jumping between two snapshots (the as-of day and a month before), with the customers
// or items whose share of the days grew most.

export interface RatioJumpOptions { minDays?: number; minPct?: number; top?: number; names?: ReadonlyMap<string, string> }

export function ratioJumps(book: FinanceBook, before: WorkingCapitalSnapshot, now: WorkingCapitalSnapshot, options: RatioJumpOptions = {}): Anomaly[] {
  const minDays = options.minDays ?? 5, minPct = (options.minPct ?? 15) / 100, top = options.top ?? 5;
  const a = ratiosFromTotals(before), b = ratiosFromTotals(now);
  const alerts: Anomaly[] = [];
  const check = (key: 'dso' | 'dio', drivers: { id: string; name: string; growth: number }[]) => {
    const from = a[key].value, to = b[key].value;
    if (from === null || to === null || from <= 0) return;
    const rise = to - from;
    if (rise < minDays || rise / from < minPct) return;
    const main = drivers.filter((d) => d.growth > 0).sort((x, y) => y.growth - x.growth).slice(0, top);
    const label = key.toUpperCase();
    alerts.push({
      id: `${key}_jump:${now.endOn}`, kind: key === 'dso' ? 'dso_jump' : 'dio_jump', severity: rise / from >= 0.3 ? 'high' : rise / from >= 0.2 ? 'medium' : 'low', subject: null,
      explanation: `${label} rose from ${formatDays(from)} to ${formatDays(to)} days (+${formatDays(rise)} days, +${formatPct(rise / from)}) between ${before.endOn} and ${now.endOn} over ${now.periodDays}-day periods${main.length > 0 ? `; most of the rise is from ${main.map((d) => d.name).join(', ')}` : ''}.`,
      measure: { current: to, reference: from, unit: 'days' },
      rows: { kind: key === 'dso' ? 'contact' : 'item', ids: main.map((d) => d.id) },
    });
  };
  // A driver's growth is the change in the days it adds to the ratio.
  const share = (minor: number, denominator: number, days: number) => (denominator > 0 ? (minor / denominator) * days : 0);
  const arBefore = new Map(before.customers.map((c) => [c.contactId, share(c.receivablesMinor, before.revenueMinor, before.periodDays)]));
  check('dso', now.customers.map((c) => ({
    id: c.contactId, name: contactName(book, c.contactId), growth: share(c.receivablesMinor, now.revenueMinor, now.periodDays) - (arBefore.get(c.contactId) ?? 0),
  })));
  const invBefore = new Map(before.items.map((i) => [i.itemId, share(i.inventoryMinor, before.cogsMinor, before.periodDays)]));
  check('dio', now.items.map((i) => ({
    id: i.itemId, name: options.names?.get(i.itemId) ?? i.itemId, growth: share(i.inventoryMinor, now.cogsMinor, now.periodDays) - (invBefore.get(i.itemId) ?? 0),
  })));
  return alerts;
}
