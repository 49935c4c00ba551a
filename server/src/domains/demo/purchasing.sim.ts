import type { CatalogItem, CatalogSupplier } from './catalog.model';
import { DEMO_TENANT_ID } from './demo.types';
import { fromGbp } from './fx';
import { move, RECEIPT_HOUR, round4, type LedgerState, type PendingOrder } from './ledger.state';
import { expectedUse, packRound } from './planning';

/** Books today's deliveries into stock. */
export function receiveArrivals(state: LedgerState, day: number): void {
  for (const order of state.arrivals.get(day) ?? []) {
    order.row.status = 'received';
    order.row.received_on = state.isoDays[day] as string;
    for (const line of order.lines) {
      const item = state.items[line.item] as CatalogItem;
      state.onHand[line.item] = round4((state.onHand[line.item] ?? 0) + line.quantity);
      state.onOrder[line.item] = round4((state.onOrder[line.item] ?? 0) - line.quantity);
      move(state, item, 'receipt', line.quantity, day, RECEIPT_HOUR, order.row.number as string);
    }
  }
  state.arrivals.delete(day);
}

/**
 * The weekly buying round for one supplier: every item whose stock plus what is on order will not
 * last the lead time plus a safety margin (bigger for suppliers that deliver late) is reordered to
 * cover four to eight more weeks, in whole packs, on one purchase order.
 */
export function reviewSupplier(state: LedgerState, supplier: CatalogSupplier, itemsOfSupplier: CatalogItem[], day: number): void {
  const { forecast, rng } = state;
  const lines: PendingOrder['lines'] = [];
  let lead = 0;
  for (const item of itemsOfSupplier) {
    const position = (state.onHand[item.index] ?? 0) + (state.onOrder[item.index] ?? 0);
    const safetyDays = 7 + supplier.lateDaysMax / 2;
    const need = expectedUse(forecast, item.index, day, day + item.leadTimeDays + 7 + safetyDays);
    if (need <= 0 || position >= need) continue;
    const coverDays = item.leadTimeDays > 30 ? 56 : 28;
    const target = expectedUse(forecast, item.index, day, day + item.leadTimeDays + 7 + safetyDays + coverDays);
    lines.push({ item: item.index, quantity: packRound(target - position, item) });
    lead = Math.max(lead, item.leadTimeDays);
  }
  if (lines.length === 0) return;

  state.counters.purchaseOrders++;
  const seq = String(state.counters.purchaseOrders).padStart(6, '0');
  const late = rng.chance(supplier.lateChance) ? rng.int(1, supplier.lateDaysMax) : rng.int(-1, 0);
  const cancelled = rng.chance(0.01);
  const row: PendingOrder['row'] = {
    id: `po_demo_${seq}`, tenant_id: DEMO_TENANT_ID, supplier_id: supplier.id, site_id: state.catalog.plantId,
    number: `PO-${seq}`, ordered_on: state.isoDays[day] as string, expected_on: state.isoDays[day + lead] ?? '',
    received_on: null, status: cancelled ? 'cancelled' : 'open', currency: supplier.currency,
  };
  state.purchaseOrders.push(row);
  for (const line of lines) {
    const item = state.items[line.item] as CatalogItem;
    const priceDrift = rng.range(0.96, 1.08);
    state.purchaseOrderLines.push({
      tenant_id: DEMO_TENANT_ID, purchase_order_id: row.id, item_id: item.id,
      quantity: line.quantity, unit_cost_minor: Math.max(1, fromGbp(item.costMinor * priceDrift, supplier.currency)),
    });
  }
  if (cancelled) return;
  for (const line of lines) state.onOrder[line.item] = round4((state.onOrder[line.item] ?? 0) + line.quantity);
  const arrival = day + lead + late;
  const due = state.arrivals.get(arrival) ?? [];
  due.push({ row, lines });
  state.arrivals.set(arrival, due);
}
