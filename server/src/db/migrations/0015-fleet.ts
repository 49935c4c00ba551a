import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// The fleet: releases of the desktop app served to electron-updater (their files live on disk,
// content-addressed, under <data dir>/updates/), the channels they are published on, the rings a
// release rolls out through, which device was offered which release, each device's latest health
// report, and the diagnostic bundles admins ask devices for.
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  // `stable` and `beta` always exist; this table holds the ones an admin added.
  await db.schema.createTable('release_channels')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('release_channels_pk', ['tenant_id', 'name'])
    .execute();
  await db.schema.createTable('releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    // rolling → paused ⇄ rolling → complete (every device), or rolled_back (stopped for good).
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('rolling'))
    // The widest ring reached: canary → sites (the first `sites_reached` of `site_order`) → percent → all.
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('canary'))
    .addColumn('site_order', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sites_reached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    // A rollback re-publishes an earlier build's files as a higher version: which release it
    // replaces, and whose files (and so which app version) it carries.
    .addColumn('rollback_of', 'text')
    .addColumn('source_release_id', 'text')
    .addUniqueConstraint('releases_channel_version_uq', ['tenant_id', 'channel', 'version'])
    .execute();
  await db.schema.createTable('release_files')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // base64, as electron-updater compares it; the blob on disk is named by its hex form.
    .addColumn('sha512', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('release_files_pk', ['release_id', 'name'])
    .execute();
  // A name always means the same bytes within a tenant (the feed serves files by name).
  await db.schema.createIndex('release_files_name_ix').on('release_files').columns(['tenant_id', 'name']).execute();
  await db.schema.createTable('release_offers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('offered_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('release_offers_pk', ['release_id', 'device_id'])
    .execute();
  await db.schema.alterTable('devices')
    // null: the channel the station asks for; set by an admin, it overrides that.
    .addColumn('update_channel', 'text')
    .addColumn('canary', 'boolean', (c) => c.notNull().defaultTo(false))
    // The diagnostic bundle an admin asked for and the device has not uploaded yet.
    .addColumn('diagnostics_request_id', 'text')
    .execute();
  // Apart from `devices`, whose row a push holds locked: a pull's health write never waits on it.
  await db.schema.createTable('device_health')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    // From the request headers (the server's own view) and from the station's report.
    .addColumn('header_app_version', 'text')
    .addColumn('reported_at', 'timestamptz')
    .addColumn('app_version', 'text')
    .addColumn('channel', 'text')
    .addColumn('os', 'text')
    .addColumn('outbox_depth', 'integer')
    .addColumn('oldest_pending_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('free_disk_bytes', 'bigint')
    .addColumn('last_sync_at', 'timestamptz')
    .execute();
  await db.schema.createTable('device_diagnostics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('uploaded_at', 'timestamptz')
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('content_type', 'text')
    .execute();
  await db.schema.createIndex('device_diagnostics_device_ix').on('device_diagnostics').columns(['tenant_id', 'device_id', 'requested_at']).execute();
  for (const table of ['release_channels', 'releases', 'release_files', 'release_offers', 'device_health', 'device_diagnostics']) {
    await protectTenantTable(db, table);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['device_diagnostics', 'device_health', 'release_offers', 'release_files', 'releases', 'release_channels']) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ['diagnostics_request_id', 'canary', 'update_channel']) {
    await db.schema.alterTable('devices').dropColumn(column).execute();
  }
}
