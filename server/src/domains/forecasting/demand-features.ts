import type { DemandHistoryPoint } from '@capliquify/shared';
import type { Regressors } from '@capliquify/shared/forecasting/model';
import { uncensorDemand } from './censored-demand';
import { mondayOf, overlapDays, type ForecastWindow } from './iso-weeks';

/** One site × item × ISO week of sales, summed over the channels. */
export interface WeeklySales {
  siteId: string;
  itemId: string;
  /** The week's Monday. */
  week: string;
  quantity: number;
  /** Some day of the week ran out of stock on some channel: sales understate demand. */
  stockout: boolean;
  /** Days of the week on which some channel sold on promotion. */
  promoDays: number;
}

/** A promotion of an item (on any channel, so at every site that sells it). */
export interface PromotionSpan {
  itemId: string;
  startsOn: string;
  endsOn: string;
}

/** The first day a site ever sold an item: tells a product launched in the window from quiet weeks. */
export interface FirstSale {
  siteId: string;
  itemId: string;
  day: string;
}

/** The regressor the models see: the share of each week's days on promotion (0–1). */
export const PROMO_REGRESSOR = 'promo';

export interface DemandSeries {
  siteId: string;
  itemId: string;
  /** The weeks as the forecast saw them (stock-outs filled in and flagged, promotions flagged), oldest first. */
  history: DemandHistoryPoint[];
  /** The demand the models read: the history's quantities. */
  y: number[];
  /** Promotion shares for the history and the horizon; absent when the history never had one (nothing to learn from). */
  regressors?: Regressors;
}

const key = (siteId: string, itemId: string) => `${siteId}\u0000${itemId}`;

function promoShares(weeks: readonly string[], spans: readonly PromotionSpan[] | undefined): number[] {
  return weeks.map((monday) => Math.min(7, (spans ?? []).reduce((days, p) => days + overlapDays(monday, p.startsOn, p.endsOn), 0)) / 7);
}

/**
 * Weekly demand per site × item for the window: weeks without a sale are zeros, weeks before a
 * product's first sale are left out, stock-out weeks are replaced by an estimate of what customers
 * wanted (see uncensorDemand), and promotions become a regressor with its future from the
 * promotions planned. Only series that sold something in the window are kept (the active ones),
 * ordered by site then item.
 */
export function buildDemandSeries(input: {
  window: ForecastWindow; sales: readonly WeeklySales[]; promotions: readonly PromotionSpan[]; firstSales: readonly FirstSale[];
}): DemandSeries[] {
  const { window } = input;
  const weekIndex = new Map(window.history.map((monday, i) => [monday, i]));
  const bySeries = new Map<string, { siteId: string; itemId: string; rows: WeeklySales[] }>();
  for (const row of input.sales) {
    if (!weekIndex.has(row.week)) continue;
    const k = key(row.siteId, row.itemId);
    let entry = bySeries.get(k);
    if (!entry) bySeries.set(k, (entry = { siteId: row.siteId, itemId: row.itemId, rows: [] }));
    entry.rows.push(row);
  }
  const promotionsByItem = new Map<string, PromotionSpan[]>();
  for (const p of input.promotions) {
    const spans = promotionsByItem.get(p.itemId);
    if (spans) spans.push(p);
    else promotionsByItem.set(p.itemId, [p]);
  }
  const firstSale = new Map(input.firstSales.map((f) => [key(f.siteId, f.itemId), f.day]));

  const series: DemandSeries[] = [];
  for (const [k, { siteId, itemId, rows }] of bySeries) {
    const n = window.history.length;
    const sold = new Array<number>(n).fill(0);
    const censored = new Array<boolean>(n).fill(false);
    const salesPromo = new Array<number>(n).fill(0);
    for (const row of rows) {
      const i = weekIndex.get(row.week)!;
      sold[i] = sold[i]! + row.quantity;
      censored[i] = censored[i]! || row.stockout;
      salesPromo[i] = Math.max(salesPromo[i]!, Math.min(7, row.promoDays) / 7);
    }
    if (!sold.some((q) => q > 0)) continue;
    const launched = firstSale.get(k);
    const start = launched ? Math.max(0, window.history.findIndex((monday) => monday >= mondayOf(launched))) : 0;
    const weeks = window.history.slice(start);
    const demand = uncensorDemand(sold.slice(start), censored.slice(start));
    const spans = promotionsByItem.get(itemId);
    // A promotion's days seen in the sales, or planned in the promotions table: whichever says more.
    const promo = promoShares(weeks, spans).map((share, i) => Math.max(share, salesPromo[start + i]!));
    const history = weeks.map((period, i): DemandHistoryPoint => ({ period, quantity: demand[i]!, stockout: censored[start + i]!, promo: promo[i]! > 0 }));
    const regressors: Regressors | undefined = promo.some((share) => share > 0)
      ? { history: { [PROMO_REGRESSOR]: promo }, future: { [PROMO_REGRESSOR]: promoShares(window.future, spans) } }
      : undefined;
    series.push({ siteId, itemId, history, y: demand, ...(regressors ? { regressors } : {}) });
  }
  return series.sort((a, b) => (a.siteId === b.siteId ? (a.itemId < b.itemId ? -1 : 1) : a.siteId < b.siteId ? -1 : 1));
}
