import type { ForecastPoint } from '../domain/forecast.schema';
import type { SalesOutlook, SalesOutlookWeek } from '../domain/finance.schema';
import { roundMinor } from './money';

// The demand forecasts as money for the cash forecast: each item's weekly units at its recent
// selling price, summed over items and sites. The band adds the items' 95% half-widths in
// quadrature, as if their errors were independent: summing them would claim every item misses
// the same way in the same week, a band far wider than a company's sales ever swing.

export interface ItemForecastPoints {
  itemId: string;
  points: readonly ForecastPoint[];
}

/** An item's selling price and unit cost, both per unit in base minor units. */
export interface ItemEconomics {
  priceMinor: number;
  unitCostMinor: number;
}

interface WeekSums { revenue: number; lowSq: number; highSq: number }

/**
 * The outlook of one forecast run, or null when no forecast item has a selling price (nothing
 * to add to the cash forecast). Items without economics are counted, not guessed at.
 */
export function buildSalesOutlook(
  forecasts: readonly ItemForecastPoints[],
  economics: ReadonlyMap<string, ItemEconomics>,
  run: { runId: string; generatedAt: string },
): SalesOutlook | null {
  const weeks = new Map<string, WeekSums>();
  const priced = new Set<string>(), unpriced = new Set<string>();
  let revenue = 0, margin = 0;
  for (const forecast of forecasts) {
    const item = economics.get(forecast.itemId);
    if (!item || !(item.priceMinor > 0)) { unpriced.add(forecast.itemId); continue; }
    priced.add(forecast.itemId);
    for (const p of forecast.points) {
      const units = Math.max(0, p.yhat);
      const sums = weeks.get(p.period) ?? { revenue: 0, lowSq: 0, highSq: 0 };
      sums.revenue += units * item.priceMinor;
      sums.lowSq += ((units - Math.max(0, Math.min(p.lo95, units))) * item.priceMinor) ** 2;
      sums.highSq += ((Math.max(p.hi95, units) - units) * item.priceMinor) ** 2;
      weeks.set(p.period, sums);
      revenue += units * item.priceMinor;
      margin += units * (item.priceMinor - item.unitCostMinor);
    }
  }
  for (const id of priced) unpriced.delete(id);
  if (priced.size === 0) return null;
  const ordered: SalesOutlookWeek[] = [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([weekStart, s]) => ({
    weekStart,
    revenueMinor: roundMinor(s.revenue),
    lowMinor: roundMinor(Math.max(0, s.revenue - Math.sqrt(s.lowSq))),
    highMinor: roundMinor(s.revenue + Math.sqrt(s.highSq)),
  }));
  const marginPct = revenue > 0 ? Math.max(-100, Math.min(100, (margin / revenue) * 100)) : 0;
  return { ...run, weeks: ordered, marginPct: Math.round(marginPct * 100) / 100, pricedItems: priced.size, unpricedItems: unpriced.size };
}
