import type { MovementKind } from '@capliquify/shared';
import type { Insertable } from 'kysely';
import type { PurchaseOrderLinesTable, PurchaseOrdersTable, SalesDailyTable, StockMovementsTable } from '../../db/schema';
import type { Catalog, CatalogItem } from './catalog.model';
import { addDays, timestamp } from './dates';
import { DEMO_TENANT_ID } from './demo.types';
import type { UsageForecast } from './planning';
import type { Rng } from './prng';
import type { DemandPlan } from './sales.generator';


export interface PendingOrder {
  row: Insertable<PurchaseOrdersTable>;
  lines: { item: number; quantity: number }[];
}

/**
 * The simulated plant: on-hand per item at its one bin (finished goods at the warehouse), what is
 * on order, and the rows written so far. The simulation only ever takes what is on hand, which is
 * what keeps every location's ledger non-negative.
 */
export interface LedgerState {
  catalog: Catalog;
  items: CatalogItem[];
  plan: DemandPlan;
  forecast: UsageForecast;
  rng: Rng;
  isoDays: string[];
  onHand: Float64Array;
  onOrder: Float64Array;
  arrivals: Map<number, PendingOrder[]>;
  counters: { workOrders: number; purchaseOrders: number };
  movements: Insertable<StockMovementsTable>[];
  sales: Insertable<SalesDailyTable>[];
  purchaseOrders: Insertable<PurchaseOrdersTable>[];
  purchaseOrderLines: Insertable<PurchaseOrderLinesTable>[];
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Appends one ledger row; `quantity` is signed (negative takes stock away). */
export function move(
  state: LedgerState, item: CatalogItem, kind: MovementKind, quantity: number, day: number, hour: number,
  reference: string, location?: { id: string; siteId: string }, minute = 0,
): void {
  state.movements.push({
    tenant_id: DEMO_TENANT_ID,
    site_id: location?.siteId ?? item.siteId,
    location_id: location?.id ?? item.locationId,
    item_id: item.id,
    kind,
    quantity: round4(quantity),
    unit_cost_minor: item.costMinor,
    occurred_at: timestamp(state.isoDays[day] ?? addDays(state.isoDays[0] as string, day), hour, minute),
    reference,
  });
}

/** Hour of the day at which each level of the plant runs: lower levels first, so parts exist before parents use them. */
export const PRODUCTION_HOUR: Record<CatalogItem['kind'], number> = { raw: 7, bought: 7, fabricated: 8, subassembly: 9, finished: 11 };
export const RECEIPT_HOUR = 7;
export const ADJUSTMENT_HOUR = 16;
export const SHIPMENT_HOUR = 23;
