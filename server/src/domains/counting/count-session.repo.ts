import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { CountSessionsTable, Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;
export type CountSessionRecord = Selectable<CountSessionsTable>;

/** Inserts the session unless its id is taken; returns the stored row, or null when it already existed. */
export async function insertSession(db: Db, row: Insertable<CountSessionsTable>): Promise<CountSessionRecord | null> {
  const inserted = await db.insertInto('count_sessions').values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).returningAll().executeTakeFirst();
  return inserted ?? null;
}

export async function readSession(db: Db, tenantId: string, sessionId: string): Promise<CountSessionRecord | undefined> {
  return db.selectFrom('count_sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', sessionId).executeTakeFirst();
}

export async function updateSession(db: Db, tenantId: string, sessionId: string, changes: Updateable<CountSessionsTable>): Promise<CountSessionRecord> {
  return db.updateTable('count_sessions').set(changes).where('tenant_id', '=', tenantId).where('id', '=', sessionId)
    .returningAll().executeTakeFirstOrThrow();
}

/** Every session of a site, for the rebuild of its scope. */
export async function listSiteSessions(db: Db, tenantId: string, siteId: string): Promise<CountSessionRecord[]> {
  return db.selectFrom('count_sessions').selectAll().where('tenant_id', '=', tenantId).where('site_id', '=', siteId).orderBy('id').execute();
}

/** The ids among `locationIds` that are locations of the site. */
export async function findSiteLocationIds(db: Db, tenantId: string, siteId: string, locationIds: string[]): Promise<Set<string>> {
  if (locationIds.length === 0) return new Set();
  const rows = await db.selectFrom('locations').select('id').where('tenant_id', '=', tenantId).where('site_id', '=', siteId)
    .where('id', 'in', locationIds).execute();
  return new Set(rows.map((r) => r.id));
}

/** The ids among `itemIds` that are items of the tenant (in chunks: a cycle count may list 20,000). */
export async function findItemIds(db: Db, tenantId: string, itemIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < itemIds.length; i += 5_000) {
    const rows = await db.selectFrom('items').select('id').where('tenant_id', '=', tenantId).where('id', 'in', itemIds.slice(i, i + 5_000)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function readTenantCurrency(db: Db, tenantId: string): Promise<string> {
  const row = await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return row.base_currency;
}

/** Location codes and item SKUs by id, for messages people can read. */
export async function readLabels(db: Db, tenantId: string, locationIds: string[], itemIds: string[]): Promise<{ locations: Map<string, string>; items: Map<string, string> }> {
  const locations = locationIds.length === 0 ? [] : await db.selectFrom('locations').select(['id', 'code']).where('tenant_id', '=', tenantId).where('id', 'in', locationIds).execute();
  const items = itemIds.length === 0 ? [] : await db.selectFrom('items').select(['id', 'sku']).where('tenant_id', '=', tenantId).where('id', 'in', itemIds).execute();
  return { locations: new Map(locations.map((l) => [l.id, l.code])), items: new Map(items.map((i) => [i.id, i.sku])) };
}
