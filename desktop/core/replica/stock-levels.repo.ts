import { sql, type Kysely } from 'kysely';
import type { ReplicaDatabase } from './replica.schema';

export interface StockLevelRow {
  siteId: string; locationId: string; locationCode: string; itemId: string; sku: string; itemName: string;
  onHand: number; allocated: number; available: number;
}

export interface StockLevelQuery {
  /** Part of a SKU or item name, or an exact barcode; blank for all. */
  q?: string;
  locationId?: string;
  limit: number;
  offset: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * On-hand, allocated and available per location and item (rows with stock on hand or reserved),
 * by location code then SKU, with the total for paging. Available = on-hand − allocated.
 */
export async function listStockLevels(db: Kysely<ReplicaDatabase>, query: StockLevelQuery): Promise<{ rows: StockLevelRow[]; total: number }> {
  const q = query.q?.trim() ?? '';
  const pattern = `%${escapeLike(q)}%`;
  const base = db.selectFrom('stock_levels')
    .innerJoin('items', 'items.id', 'stock_levels.item_id')
    .innerJoin('locations', 'locations.id', 'stock_levels.location_id')
    .where((eb) => eb.or([eb('stock_levels.on_hand', '!=', 0), eb('stock_levels.allocated', '!=', 0)]))
    .$if(query.locationId !== undefined, (qb) => qb.where('stock_levels.location_id', '=', query.locationId as string))
    .$if(q !== '', (qb) => qb.where((eb) => eb.or([
      sql<boolean>`${eb.ref('items.sku')} like ${pattern} escape '\\'`,
      sql<boolean>`${eb.ref('items.name')} like ${pattern} escape '\\'`,
      eb('items.id', 'in', eb.selectFrom('item_barcodes').select('item_barcodes.item_id').where('item_barcodes.barcode', '=', q)),
    ])));
  const rows = await base
    .select([
      'stock_levels.site_id as siteId', 'stock_levels.location_id as locationId', 'locations.code as locationCode',
      'stock_levels.item_id as itemId', 'items.sku as sku', 'items.name as itemName', 'stock_levels.on_hand as onHand', 'stock_levels.allocated as allocated',
    ])
    .orderBy('locations.code').orderBy('items.sku').orderBy('stock_levels.item_id')
    .limit(query.limit).offset(query.offset)
    .execute();
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => {
      const onHand = Number(r.onHand);
      const allocated = Number(r.allocated);
      // Quantities carry at most 6 decimals; keep binary noise out of the difference.
      return { ...r, onHand, allocated, available: Math.round((onHand - allocated) * 1e6) / 1e6 };
    }),
  };
}
