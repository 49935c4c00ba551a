import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

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
