import { sql, type Kysely } from 'kysely';

// When each replicated row was last written: tombstone compaction keeps the ones written within
// its window, so a device that synced recently pulls on without a reset.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_rows')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Compaction reads only tombstones, in version order per scope.
  await db.schema.createIndex('sync_rows_tombstones_ix').on('sync_rows').columns(['tenant_id', 'scope', 'version'])
    .where(sql.ref('deleted'), '=', true).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sync_rows_tombstones_ix').execute();
  await db.schema.alterTable('sync_rows').dropColumn('updated_at').execute();
}
