import { countExpectedId, type CountExpected, type CountLine, type CountSession, type Item, type Location, type Site, type StockLevel } from '@capliquify/shared';
import type { Selectable } from 'kysely';
import type { CountExpectedTable, CountLinesTable, CountSessionsTable, ItemsTable, LocationsTable, SitesTable } from '../db/schema';
import { stockLevelId } from './scopes';
import type { SyncRowWrite } from './sync-rows.repo';

// The replicated documents are the shared zod shapes, so the desktop parses them with the same schemas.

export function siteRow(s: Selectable<SitesTable>): SyncRowWrite {
  const data: Site = { id: s.id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone };
  return { entity: 'site', id: s.id, data };
}

export function locationRow(l: Selectable<LocationsTable>): SyncRowWrite {
  const data: Location = { id: l.id, siteId: l.site_id, code: l.code, name: l.name };
  return { entity: 'location', id: l.id, data };
}

/** int8 and numeric columns arrive as strings; the document carries them as JSON numbers. */
export function itemRow(row: Selectable<ItemsTable>, barcodes: string[]): SyncRowWrite {
  const data: Item = {
    id: row.id, sku: row.sku, name: row.name, type: row.type, category: row.category, unit: row.unit, barcodes,
    costMinor: Number(row.cost_minor), currency: row.currency, reorderPoint: Number(row.reorder_point),
    safetyStock: Number(row.safety_stock), leadTimeDays: row.lead_time_days, supplierId: row.supplier_id,
  };
  return { entity: 'item', id: row.id, data };
}

/**
 * A zero balance with nothing allocated is a tombstone: the stock screen lists only what is on
 * hand or reserved. `allocated` appears only when non-zero, so documents without reservations
 * read as they always have.
 */
export function stockLevelRow(level: StockLevel): SyncRowWrite {
  const { allocated = 0, ...rest } = level;
  const id = stockLevelId(level.locationId, level.itemId);
  if (level.onHand === 0 && allocated === 0) return { entity: 'stock_level', id, data: null };
  return { entity: 'stock_level', id, data: allocated === 0 ? rest : { ...rest, allocated } };
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function countSessionRow(s: Selectable<CountSessionsTable>): SyncRowWrite {
  const data: CountSession = {
    id: s.id, siteId: s.site_id, name: s.name, kind: s.kind, blind: s.blind, locationIds: s.location_ids, itemIds: s.item_ids,
    toleranceQtyPct: Number(s.tolerance_qty_pct), toleranceValueMinor: Number(s.tolerance_value_minor), currency: s.currency,
    counters: s.counters, status: s.status, createdBy: s.created_by, createdAt: s.created_at.toISOString(),
    startedAt: iso(s.started_at), submittedAt: iso(s.submitted_at), approvedAt: iso(s.approved_at), approvedBy: s.approved_by,
    cancelledAt: iso(s.cancelled_at), cancelReason: s.cancel_reason, recounts: s.recounts,
  };
  return { entity: 'count_session', id: s.id, data };
}

export function countExpectedRow(e: Selectable<CountExpectedTable>): SyncRowWrite {
  const data: CountExpected = {
    sessionId: e.session_id, locationId: e.location_id, itemId: e.item_id, frozenQty: Number(e.frozen_qty),
    unitCostMinor: Number(e.unit_cost_minor), movements: e.movements.map((m) => ({ at: m.at, quantity: Number(m.quantity) })),
    posted: e.posted_movement_id === null ? null : { movementId: e.posted_movement_id, quantity: Number(e.posted_quantity), at: e.posted_at!.toISOString() },
  };
  return { entity: 'count_expected', id: countExpectedId(e.session_id, e.location_id, e.item_id), data };
}

export function countLineRow(l: Selectable<CountLinesTable>): SyncRowWrite {
  const data: CountLine = {
    id: l.id, sessionId: l.session_id, locationId: l.location_id, itemId: l.item_id, barcode: l.barcode, lot: l.lot,
    expiry: l.expiry, quantity: Number(l.quantity), counter: l.counter, deviceId: l.device_id,
    countedAt: l.counted_at.toISOString(), round: l.round, voided: l.voided,
  };
  return { entity: 'count_line', id: l.id, data };
}
