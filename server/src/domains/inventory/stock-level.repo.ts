import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** On-hand of one item at one location: the signed sum of its ledger. */
export async function readOnHand(db: Db, tenantId: string, locationId: string, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('stock_movements')
    .select(sql<string | null>`sum(quantity)`.as('on_hand'))
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return Number(row?.on_hand ?? 0);
}

/** Every non-zero on-hand balance of a site. */
export async function listSiteOnHand(db: Db, tenantId: string, siteId: string): Promise<{ location_id: string; item_id: string; on_hand: string }[]> {
  return db
    .selectFrom('stock_movements')
    .select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where('tenant_id', '=', tenantId)
    .where('site_id', '=', siteId)
    .groupBy(['location_id', 'item_id'])
    .having(sql`sum(quantity)`, '<>', 0)
    .execute();
}
