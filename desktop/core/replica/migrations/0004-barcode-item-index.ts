import type { Kysely } from 'kysely';

// Rewriting an item replaces its barcodes (`delete … where item_id = ?`); the primary key leads
// with the barcode, so without this index every such delete scanned the whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('item_barcodes_item_ix').on('item_barcodes').column('item_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('item_barcodes_item_ix').execute();
}
