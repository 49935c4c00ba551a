import { sql, type Kysely } from 'kysely';
import type { Database } from '@capliquify/server';

// The bench's own SQL: a throw-away database and the rows it measures with.

export async function createBenchDatabase(admin: Kysely<Database>, name: string): Promise<void> {
  await sql`create database ${sql.id(name)}`.execute(admin);
}

/** FORCE ends any connection a crashed run left behind, so the drop never hangs. */
export async function dropBenchDatabase(admin: Kysely<Database>, name: string): Promise<void> {
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
}

export interface BenchSite { tenantId: string; siteId: string; locationIds: string[] }

export async function insertTenantSite(db: Kysely<Database>, site: BenchSite): Promise<void> {
  await db.insertInto('tenants').values({ id: site.tenantId, name: 'Bench Manufacturing', base_currency: 'USD' }).execute();
  await db.insertInto('sites').values({ id: site.siteId, tenant_id: site.tenantId, code: 'BENCH', name: 'Bench plant', kind: 'plant', timezone: 'UTC' }).execute();
  await db.insertInto('locations').values(site.locationIds.map((id, i) => ({
    id, tenant_id: site.tenantId, site_id: site.siteId, code: `B-${String(i + 1).padStart(2, '0')}`, name: `Bay ${i + 1}`,
  }))).execute();
}

/** The items with these ids, one barcode each; 16 parameters a row keeps 1,000 rows far below 65,535. */
export async function insertItems(db: Kysely<Database>, site: BenchSite, ids: string[]): Promise<void> {
  await db.insertInto('items').values(ids.map((id, i) => ({
    id, tenant_id: site.tenantId, sku: `SKU-${id}`, name: `Bench item ${id} (${i % 7 === 0 ? 'stainless' : 'zinc'} fastener)`,
    type: (['raw', 'component', 'finished'] as const)[i % 3]!, category: `Category ${i % 40}`, unit: 'ea',
    cost_minor: 100 + (i % 5000), currency: 'USD', reorder_point: i % 50, safety_stock: i % 20, lead_time_days: 3 + (i % 30),
    supplier_id: null, home_site_id: site.siteId,
  }))).execute();
  await db.insertInto('item_barcodes').values(ids.map((id) => ({ tenant_id: site.tenantId, barcode: `BC${id}`, item_id: id }))).execute();
}
