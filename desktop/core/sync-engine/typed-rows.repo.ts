import type { Kysely, Transaction } from 'kysely';
import { itemSchema, locationSchema, siteSchema, stockLevelSchema, type Entity } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

/** The id of a `stock_level` row on the wire: `<locationId>|<itemId>`. */
export function stockLevelId(locationId: string, itemId: string): string {
  return `${locationId}|${itemId}`;
}

function splitStockLevelId(id: string): { locationId: string; itemId: string } {
  const at = id.indexOf('|');
  if (at < 0) throw new Error(`Malformed stock level id ${id}`);
  return { locationId: id.slice(0, at), itemId: id.slice(at + 1) };
}

// SQLite allows 32,766 bound parameters per statement; 13 item columns × 500 rows stays well under.
const CHUNK = 500;

/**
 * Writes replicated documents of one entity kind into the typed table search reads (`sites`,
 * `locations`, `items` + `item_barcodes`, `stock_levels`), many rows per statement. Each document
 * is parsed with the shared zod shape, so a server that sends something else fails the pull
 * instead of corrupting the replica.
 */
export async function writeTypedRows(db: Db, entity: Entity, docs: readonly { id: string; data: unknown }[]): Promise<void> {
  for (let at = 0; at < docs.length; at += CHUNK) {
    const part = docs.slice(at, at + CHUNK);
    switch (entity) {
      case 'site': {
        const rows = part.map(({ id, data }) => {
          const s = siteSchema.parse(data);
          return { id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone };
        });
        await db.insertInto('sites').values(rows).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
          code: eb.ref('excluded.code'), name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), timezone: eb.ref('excluded.timezone'),
        }))).execute();
        break;
      }
      case 'location': {
        const rows = part.map(({ id, data }) => {
          const l = locationSchema.parse(data);
          return { id, site_id: l.siteId, code: l.code, name: l.name };
        });
        await db.insertInto('locations').values(rows).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
          site_id: eb.ref('excluded.site_id'), code: eb.ref('excluded.code'), name: eb.ref('excluded.name'),
        }))).execute();
        break;
      }
      case 'item': {
        const parsed = part.map(({ id, data }) => ({ id, item: itemSchema.parse(data) }));
        const rows = parsed.map(({ id, item: i }) => ({
          id, sku: i.sku, name: i.name, type: i.type, category: i.category, unit: i.unit, barcodes_json: JSON.stringify(i.barcodes),
          cost_minor: i.costMinor, currency: i.currency, reorder_point: i.reorderPoint, safety_stock: i.safetyStock,
          lead_time_days: i.leadTimeDays, supplier_id: i.supplierId,
        }));
        await db.insertInto('items').values(rows).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
          sku: eb.ref('excluded.sku'), name: eb.ref('excluded.name'), type: eb.ref('excluded.type'), category: eb.ref('excluded.category'),
          unit: eb.ref('excluded.unit'), barcodes_json: eb.ref('excluded.barcodes_json'), cost_minor: eb.ref('excluded.cost_minor'),
          currency: eb.ref('excluded.currency'), reorder_point: eb.ref('excluded.reorder_point'), safety_stock: eb.ref('excluded.safety_stock'),
          lead_time_days: eb.ref('excluded.lead_time_days'), supplier_id: eb.ref('excluded.supplier_id'),
        }))).execute();
        await db.deleteFrom('item_barcodes').where('item_id', 'in', parsed.map((p) => p.id)).execute();
        const barcodes = parsed.flatMap(({ id, item }) => [...new Set(item.barcodes)].map((barcode) => ({ barcode, item_id: id })));
        for (let b = 0; b < barcodes.length; b += CHUNK) {
          await db.insertInto('item_barcodes').values(barcodes.slice(b, b + CHUNK)).onConflict((oc) => oc.doNothing()).execute();
        }
        break;
      }
      case 'stock_level': {
        const rows = part.map(({ data }) => {
          const s = stockLevelSchema.parse(data);
          return { site_id: s.siteId, location_id: s.locationId, item_id: s.itemId, on_hand: s.onHand };
        });
        await db.insertInto('stock_levels').values(rows).onConflict((oc) => oc.columns(['item_id', 'location_id']).doUpdateSet((eb) => ({
          site_id: eb.ref('excluded.site_id'), on_hand: eb.ref('excluded.on_hand'),
        }))).execute();
        break;
      }
    }
  }
}

export async function writeTypedRow(db: Db, entity: Entity, id: string, data: unknown): Promise<void> {
  await writeTypedRows(db, entity, [{ id, data }]);
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
