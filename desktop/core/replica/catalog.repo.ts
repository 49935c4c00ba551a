import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { ItemType } from '@capliquify/shared';
import type { ReplicaDatabase } from './replica.schema';

export interface ItemSearchRow {
  id: string; sku: string; name: string; type: ItemType; category: string; unit: string;
  barcodes: string[]; onHand: number;
}

export interface ItemStockRow {
  siteId: string; siteCode: string; siteName: string;
  locationId: string; locationCode: string; locationName: string;
  onHand: number;
}

export interface ItemSearchQuery { q: string; limit: number; offset: number }

/**
 * Items whose SKU or name contains `q`, or that carry `q` as a barcode, ordered by SKU; all items
 * when `q` is blank. Case-insensitive (ASCII, as SQLite's LIKE and NOCASE are).
 */
export async function searchItems(db: Kysely<ReplicaDatabase>, query: ItemSearchQuery): Promise<{ rows: ItemSearchRow[]; total: number }> {
  const q = query.q.trim();
  const pattern = `%${escapeLike(q)}%`;
  const base = db.selectFrom('items').$if(q !== '', (qb) => qb.where((eb) => eb.or([
    sql<boolean>`${eb.ref('items.sku')} like ${pattern} escape '\\'`,
    sql<boolean>`${eb.ref('items.name')} like ${pattern} escape '\\'`,
    eb('items.id', 'in', eb.selectFrom('item_barcodes').select('item_barcodes.item_id').where('item_barcodes.barcode', '=', q)),
  ])));

  const rows = await withItemColumns(base)
    .orderBy('items.sku').orderBy('items.id')
    .limit(query.limit).offset(query.offset)
    .execute();
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  return {
    total: Number(counted.n),
    rows: rows.map(toSearchRow),
  };
}

export async function findItem(db: Kysely<ReplicaDatabase>, id: string): Promise<ItemSearchRow | null> {
  const row = await withItemColumns(db.selectFrom('items').where('items.id', '=', id)).executeTakeFirst();
  return row ? toSearchRow(row) : null;
}

/** On-hand per location of one item, with its site and location for display. */
export async function stockForItem(db: Kysely<ReplicaDatabase>, itemId: string): Promise<ItemStockRow[]> {
  const rows = await db.selectFrom('stock_levels')
    .innerJoin('locations', 'locations.id', 'stock_levels.location_id')
    .innerJoin('sites', 'sites.id', 'stock_levels.site_id')
    .where('stock_levels.item_id', '=', itemId)
    .select([
      'sites.id as siteId', 'sites.code as siteCode', 'sites.name as siteName',
      'locations.id as locationId', 'locations.code as locationCode', 'locations.name as locationName',
      'stock_levels.on_hand as onHand',
    ])
    .orderBy('sites.code').orderBy('locations.code')
    .execute();
  return rows.map((r) => ({ ...r, onHand: Number(r.onHand) }));
}

function withItemColumns(qb: SelectQueryBuilder<ReplicaDatabase, 'items', object>) {
  return qb.select((eb) => [
    'items.id', 'items.sku', 'items.name', 'items.type', 'items.category', 'items.unit', 'items.barcodes_json',
    eb.selectFrom('stock_levels').whereRef('stock_levels.item_id', '=', 'items.id')
      .select((s) => s.fn.coalesce(s.fn.sum<number>('stock_levels.on_hand'), sql<number>`0`).as('total'))
      .as('on_hand'),
  ]);
}

type ItemColumns = Pick<ReplicaDatabase['items'], 'id' | 'sku' | 'name' | 'type' | 'category' | 'unit' | 'barcodes_json'> & { on_hand: number | null };

function toSearchRow(r: ItemColumns): ItemSearchRow {
  return {
    id: r.id, sku: r.sku, name: r.name, type: r.type, category: r.category, unit: r.unit,
    barcodes: parseBarcodes(r.barcodes_json), onHand: Number(r.on_hand ?? 0),
  };
}

// `%`, `_` and the escape character itself are literal in what a person types.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function parseBarcodes(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export interface ReplicaCounts { sites: number; locations: number; items: number; stockLevels: number }

/** Rows the replica holds per catalog table, for the status bar. */
export async function countCatalogRows(db: Kysely<ReplicaDatabase>): Promise<ReplicaCounts> {
  const count = async (table: 'sites' | 'locations' | 'items' | 'stock_levels') => {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { sites: await count('sites'), locations: await count('locations'), items: await count('items'), stockLevels: await count('stock_levels') };
}
