import type { Kysely } from 'kysely';

// Counting (issue 4): the typed tables the counting screens read, written from replicated
// documents and by the counting commands' client mutators. A session keeps its whole document as
// JSON (it is read whole); the columns beside it are what lists filter and sort on.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('count_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('count_sessions_created_ix').on('count_sessions').columns(['created_at', 'id']).execute();

  await db.schema.createTable('count_expected')
    // The wire id `<sessionId>|<locationId>|<itemId>`, so a tombstone deletes without parsing it.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('frozen_qty', 'real', (c) => c.notNull())
    .addColumn('unit_cost_minor', 'integer', (c) => c.notNull())
    .addColumn('movements_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('posted_json', 'text')
    .execute();
  await db.schema.createIndex('count_expected_row_ix').on('count_expected').columns(['session_id', 'location_id', 'item_id']).unique().execute();

  await db.schema.createTable('count_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('lot', 'text')
    .addColumn('expiry', 'text')
    .addColumn('quantity', 'real', (c) => c.notNull())
    .addColumn('counter', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('counted_at', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('voided', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The session screen reads a session's lines, a row's lines, and this device's last scan (undo:
  // the highest rowid, which SQLite keeps at the end of every index).
  await db.schema.createIndex('count_lines_row_ix').on('count_lines').columns(['session_id', 'location_id', 'item_id']).execute();
  await db.schema.createIndex('count_lines_device_ix').on('count_lines').columns(['session_id', 'device_id']).execute();

  // Open reservations: absent from a document means 0.
  await db.schema.alterTable('stock_levels').addColumn('allocated', 'real', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stock_levels').dropColumn('allocated').execute();
  for (const table of ['count_lines', 'count_expected', 'count_sessions']) await db.schema.dropTable(table).execute();
}
