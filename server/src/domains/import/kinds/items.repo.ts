import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../../db/schema';
import type { Db } from '../import-kind';

export type ItemRecord = Selectable<ItemsTable>;

/** The tenant's items with these SKUs, whole: an import keeps what a row leaves blank. */
export async function findItemRecords(db: Db, tenantId: string, skus: string[]): Promise<Map<string, ItemRecord>> {
  if (skus.length === 0) return new Map();
  const rows = await db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('sku', 'in', skus).execute();
  return new Map(rows.map((r) => [r.sku, r]));
}

/** Supplier ids by lower-cased name. */
export async function findSupplierIds(db: Db, tenantId: string, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('suppliers').select(['id', 'name']).where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(name)`, 'in', names.map((n) => n.toLowerCase())).execute();
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/** An item row as an import writes it. */
export interface NewItem {
  id: string; tenant_id: string; sku: string; name: string; type: ItemsTable['type']; category: string; unit: string;
  cost_minor: number; currency: string; reorder_point: number | string; safety_stock: number | string; lead_time_days: number;
  supplier_id: string | null; home_site_id: string;
}

const COLUMNS = [
  ['id', 'text'], ['tenant_id', 'text'], ['sku', 'text'], ['name', 'text'], ['type', 'text'], ['category', 'text'], ['unit', 'text'],
  ['cost_minor', 'bigint'], ['currency', 'text'], ['reorder_point', 'numeric'], ['safety_stock', 'numeric'], ['lead_time_days', 'integer'],
  ['supplier_id', 'text'], ['home_site_id', 'text'],
] as const satisfies readonly (readonly [keyof NewItem, string])[];
const UPDATED = COLUMNS.map(([c]) => c).filter((c) => c !== 'id' && c !== 'tenant_id' && c !== 'sku');

/**
 * Inserts items or updates them by SKU; returns only the rows that changed (`inserted` tells new
 * from updated), so a second run of the same file writes and replicates nothing. One array per
 * column through `unnest`: a batch costs PostgreSQL one short statement to plan, not thousands of
 * parameters.
 */
export async function upsertItems(trx: Transaction<Database>, items: NewItem[]): Promise<(ItemRecord & { inserted: boolean })[]> {
  if (items.length === 0) return [];
  const arrays = COLUMNS.map(([column, type]) => sql`${items.map((item) => item[column])}::${sql.raw(type)}[]`);
  return trx.insertInto('items').columns(COLUMNS.map(([c]) => c))
    .expression(sql`select * from unnest(${sql.join(arrays)})`)
    .onConflict((oc) => oc.columns(['tenant_id', 'sku'])
      .doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)])))
      .where(sql<boolean>`(${sql.join(UPDATED.map((c) => sql.ref(`items.${c}`)))}) is distinct from (${sql.join(UPDATED.map((c) => sql.ref(`excluded.${c}`)))})`))
    .returningAll()
    // xmax is 0 on a row this statement inserted, set on one it updated.
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
}

/** The barcodes of these items, for their replicated documents. */
export async function listBarcodes(trx: Transaction<Database>, tenantId: string, itemIds: string[]): Promise<Map<string, string[]>> {
  const barcodes = new Map<string, string[]>();
  if (itemIds.length === 0) return barcodes;
  const rows = await trx.selectFrom('item_barcodes').select(['item_id', 'barcode']).where('tenant_id', '=', tenantId)
    .where('item_id', 'in', itemIds).orderBy('barcode').execute();
  for (const r of rows) barcodes.set(r.item_id, [...(barcodes.get(r.item_id) ?? []), r.barcode]);
  return barcodes;
}
