import { rebuildScopes, type Database } from '@capliquify/server';
import type { Kysely } from 'kysely';
import { insertItems, insertTenantSite, type BenchSite } from './bench-database.repo';
import { itemId } from './bench-fixture';

export const COUNT_SITE: BenchSite = { tenantId: 'tnt_count', siteId: 'site_count', locationIds: ['loc_c01', 'loc_c02', 'loc_c03', 'loc_c04'] };

/** Where item n is stocked, how many, and how many lines counting it takes. */
export function countRow(n: number): { itemId: string; locationId: string; onHand: number } {
  return { itemId: itemId(n), locationId: COUNT_SITE.locationIds[n % COUNT_SITE.locationIds.length]!, onHand: 10 + (n % 7) };
}

/** A site with four locations and `rows` items, each received once into one location; scopes rebuilt. */
export async function seedCountBench(db: Kysely<Database>, rows: number): Promise<void> {
  await insertTenantSite(db, COUNT_SITE);
  for (let at = 0; at < rows; at += 1_000) {
    const ids = Array.from({ length: Math.min(1_000, rows - at) }, (_, i) => at + i);
    await insertItems(db, COUNT_SITE, ids.map(itemId));
    await db.insertInto('stock_movements').values(ids.map((n) => {
      const row = countRow(n);
      return {
        tenant_id: COUNT_SITE.tenantId, site_id: COUNT_SITE.siteId, location_id: row.locationId, item_id: row.itemId, kind: 'receipt',
        quantity: row.onHand, unit_cost_minor: 100, occurred_at: new Date('2026-01-05T08:00:00Z'), reference: null,
      };
    })).execute();
  }
  await rebuildScopes(db, COUNT_SITE.tenantId);
}
