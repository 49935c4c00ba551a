import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ItemsTable } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The site and its locations, read for the backfill. */
export async function readSiteWithLocations(db: Db, tenantId: string, siteId: string) {
  const site = await db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).where('id', '=', siteId).executeTakeFirst();
  const locations = await db.selectFrom('locations').selectAll().where('tenant_id', '=', tenantId).where('site_id', '=', siteId).orderBy('id').execute();
  return { site, locations };
}

export async function listSiteIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db.selectFrom('sites').select('id').where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export async function listTenantIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('tenants').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export interface ItemWithBarcodes {
  item: Selectable<ItemsTable>;
  /** In barcode order, so the document reads the same on every rebuild. */
  barcodes: string[];
}

/** Every item of the tenant in id order with its barcodes: two queries, however many items. */
export async function listItemsWithBarcodes(db: Db, tenantId: string): Promise<ItemWithBarcodes[]> {
  const items = await db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  const barcodes = await db.selectFrom('item_barcodes').select(['item_id', 'barcode']).where('tenant_id', '=', tenantId)
    .orderBy('item_id').orderBy('barcode').execute();
  const byItem = new Map<string, string[]>();
  for (const { item_id, barcode } of barcodes) {
    const list = byItem.get(item_id);
    if (list) list.push(barcode);
    else byItem.set(item_id, [barcode]);
  }
  return items.map((item) => ({ item, barcodes: byItem.get(item.id) ?? [] }));
}
