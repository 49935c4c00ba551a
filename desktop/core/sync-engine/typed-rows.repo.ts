import type { Kysely, Transaction } from 'kysely';
import { entitySchema, itemSchema, locationSchema, siteSchema, stockLevelSchema, type Entity } from '@capliquify/shared';
import { deleteCountRow, writeCountRows } from '../counting/count-rows.repo';
import { deleteFinanceRow, writeFinanceRows } from '../replica/finance.repo';
import { deleteForecastRow, writeForecastRows } from '../replica/forecasts.repo';
import { rawStatement } from '../replica/raw-statements';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

/** Whether this build knows `entity` (a newer server may send entities added after it). */
export function isKnownEntity(entity: string): entity is Entity {
  return (entitySchema.options as readonly string[]).includes(entity);
}

/** The id of a `stock_level` row on the wire: `<locationId>|<itemId>`. */
export function stockLevelId(locationId: string, itemId: string): string {
  return `${locationId}|${itemId}`;
}

function splitStockLevelId(id: string): { locationId: string; itemId: string } {
  const at = id.indexOf('|');
  if (at < 0) throw new Error(`Malformed stock level id ${id}`);
  return { locationId: id.slice(0, at), itemId: id.slice(at + 1) };
}

// Literal SQL for the bulk path of a pull page (see `rawStatement`); named parameters are bound
// from objects shaped like the Kysely row types, so a column cannot silently shift position.
const SQL = {
  upsertSite: `insert into sites (id, code, name, kind, timezone) values (@id, @code, @name, @kind, @timezone)
    on conflict (id) do update set code = excluded.code, name = excluded.name, kind = excluded.kind, timezone = excluded.timezone`,
  upsertLocation: `insert into locations (id, site_id, code, name) values (@id, @site_id, @code, @name)
    on conflict (id) do update set site_id = excluded.site_id, code = excluded.code, name = excluded.name`,
  insertItem: `insert into items (id, sku, name, type, category, unit, barcodes_json, cost_minor, currency, reorder_point, safety_stock, lead_time_days, supplier_id)
    values (@id, @sku, @name, @type, @category, @unit, @barcodes_json, @cost_minor, @currency, @reorder_point, @safety_stock, @lead_time_days, @supplier_id)
    on conflict (id) do nothing`,
  updateItem: `update items set sku = @sku, name = @name, type = @type, category = @category, unit = @unit, barcodes_json = @barcodes_json,
    cost_minor = @cost_minor, currency = @currency, reorder_point = @reorder_point, safety_stock = @safety_stock,
    lead_time_days = @lead_time_days, supplier_id = @supplier_id where id = @id`,
  deleteItemBarcodes: 'delete from item_barcodes where item_id = ?',
  insertBarcode: 'insert into item_barcodes (barcode, item_id) values (?, ?) on conflict do nothing',
  upsertStockLevel: `insert into stock_levels (site_id, location_id, item_id, on_hand, allocated) values (@site_id, @location_id, @item_id, @on_hand, @allocated)
    on conflict (item_id, location_id) do update set site_id = excluded.site_id, on_hand = excluded.on_hand, allocated = excluded.allocated`,
} as const;

/**
 * Writes replicated documents of one entity kind into the typed table search reads (`sites`,
 * `locations`, `items` + `item_barcodes`, `stock_levels`; the counting tables, see count-rows.repo)
 * with prepared statements, one row at a time (better-sqlite3 runs those at SQLite's own speed). Each document is parsed with the shared
 * zod shape, the one validation of a pulled row, so a server that sends something else fails the
 * pull instead of corrupting the replica. An item not yet present (a bootstrap) is one insert plus
 * its barcodes; only an existing one is updated and has its old barcodes removed.
 */
