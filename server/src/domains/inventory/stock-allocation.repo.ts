import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Open reservations of a site summed per location and item. */
export async function listSiteAllocated(db: Db, tenantId: string, siteId: string): Promise<{ location_id: string; item_id: string; allocated: string }[]> {
  return db
    .selectFrom('stock_allocations')
    .select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('allocated')])
    .where('tenant_id', '=', tenantId)
    .where('site_id', '=', siteId)
    .where('released_at', 'is', null)
    .groupBy(['location_id', 'item_id'])
    .execute();
}
