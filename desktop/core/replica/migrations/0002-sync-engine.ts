import type { Kysely } from 'kysely';

// The sync engine's bookkeeping lives in the replica file itself, so a local write (typed rows +
// outbox) and a pull page (confirmed rows + cursors + outbox trim) each commit in ONE transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('confirmed_rows')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    // Set on every row of a scope the server reset; rows still stale once the re-bootstrap ends are gone.
    .addColumn('stale', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('confirmed_rows_pk', ['entity', 'id'])
    .execute();
  await db.schema.createIndex('confirmed_rows_scope_ix').on('confirmed_rows').columns(['scope', 'stale']).execute();

  await db.schema.createTable('sync_cursors')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    // Null: the device holds the scope but its bootstrap has not started (or was reset).
    .addColumn('cursor', 'text')
    .execute();

  await db.schema.createTable('outbox')
    .addColumn('mutation_id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .execute();

  await db.schema.createTable('pending_touched')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_touched_pk', ['entity', 'id'])
    .execute();

  await db.schema.createTable('rejections')
    .addColumn('mutation_id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('args', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('seen', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rejections', 'pending_touched', 'outbox', 'sync_cursors', 'confirmed_rows']) {
    await db.schema.dropTable(table).execute();
  }
}
