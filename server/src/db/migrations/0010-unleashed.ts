import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// What the Unleashed integration needs beyond 0009: a per-month call counter per integration
// (Unleashed refuses every call once an account's monthly quota is spent, so we count our own calls
// and warn before that happens), and assemblies, Unleashed's production orders.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('integration_api_calls')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    // The calendar month (UTC) the calls were made in, as YYYY-MM.
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    // The highest warning already given this month (0, 80, 95 or 100 %), so each is given once
    // however many workers count at the same time.
    .addColumn('warned_pct', 'integer', (c) => c.notNull().defaultTo(0))
    // The vendor itself said the quota is spent: refuse locally until the month ends (or until an
    // admin saves the integration again, after buying more calls).
    .addColumn('vendor_refused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('integration_api_calls_pk', ['integration_id', 'period'])
    .execute();
  await db.schema.createTable('assemblies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.references('integrations.id'))
    .addColumn('external_ref', 'text')
    .addColumn('number', 'text', (c) => c.notNull())
    // The product assembled; null when the vendor's product is not (yet) one of our items.
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('quantity', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'planned', 'completed', 'cancelled')`))
    // The vendor's own word for the status (Unleashed: Parked, Planned, Completed, Deleted…).
    .addColumn('external_status', 'text')
    // The vendor's warehouse the assembly happens in.
    .addColumn('location_ref', 'text')
    .addColumn('planned_on', 'date')
    .addColumn('completed_on', 'date')
    .addColumn('external_updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assemblies_external_ref_uq').on('assemblies').columns(['tenant_id', 'external_ref']).unique().execute();
  for (const table of ['integration_api_calls', 'assemblies']) await protectTenantTable(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['assemblies', 'integration_api_calls']) await db.schema.dropTable(table).execute();
}
