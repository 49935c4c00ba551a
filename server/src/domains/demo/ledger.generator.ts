import { isCounted, roundQty, type Catalog, type CatalogItem } from './catalog.model';
import { addDays, weekdayOf } from './dates';
import { DEMO_TENANT_ID } from './demo.types';
import { ADJUSTMENT_HOUR, move, round4, SHIPMENT_HOUR, type LedgerState } from './ledger.state';
import { expectedUse, type UsageForecast } from './planning';
import type { Rng } from './prng';
import { make } from './production.sim';
import { receiveArrivals, reviewSupplier } from './purchasing.sim';
import { CHANNELS, LOOKAHEAD_DAYS, type Channel, type DemandPlan } from './sales.generator';

/** Shopify Payments (UK): 2% + 25p an order; Amazon: 15.3% referral fee. About 1.2 units an order. */
function channelFees(channel: Channel, revenueMinor: number, units: number): number {
  if (units === 0) return 0;
  return channel === 'shopify' ? Math.round(revenueMinor * 0.02) + 25 * Math.ceil(units / 1.2) : Math.round(revenueMinor * 0.153);
}

function openingBalances(state: LedgerState): void {
  for (const item of state.items) {
    const cover = item.kind === 'finished' ? state.rng.range(14, 35) : item.supplierIndex !== null ? item.leadTimeDays + state.rng.range(10, 30) : state.rng.range(7, 21);
    let quantity = roundQty(expectedUse(state.forecast, item.index, 0, Math.ceil(cover)), item.unit);
    if (item.kind === 'finished' && quantity < 2 && expectedUse(state.forecast, item.index, 0, 30) > 0) quantity = 2;
    if (quantity <= 0) continue;
    state.onHand[item.index] = quantity;
    // The opening balance is the stock count taken the evening before the history starts.
    move(state, item, 'count_adjustment', quantity, -1, 18, 'OPENING-BALANCE');
  }
}

/**
 * Weekly production planning for finished goods, each product on its own line day. The planner's
 * forecast is off by a steady factor per product (`bias`), as real forecasts are: under-forecast
 * products run out in their peaks, and a short bought part holds a run until the next week.
 */
function planFinishedGoods(state: LedgerState, finished: CatalogItem[], bias: Float64Array, day: number, weekday: number): void {
  for (const item of finished) {
    if (item.index % 5 !== weekday) continue;
    const cls = state.plan.demandClass.get(item.index);
    const factor = bias[item.index] ?? 1;
    const week = expectedUse(state.forecast, item.index, day, day + 7) * factor;
    if (week <= 0) continue;
    const safety = week * 0.4 + (cls === 'slow' ? 2 : 1);
    const onHand = state.onHand[item.index] ?? 0;
    if (onHand >= week + safety) continue;
    const coverDays = cls === 'fast' ? 21 : cls === 'medium' ? 42 : 120;
    const target = expectedUse(state.forecast, item.index, day, day + 7 + coverDays) * factor + safety;
    make(state, item, Math.ceil(target - onHand), day);
  }
}

function sellDay(state: LedgerState, finished: CatalogItem[], day: number, weekShipped: Float64Array): void {
  const iso = state.isoDays[day] as string;
  const channels: readonly Channel[] = day % 2 === 0 ? CHANNELS : [...CHANNELS].reverse();
  for (const item of finished) {
    const demand = state.plan.byItem.get(item.index);
    if (!demand) continue;
    for (const channel of channels) {
      const { wanted, discountPct } = demand[channel];
      const want = wanted[day] ?? 0;
      if (want === 0) continue;
      const sold = Math.min(want, Math.floor(state.onHand[item.index] ?? 0));
      state.onHand[item.index] = round4((state.onHand[item.index] ?? 0) - sold);
      weekShipped[item.index] = (weekShipped[item.index] ?? 0) + sold;
      const discount = discountPct[day] ?? 0;
      const unitPrice = Math.round(item.priceMinor * (1 - discount / 100));
      const revenue = unitPrice * sold;
      state.sales.push({
        tenant_id: DEMO_TENANT_ID, site_id: item.siteId, item_id: item.id, channel, day: iso,
        quantity: sold, revenue_minor: revenue, fees_minor: channelFees(channel, revenue, sold),
        promo: discount > 0, stockout: sold < want,
      });
    }
  }
}

/** Cycle counts find the odd damaged, lost or mis-picked unit; the stock is corrected where it lies. */
function countAdjustments(state: LedgerState, day: number): void {
  const { rng } = state;
  for (const item of state.items) {
    if (!rng.chance(1 / 700)) continue;
    const onHand = state.onHand[item.index] ?? 0;
    const size = isCounted(item.unit) ? rng.int(1, 3) : roundQty(Math.max(0.1, onHand * rng.range(0.005, 0.03)), item.unit);
    const delta = rng.chance(0.7) ? -Math.min(size, onHand) : size;
    if (delta === 0) continue;
    state.onHand[item.index] = round4(onHand + delta);
    move(state, item, 'count_adjustment', delta, day, ADJUSTMENT_HOUR, `CC-${state.isoDays[day]}`);
  }
}

/**
 * Runs the plant day by day: deliveries, production on weekdays, purchasing rounds, then the day's
 * orders, which take only what is on hand (the rest is lost and the day flagged as a stock-out).
 * Shipments are booked as one movement per item and week, at the end of the week, which never
 * shows less stock than the day-by-day simulation had.
 */
export function simulateLedger(catalog: Catalog, plan: DemandPlan, forecast: UsageForecast, rng: Rng, startDate: string, days: number): LedgerState {
  const items = catalog.items;
  const state: LedgerState = {
    catalog, items, plan, forecast, rng,
    isoDays: Array.from({ length: days + LOOKAHEAD_DAYS }, (_, t) => addDays(startDate, t)),
    onHand: new Float64Array(items.length), onOrder: new Float64Array(items.length), arrivals: new Map(),
    counters: { workOrders: 0, purchaseOrders: 0 },
    movements: [], sales: [], purchaseOrders: [], purchaseOrderLines: [],
  };
  const finished = items.filter((i) => i.kind === 'finished');
  const bySupplier = catalog.suppliers.map((s) => items.filter((i) => i.supplierIndex === s.index));
  const weekShipped = new Float64Array(items.length);
  const bias = new Float64Array(items.length).fill(1);
  for (const item of finished) bias[item.index] = Math.exp(rng.normal(-0.05, 0.22));
  openingBalances(state);

  for (let day = 0; day < days; day++) {
    const weekday = weekdayOf(state.isoDays[day] as string);
    receiveArrivals(state, day);
    if (weekday < 5) {
      planFinishedGoods(state, finished, bias, day, weekday);
      for (const supplier of catalog.suppliers) {
        if (supplier.orderWeekday === weekday) reviewSupplier(state, supplier, bySupplier[supplier.index] ?? [], day);
      }
    }
    sellDay(state, finished, day, weekShipped);
    countAdjustments(state, day);
    if (weekday === 6 || day === days - 1) {
      for (const item of finished) {
        const shipped = weekShipped[item.index] ?? 0;
        if (shipped > 0) move(state, item, 'shipment', -shipped, day, SHIPMENT_HOUR, `SHP-${state.isoDays[day]}`);
      }
      weekShipped.fill(0);
    }
  }
  return state;
}
