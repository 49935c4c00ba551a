import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Database, ItemsTable, SuppliersTable } from '../../db/schema';
import type { ProductRef } from './unleashed.mapper';

type Trx = Transaction<Database>;
export type ItemRow = Selectable<ItemsTable>;

/** Items that are these vendor products, or carry these SKUs: the candidates a page of products maps onto. */
export async function itemsByRefOrSku(trx: Trx, tenantId: string, refs: string[], skus: string[]): Promise<ItemRow[]> {
  if (refs.length === 0 && skus.length === 0) return [];
  return trx.selectFrom('items').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('external_ref', 'in', refs.length > 0 ? refs : ['']), eb('sku', 'in', skus.length > 0 ? skus : [''])]))
    .execute();
}

/**
 * Our item ids for vendor products: by external_ref, or by SKU for an item not yet linked to any
 * vendor product. Products the sync has not seen are absent.
 */
export async function resolveItemIds(trx: Trx, tenantId: string, products: ProductRef[]): Promise<Map<string, string>> {
  const rows = await itemsByRefOrSku(trx, tenantId, [...new Set(products.map((p) => p.productRef))], [...new Set(products.map((p) => p.sku))]);
  const byRef = new Map(rows.filter((r) => r.external_ref !== null).map((r) => [r.external_ref!, r.id]));
  const bySku = new Map(rows.filter((r) => r.external_ref === null).map((r) => [r.sku, r.id]));
  const ids = new Map<string, string>();
  for (const p of products) {
    const id = byRef.get(p.productRef) ?? bySku.get(p.sku);
    if (id) ids.set(p.productRef, id);
  }
  return ids;
}

export async function insertItem(trx: Trx, row: Omit<Insertable<ItemsTable>, 'id'>): Promise<string> {
  const id = `itm_${randomUUID()}`;
  await trx.insertInto('items').values({ ...row, id }).execute();
  return id;
}

export async function updateItem(trx: Trx, tenantId: string, id: string, changes: Partial<Insertable<ItemsTable>>): Promise<void> {
  await trx.updateTable('items').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function itemsWithBarcodes(trx: Trx, tenantId: string, ids: string[]): Promise<{ item: ItemRow; barcodes: string[] }[]> {
  if (ids.length === 0) return [];
  const items = await trx.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).orderBy('id').execute();
  const barcodes = await trx.selectFrom('item_barcodes').select(['item_id', 'barcode']).where('tenant_id', '=', tenantId)
    .where('item_id', 'in', ids).orderBy('barcode').execute();
  return items.map((item) => ({ item, barcodes: barcodes.filter((b) => b.item_id === item.id).map((b) => b.barcode) }));
}

export async function suppliersByRef(trx: Trx, tenantId: string, refs: string[]): Promise<Selectable<SuppliersTable>[]> {
  if (refs.length === 0) return [];
  return trx.selectFrom('suppliers').selectAll().where('tenant_id', '=', tenantId).where('external_ref', 'in', refs).execute();
}

export async function insertSupplier(trx: Trx, row: Omit<Insertable<SuppliersTable>, 'id'>): Promise<void> {
  await trx.insertInto('suppliers').values({ ...row, id: `sup_${randomUUID()}` }).execute();
}

export async function updateSupplier(trx: Trx, tenantId: string, id: string, changes: Partial<Insertable<SuppliersTable>>): Promise<void> {
  await trx.updateTable('suppliers').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A parent's BOM lines as component → quantity. */
export async function bomLinesOf(trx: Trx, tenantId: string, parentItemId: string): Promise<Map<string, number>> {
  const rows = await trx.selectFrom('bom_lines').select(['component_item_id', 'quantity'])
    .where('tenant_id', '=', tenantId).where('parent_item_id', '=', parentItemId).execute();
  return new Map(rows.map((r) => [r.component_item_id, Number(r.quantity)]));
}

/** Replaces every line of a parent (inside the caller's transaction, so readers never see half a BOM). */
export async function replaceBomLines(trx: Trx, tenantId: string, parentItemId: string, lines: { componentItemId: string; quantity: number }[]): Promise<void> {
  await trx.deleteFrom('bom_lines').where('tenant_id', '=', tenantId).where('parent_item_id', '=', parentItemId).execute();
  if (lines.length === 0) return;
  await trx.insertInto('bom_lines')
    .values(lines.map((l) => ({ tenant_id: tenantId, parent_item_id: parentItemId, component_item_id: l.componentItemId, quantity: l.quantity })))
    .execute();
}

export interface StockLevelWrite {
  tenantId: string; integrationId: string; sku: string; locationRef: string; itemId: string | null;
  available: number; onHand: number; updatedAt: Date;
}

/**
 * Upserts external stock levels. A level older than the one held never overwrites it, and an
 * identical one writes nothing. Returns how many rows changed.
 */
export async function upsertStockLevels(trx: Trx, levels: StockLevelWrite[]): Promise<number> {
  if (levels.length === 0) return 0;
  const rows = await trx.insertInto('external_stock_levels')
    .values(levels.map((l) => ({
      tenant_id: l.tenantId, integration_id: l.integrationId, sku: l.sku, location_ref: l.locationRef, item_id: l.itemId,
      available: l.available, on_hand: l.onHand, external_updated_at: l.updatedAt,
    })))
    .onConflict((oc) => oc.columns(['integration_id', 'sku', 'location_ref'])
      .doUpdateSet((eb) => ({
        item_id: eb.ref('excluded.item_id'), available: eb.ref('excluded.available'), on_hand: eb.ref('excluded.on_hand'),
        external_updated_at: eb.ref('excluded.external_updated_at'),
      }))
      .where(sql<boolean>`excluded.external_updated_at >= external_stock_levels.external_updated_at`)
      .where(sql<boolean>`(excluded.item_id, excluded.available, excluded.on_hand, excluded.external_updated_at)
        is distinct from (external_stock_levels.item_id, external_stock_levels.available, external_stock_levels.on_hand, external_stock_levels.external_updated_at)`))
    .returning('sku')
    .execute();
  return rows.length;
}
