import { isCounted, type CatalogItem } from './catalog.model';
import { move, PRODUCTION_HOUR, round4, type LedgerState } from './ledger.state';
import { expectedUse } from './planning';

/** Parts are made in batches that cover about six weeks, not just the shortfall of one order. */
function batchExtra(state: LedgerState, item: CatalogItem, day: number): number {
  return Math.ceil(expectedUse(state.forecast, item.index, day, day + 42));
}

/**
 * Makes up to `wanted` units of a made item today. Missing made parts are made first (their own
 * batch, recursively); missing bought parts cap the run, and the planners see the shortfall.
 * Returns the quantity made.
 */
export function make(state: LedgerState, item: CatalogItem, wanted: number, day: number): number {
  const { items, onHand } = state;
  for (const line of item.bom) {
    const part = items[line.component] as CatalogItem;
    const need = wanted * line.quantity;
    if (part.bom.length > 0 && (onHand[part.index] ?? 0) < need) {
      make(state, part, Math.ceil(need - (onHand[part.index] ?? 0)) + batchExtra(state, part, day), day);
    }
  }
  let feasible = wanted;
  for (const line of item.bom) feasible = Math.min(feasible, (onHand[line.component] ?? 0) / line.quantity + 1e-9);
  feasible = isCounted(item.unit) ? Math.floor(feasible) : round4(feasible);
  if (feasible <= 0) return 0;

  state.counters.workOrders++;
  const reference = `WO-${String(state.counters.workOrders).padStart(6, '0')}`;
  const hour = PRODUCTION_HOUR[item.kind];
  for (const line of item.bom) {
    const part = items[line.component] as CatalogItem;
    const used = round4(feasible * line.quantity);
    onHand[part.index] = round4((onHand[part.index] ?? 0) - used);
    move(state, part, 'production_consumption', -used, day, hour, reference);
  }
  if (item.kind === 'finished') {
    // Finished goods come off the line at the plant's dispatch bay and go straight to the warehouse.
    const dispatch = { id: state.catalog.dispatchLocationId, siteId: state.catalog.plantId };
    move(state, item, 'production_output', feasible, day, hour, reference, dispatch);
    move(state, item, 'transfer_out', -feasible, day, hour, reference, dispatch, 30);
    move(state, item, 'transfer_in', feasible, day, hour, reference, undefined, 30);
  } else {
    move(state, item, 'production_output', feasible, day, hour, reference);
  }
  onHand[item.index] = round4((onHand[item.index] ?? 0) + feasible);
  return feasible;
}
