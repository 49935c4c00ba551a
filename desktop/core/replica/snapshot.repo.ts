import type { Kysely } from 'kysely';
import type { Item, SitesSnapshot, StockLevel } from '@capliquify/shared';
import { MetaKey, setMeta } from './meta.repo';
import { snapshotTables, type ReplicaDatabase } from './replica.schema';

// SQLite allows 32,766 bound parameters per statement; 13 item columns × 500 rows stays well under.
const CHUNK = 500;

export interface ReplicaCounts { sites: number; locations: number; items: number; stockLevels: number }

/** Empties the staging tables, dropping whatever an interrupted download left behind. */
export async function clearStage(db: Kysely<ReplicaDatabase>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { stage } of snapshotTables) await trx.deleteFrom(stage).execute();
  });
}

export async function stageSites(db: Kysely<ReplicaDatabase>, snapshot: SitesSnapshot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const rows of chunks(snapshot.sites)) {
      await trx.insertInto('stage_sites')
        .values(rows.map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone })))
        .execute();
    }
    for (const rows of chunks(snapshot.locations)) {
      await trx.insertInto('stage_locations')
        .values(rows.map((l) => ({ id: l.id, site_id: l.siteId, code: l.code, name: l.name })))
        .execute();
    }
  });
}

/** Stages one page of items (and their barcodes) in one transaction. */
export async function stageItems(db: Kysely<ReplicaDatabase>, items: Item[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const rows of chunks(items)) {
      await trx.insertInto('stage_items').values(rows.map(toItemRow)).execute();
      const barcodes = rows.flatMap((item) => [...new Set(item.barcodes)].map((barcode) => ({ barcode, item_id: item.id })));
      for (const part of chunks(barcodes)) {
        await trx.insertInto('stage_item_barcodes').values(part).onConflict((oc) => oc.doNothing()).execute();
      }
    }
  });
}

/** Stages one page of stock levels in one transaction. */
export async function stageStockLevels(db: Kysely<ReplicaDatabase>, levels: StockLevel[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const rows of chunks(levels)) {
      await trx.insertInto('stage_stock_levels')
        .values(rows.map((s) => ({ site_id: s.siteId, location_id: s.locationId, item_id: s.itemId, on_hand: s.onHand })))
        .execute();
    }
  });
}

/**
 * Replaces the live snapshot with the staged one in a single transaction: readers see either the
 * old replica or the new one, never a mix, and a crash before commit keeps the old one.
 */
export async function swapStageIntoLive(db: Kysely<ReplicaDatabase>, syncedAt: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { live, stage } of snapshotTables) {
      await trx.deleteFrom(live).execute();
      await trx.insertInto(live).expression(trx.selectFrom(stage).selectAll()).execute();
      await trx.deleteFrom(stage).execute();
    }
    await setMeta(trx, MetaKey.LastSyncAt, syncedAt.toISOString());
  });
}

export async function countLive(db: Kysely<ReplicaDatabase>): Promise<ReplicaCounts> {
  const count = async (table: 'sites' | 'locations' | 'items' | 'stock_levels') => {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { sites: await count('sites'), locations: await count('locations'), items: await count('items'), stockLevels: await count('stock_levels') };
}

function toItemRow(item: Item): ReplicaDatabase['items'] {
  return {
    id: item.id, sku: item.sku, name: item.name, type: item.type, category: item.category, unit: item.unit,
    barcodes_json: JSON.stringify(item.barcodes), cost_minor: item.costMinor, currency: item.currency,
    reorder_point: item.reorderPoint, safety_stock: item.safetyStock, lead_time_days: item.leadTimeDays,
    supplier_id: item.supplierId,
  };
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}
