import { sql, type Kysely } from 'kysely';

// The replica is a disposable cache of the server's state: no foreign keys to the server's
// tables, so a partial snapshot can be staged in any order and swapped in whole.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  for (const prefix of ['', 'stage_']) {
    await db.schema.createTable(`${prefix}sites`)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable(`${prefix}locations`)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable(`${prefix}items`)
      .addColumn('id', 'text', (c) => c.primaryKey())
      // NOCASE: look-ups typed on a shop-floor keyboard should not care about case.
      .addColumn('sku', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('barcodes_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('cost_minor', 'integer', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('reorder_point', 'real', (c) => c.notNull())
      .addColumn('safety_stock', 'real', (c) => c.notNull())
      .addColumn('lead_time_days', 'integer', (c) => c.notNull())
      .addColumn('supplier_id', 'text')
      .execute();
    await db.schema.createTable(`${prefix}item_barcodes`)
      .addColumn('barcode', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${prefix}item_barcodes_pk`, ['barcode', 'item_id'])
      .execute();
    await db.schema.createTable(`${prefix}stock_levels`)
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('on_hand', 'real', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${prefix}stock_levels_pk`, ['item_id', 'location_id'])
      .execute();
  }

  await db.schema.createIndex('items_sku_ix').on('items').column('sku').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const prefix of ['stage_', '']) {
    for (const table of ['stock_levels', 'item_barcodes', 'items', 'locations', 'sites']) {
      await db.schema.dropTable(`${prefix}${table}`).execute();
    }
  }
  await db.schema.dropTable('meta').execute();
}
