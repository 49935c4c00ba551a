import type { Kysely, Selectable } from 'kysely';
import type { Database, ItemsTable, LocationsTable, SitesTable } from '../../db/schema';

export async function listSites(db: Kysely<Database>, tenantId: string): Promise<Selectable<SitesTable>[]> {
  return db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).orderBy('code').orderBy('id').execute();
}

export async function listLocations(db: Kysely<Database>, tenantId: string): Promise<Selectable<LocationsTable>[]> {
  return db
    .selectFrom('locations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('site_id')
    .orderBy('code')
    .orderBy('id')
    .execute();
}

/** Items after `afterId` in id order; `limit` rows at most. */
export async function listItemsAfter(
  db: Kysely<Database>,
  tenantId: string,
  afterId: string | null,
  limit: number,
): Promise<Selectable<ItemsTable>[]> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function listBarcodes(
  db: Kysely<Database>,
  tenantId: string,
  itemIds: string[],
): Promise<{ item_id: string; barcode: string }[]> {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('item_barcodes')
    .select(['item_id', 'barcode'])
    .where('tenant_id', '=', tenantId)
    .where('item_id', 'in', itemIds)
    .orderBy('item_id')
    .orderBy('barcode')
    .execute();
}
