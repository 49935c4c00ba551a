import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// The integrations (a connected Shopify store, Amazon seller account, Unleashed account or Xero
// organisation), their runs and delta cursors, webhook deliveries deduplicated across API
// instances, what they bring in (channel orders, external stock levels), the jobs' dead letters
// and idempotency keys, and batch imports.
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema.createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    // The store domain, seller id, organisation name…: what a person recognises it by.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    // Non-secret settings (base URL, marketplace ids, xero tenant id); secrets live sealed in integration_secrets.
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('integrations_vendor_name_uq').on('integrations').columns(['tenant_id', 'vendor', 'name']).unique().execute();
  await db.schema.createTable('integration_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('integration_runs_integration_idx').on('integration_runs').columns(['integration_id', 'started_at']).execute();
  await db.schema.createTable('integration_cursors')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('integration_cursors_pk', ['integration_id', 'stream'])
    .execute();
  await db.schema.createTable('webhook_deliveries')
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.references('integrations.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('triggered_at', 'timestamptz')
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz')
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['vendor', 'event_id'])
    .execute();
  await db.schema.createTable('channel_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('fees_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ordered_at', 'timestamptz', (c) => c.notNull())
    // The vendor's own change time: a stale delivery (older than this) never overwrites a newer one.
    .addColumn('external_updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('channel_orders_external_uq').on('channel_orders').columns(['integration_id', 'external_id']).unique().execute();
  await db.schema.createTable('channel_order_lines')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('channel_orders.id'))
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('sku', 'text')
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('quantity', 'numeric', (c) => c.notNull())
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_order_lines_pk', ['order_id', 'line_id'])
    .execute();
  await db.schema.createTable('external_stock_levels')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    // The vendor's location / warehouse / marketplace the level is for.
    .addColumn('location_ref', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('available', 'numeric', (c) => c.notNull())
    .addColumn('on_hand', 'numeric')
    .addColumn('external_updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_stock_levels_pk', ['integration_id', 'sku', 'location_ref'])
    .execute();
  for (const table of ['customers', 'suppliers', 'invoices', 'items', 'purchase_orders']) {
    await db.schema.alterTable(table).addColumn('external_ref', 'text').execute();
    await db.schema.createIndex(`${table}_external_ref_uq`).on(table).columns(['tenant_id', 'external_ref']).unique().execute();
  }
  await db.schema.alterTable('payments').addColumn('external_ref', 'text').execute();
  await db.schema.createTable('dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createTable('job_idempotency')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('result', 'jsonb')
    .execute();
  await db.schema.createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('good_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bad_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createTable('import_errors')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_errors_pk', ['import_id', 'row_number', 'reason'])
    .execute();
  // Dead letters and webhook deliveries may arrive before their tenant is known (a delivery for an
  // unknown shop): their tenant_id is nullable, so inside a tenant scope those rows stay hidden.
  for (const table of ['integrations', 'integration_runs', 'integration_cursors', 'webhook_deliveries', 'channel_orders', 'channel_order_lines', 'external_stock_levels', 'dead_letters', 'imports', 'import_errors']) {
    await protectTenantTable(db, table);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['import_errors', 'imports', 'job_idempotency', 'dead_letters', 'external_stock_levels', 'channel_order_lines', 'channel_orders', 'webhook_deliveries', 'integration_cursors', 'integration_runs', 'integrations']) {
    await db.schema.dropTable(table).execute();
  }
  for (const table of ['customers', 'suppliers', 'invoices', 'items', 'purchase_orders', 'payments']) {
    await db.schema.alterTable(table).dropColumn('external_ref').execute();
  }
}
