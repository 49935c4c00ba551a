import type { Kysely } from 'kysely';

// The walking skeleton downloaded whole snapshots into `stage_*` twins and swapped them in; the
// sync engine writes pulled pages straight into the typed tables, so the twins hold nothing.
// One-way: they only ever held a download in progress, so there is nothing to bring back.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['stage_stock_levels', 'stage_item_barcodes', 'stage_items', 'stage_locations', 'stage_sites']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
