import type { Kysely, Transaction } from 'kysely';
import { lookupKeys, parseScan } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

export interface ItemSummary { id: string; sku: string; name: string; unit: string; costMinor: number; currency: string }

/**
 * The item a count line's barcode belongs to, resolved exactly as the server resolves it (its
 * answer wins on the next pull, so predicting anything else would flicker): the code and its GTIN
 * forms against item barcodes, then the code as a SKU. Case-sensitive like the server, although the
 * replica's columns compare without case for search.
 */
export async function resolveBarcode(db: Db, barcode: string): Promise<string | null> {
  const scan = parseScan(barcode);
  const keys = scan.ok ? lookupKeys(scan.value) : [barcode.trim()];
  if (!keys.includes(barcode)) keys.push(barcode);
  const hits = await db.selectFrom('item_barcodes').select(['barcode', 'item_id']).where('barcode', 'in', keys).execute();
  for (const key of keys) {
    const hit = hits.find((h) => h.barcode === key);
    if (hit) return hit.item_id;
  }
  const sku = barcode.trim();
  const bySku = await db.selectFrom('items').select(['id', 'sku']).where('sku', '=', sku).execute();
  return bySku.find((i) => i.sku === sku)?.id ?? null;
}

export async function findItemSummary(db: Db, itemId: string): Promise<ItemSummary | null> {
  const row = await db.selectFrom('items').select(['id', 'sku', 'name', 'unit', 'cost_minor', 'currency']).where('id', '=', itemId).executeTakeFirst();
  return row ? { id: row.id, sku: row.sku, name: row.name, unit: row.unit, costMinor: Number(row.cost_minor), currency: row.currency } : null;
}

/** Items by id, for labelling rows (ids the replica does not hold are left out). */
export async function findItemSummaries(db: Db, itemIds: readonly string[]): Promise<Map<string, ItemSummary>> {
  const found = new Map<string, ItemSummary>();
  const unique = [...new Set(itemIds)];
  // SQLite allows 32,766 parameters; chunks keep far below it.
  for (let at = 0; at < unique.length; at += 5_000) {
    const rows = await db.selectFrom('items').select(['id', 'sku', 'name', 'unit', 'cost_minor', 'currency'])
      .where('id', 'in', unique.slice(at, at + 5_000)).execute();
    for (const r of rows) found.set(r.id, { id: r.id, sku: r.sku, name: r.name, unit: r.unit, costMinor: Number(r.cost_minor), currency: r.currency });
  }
  return found;
}

export interface LocationSummary { id: string; siteId: string; code: string; name: string }

export async function findLocations(db: Db, locationIds: readonly string[]): Promise<LocationSummary[]> {
  if (locationIds.length === 0) return [];
  const rows = await db.selectFrom('locations').select(['id', 'site_id', 'code', 'name']).where('id', 'in', [...new Set(locationIds)]).orderBy('code').execute();
  return rows.map((r) => ({ id: r.id, siteId: r.site_id, code: r.code, name: r.name }));
}

/** Locations whose code is `code` ignoring case (location labels are typed as often as scanned). */
export async function findLocationsByCode(db: Db, code: string): Promise<LocationSummary[]> {
  const rows = await db.selectFrom('locations').select(['id', 'site_id', 'code', 'name'])
    .where((eb) => eb(eb.fn<string>('lower', ['code']), '=', code.trim().toLowerCase())).execute();
  return rows.map((r) => ({ id: r.id, siteId: r.site_id, code: r.code, name: r.name }));
}

/** The currency most items are costed in: a session created offline shows values in it until the server's answer arrives. */
export async function predominantCurrency(db: Db): Promise<string | null> {
  const row = await db.selectFrom('items').select((eb) => ['currency', eb.fn.countAll<number>().as('n')]).groupBy('currency')
    .orderBy('n', 'desc').limit(1).executeTakeFirst();
  return row?.currency ?? null;
}
