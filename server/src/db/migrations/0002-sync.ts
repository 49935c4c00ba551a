import { sql, type Kysely } from 'kysely';

// The replication layer: per-scope change counters, the replicated image of every row a device
// may hold, device credentials and enrollment codes, and the rejected commands people must see.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('sync_scopes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    // A restore or a compaction bumps the epoch so every older cursor is refused (and re-fetched).
    .addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('min_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sync_scopes_pk', ['tenant_id', 'scope'])
    .execute();
  await db.schema.createTable('sync_rows')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('data', 'jsonb')
    .addPrimaryKeyConstraint('sync_rows_pk', ['tenant_id', 'scope', 'entity', 'id'])
    .execute();
  await db.schema.createIndex('sync_rows_keyset_ix').on('sync_rows').columns(['tenant_id', 'scope', 'version', 'entity', 'id']).execute();
  await db.schema.alterTable('devices')
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('operator'))
    .addColumn('credential_hash', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_mutation_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pull_at', 'timestamptz')
    .addColumn('outbox_depth', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createTable('device_enrollment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('name', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createTable('sync_rejections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('mutation_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('args', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('sync_rejections_device_mutation_uq', ['device_id', 'mutation_id'])
    .execute();
  // The client-chosen movement id makes a replayed command a no-op instead of a second posting.
  await db.schema.alterTable('stock_movements').addColumn('movement_id', 'text').execute();
  await db.schema.createIndex('stock_movements_movement_id_uq').on('stock_movements').columns(['tenant_id', 'movement_id']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('stock_movements_movement_id_uq').execute();
  await db.schema.alterTable('stock_movements').dropColumn('movement_id').execute();
  await db.schema.dropTable('sync_rejections').execute();
  await db.schema.dropTable('device_enrollment_codes').execute();
  for (const column of ['outbox_depth', 'last_pull_at', 'last_mutation_id', 'revoked_at', 'credential_hash', 'role', 'site_id']) {
    await db.schema.alterTable('devices').dropColumn(column).execute();
  }
  await db.schema.dropTable('sync_rows').execute();
  await db.schema.dropTable('sync_scopes').execute();
}