export async function writeTypedRows(trx: Transaction<ReplicaDatabase>, entity: Entity, docs: readonly { id: string; data: unknown }[]): Promise<void> {
  const statement = (sql: string) => rawStatement(trx, sql);
  switch (entity) {
    case 'site': {
      const upsert = statement(SQL.upsertSite);
      for (const { id, data } of docs) {
        const s = siteSchema.parse(data);
        upsert.run({ id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone });
      }
      return;
    }
    case 'location': {
      const upsert = statement(SQL.upsertLocation);
      for (const { id, data } of docs) {
        const l = locationSchema.parse(data);
        upsert.run({ id, site_id: l.siteId, code: l.code, name: l.name });
      }
      return;
    }
    case 'item': {
      const insert = statement(SQL.insertItem);
      const update = statement(SQL.updateItem);
      const dropBarcodes = statement(SQL.deleteItemBarcodes);
      const addBarcode = statement(SQL.insertBarcode);
      for (const { id, data } of docs) {
        const i = itemSchema.parse(data);
        const row = {
          id, sku: i.sku, name: i.name, type: i.type, category: i.category, unit: i.unit, barcodes_json: JSON.stringify(i.barcodes),
          cost_minor: i.costMinor, currency: i.currency, reorder_point: i.reorderPoint, safety_stock: i.safetyStock,
          lead_time_days: i.leadTimeDays, supplier_id: i.supplierId,
        } satisfies ReplicaDatabase['items'];
        if (insert.run(row).changes === 0) {
          update.run(row);
          dropBarcodes.run(id);
        }
        for (const barcode of new Set(i.barcodes)) addBarcode.run(barcode, id);
      }
      return;
    }
    case 'stock_level': {
      const upsert = statement(SQL.upsertStockLevel);
      for (const { data } of docs) {
        const s = stockLevelSchema.parse(data);
        upsert.run({ site_id: s.siteId, location_id: s.locationId, item_id: s.itemId, on_hand: s.onHand, allocated: s.allocated ?? 0 });
      }
      return;
    }
    case 'count_session':
    case 'count_expected':
    case 'count_line':
      writeCountRows(trx, entity, docs);
      return;
    case 'demand_forecast':
      writeForecastRows(trx, docs);
      return;
    case 'finance_contact':
    case 'finance_document':
    case 'fx_rate':
    case 'inventory_month':
    case 'finance_profile':
    case 'planned_purchase':
    case 'sales_outlook':
      writeFinanceRows(trx, entity, docs);
      return;
  }
}

export async function writeTypedRow(trx: Transaction<ReplicaDatabase>, entity: Entity, id: string, data: unknown): Promise<void> {
  await writeTypedRows(trx, entity, [{ id, data }]);
}

export async function deleteTypedRow(db: Db, entity: Entity, id: string): Promise<void> {
  switch (entity) {
    case 'site':
      await db.deleteFrom('sites').where('id', '=', id).execute();
      return;
    case 'location':
      await db.deleteFrom('locations').where('id', '=', id).execute();
      return;
    case 'item':
      await db.deleteFrom('item_barcodes').where('item_id', '=', id).execute();
      await db.deleteFrom('items').where('id', '=', id).execute();
      return;
    case 'stock_level': {
      const { locationId, itemId } = splitStockLevelId(id);
      await db.deleteFrom('stock_levels').where('location_id', '=', locationId).where('item_id', '=', itemId).execute();
      return;
    }
    case 'count_session':
    case 'count_expected':
    case 'count_line':
      await deleteCountRow(db, entity, id);
      return;
    case 'demand_forecast':
      await deleteForecastRow(db, id);
      return;
    case 'finance_contact':
    case 'finance_document':
    case 'fx_rate':
    case 'inventory_month':
    case 'finance_profile':
    case 'planned_purchase':
    case 'sales_outlook':
      await deleteFinanceRow(db, entity, id);
      return;
  }
}

/** Adds `delta` to on-hand at a location, creating the row at 0 first if it is not there yet. */
export async function addToStockLevel(db: Db, level: { siteId: string; locationId: string; itemId: string }, delta: number): Promise<void> {
  const existing = await db.selectFrom('stock_levels').select('on_hand')
    .where('location_id', '=', level.locationId).where('item_id', '=', level.itemId).executeTakeFirst();
  const onHand = roundQuantity((existing?.on_hand ?? 0) + delta);
  await db.insertInto('stock_levels').values({ site_id: level.siteId, location_id: level.locationId, item_id: level.itemId, on_hand: onHand })
    .onConflict((oc) => oc.columns(['item_id', 'location_id']).doUpdateSet({ on_hand: onHand }))
    .execute();
}

// Binary floating point turns 0.1 + 0.2 into 0.30000000000000004; quantities carry at most 6 decimals.
function roundQuantity(q: number): number {
  return Math.round(q * 1e6) / 1e6;
}

/** Every stock level with its wire id, for tests and consistency checks. */
export async function listStockLevels(db: Db): Promise<{ id: string; siteId: string; onHand: number }[]> {
  const rows = await db.selectFrom('stock_levels').selectAll().orderBy('location_id').orderBy('item_id').execute();
  return rows.map((r) => ({ id: stockLevelId(r.location_id, r.item_id), siteId: r.site_id, onHand: Number(r.on_hand) }));
}

export interface LocationChoice { id: string; code: string; name: string; siteId: string; siteCode: string }

/** Locations this station holds, for the "Record movement" form. */
export async function listLocations(db: Db): Promise<LocationChoice[]> {
  return db.selectFrom('locations').innerJoin('sites', 'sites.id', 'locations.site_id')
    .select(['locations.id as id', 'locations.code as code', 'locations.name as name', 'sites.id as siteId', 'sites.code as siteCode'])
    .orderBy('sites.code').orderBy('locations.code')
    .execute();
}
