import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface StockKey {
  siteId: string;
  locationId: string;
  itemId: string;
}

export interface OnHandRow {
  site_id: string;
  location_id: string;
  item_id: string;
  on_hand: string;
}

/**
 * On-hand per (site, location, item): the signed sum of the ledger, zero balances left out, in key
 * order after `after`. Filtering on the group key before grouping keeps the page cheap.
 */
export async function listOnHandAfter(
  db: Kysely<Database>,
  tenantId: string,
  after: StockKey | null,
  limit: number,
): Promise<OnHandRow[]> {
  return db
    .selectFrom('stock_movements')
    .select(['site_id', 'location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where('tenant_id', '=', tenantId)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb(eb.refTuple('site_id', 'location_id', 'item_id'), '>', eb.tuple(after!.siteId, after!.locationId, after!.itemId)),
      ),
    )
    .groupBy(['site_id', 'location_id', 'item_id'])
    .having(sql`sum(quantity)`, '<>', 0)
    .orderBy('site_id')
    .orderBy('location_id')
    .orderBy('item_id')
    .limit(limit)
    .execute();
}
