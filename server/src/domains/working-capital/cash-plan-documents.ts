import type { FxRate, PlannedPurchaseDocument, SalesOutlook } from '@capliquify/shared';
import { buildFxIndex, buildSalesOutlook, converterOn, dayNumber, isoDay, type ItemEconomics } from '@capliquify/shared/finance/index';
import type { ForecastRow, ItemPriceRow, OpenOrderRow } from './cash-plan.repo';

// The finance scope's plan rows from the system of record: open purchase orders as the cash they
// will take, and the demand forecasts priced as a sales outlook. Pure: the repo reads the rows.

/** Each open order paid on its supplier's terms after its expected delivery; empty orders plan nothing. */
export function plannedPurchaseDocuments(orders: readonly OpenOrderRow[]): PlannedPurchaseDocument[] {
  return orders.filter((o) => o.totalMinor !== 0).map((o) => ({
    id: o.id, number: o.number, supplierId: o.supplierId, expectedOn: o.expectedOn,
    payOn: isoDay(dayNumber(o.expectedOn) + (o.termsDays ?? 0)), amountMinor: o.totalMinor, currency: o.currency,
  }));
}

/**
 * Each item's net selling price over the sales read (revenue less channel fees, per unit; sales
 * are kept in the base currency) and its unit cost converted at the day's rate. Items never sold
 * in the window, or whose cost has no rate, have no economics: the outlook counts them as unpriced.
 */
export function itemEconomics(prices: readonly ItemPriceRow[], baseCurrency: string, fxRates: readonly FxRate[], day: string): Map<string, ItemEconomics> {
  const toBase = converterOn(buildFxIndex(baseCurrency, fxRates), dayNumber(day));
  const economics = new Map<string, ItemEconomics>();
  for (const p of prices) {
    if (!(p.soldQuantity > 0) || !(p.netRevenueMinor > 0)) continue;
    const cost = toBase(p.unitCostMinor, p.costCurrency);
    if (cost === null) continue;
    economics.set(p.itemId, { priceMinor: p.netRevenueMinor / p.soldQuantity, unitCostMinor: cost });
  }
  return economics;
}

/** The outlook of the latest forecast run, or null before the first run or without priced items. */
export function salesOutlookDocument(forecasts: readonly ForecastRow[], economics: ReadonlyMap<string, ItemEconomics>): SalesOutlook | null {
  const latest = forecasts.reduce<ForecastRow | null>((a, f) => (!a || f.generatedAt > a.generatedAt ? f : a), null);
  if (!latest) return null;
  const run = forecasts.filter((f) => f.runId === latest.runId);
  return buildSalesOutlook(run, economics, { runId: latest.runId, generatedAt: latest.generatedAt });
}
