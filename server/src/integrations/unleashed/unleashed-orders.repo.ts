import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AssembliesTable, Database, PurchaseOrdersTable } from '../../db/schema';

type Trx = Transaction<Database>;

export type PurchaseOrderFields = Omit<Insertable<PurchaseOrdersTable>, 'id' | 'tenant_id' | 'external_ref'>;
export interface PurchaseOrderLineFields { itemId: string; quantity: number; unitCostMinor: number }

export interface StoredPurchaseOrder { order: Selectable<PurchaseOrdersTable>; lines: PurchaseOrderLineFields[] }

export async function purchaseOrdersByRef(trx: Trx, tenantId: string, refs: string[]): Promise<Map<string, StoredPurchaseOrder>> {
  if (refs.length === 0) return new Map();
  const orders = await trx.selectFrom('purchase_orders').selectAll().where('tenant_id', '=', tenantId).where('external_ref', 'in', refs).execute();
  const ids = orders.map((o) => o.id);
  const lines = ids.length === 0 ? [] : await trx.selectFrom('purchase_order_lines').selectAll().where('tenant_id', '=', tenantId)
    .where('purchase_order_id', 'in', ids).orderBy('item_id').execute();
  return new Map(orders.map((order) => [order.external_ref!, {
    order,
    lines: lines.filter((l) => l.purchase_order_id === order.id)
      .map((l) => ({ itemId: l.item_id, quantity: Number(l.quantity), unitCostMinor: Number(l.unit_cost_minor) })),
  }]));
}

/** Inserts or rewrites a purchase order and all its lines, inside the caller's transaction. */
export async function savePurchaseOrder(
  trx: Trx, tenantId: string, externalRef: string, existingId: string | null, fields: PurchaseOrderFields, lines: PurchaseOrderLineFields[],
): Promise<void> {
  const id = existingId ?? `po_${randomUUID()}`;
  if (existingId) {
    await trx.updateTable('purchase_orders').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await trx.deleteFrom('purchase_order_lines').where('tenant_id', '=', tenantId).where('purchase_order_id', '=', id).execute();
  } else {
    await trx.insertInto('purchase_orders').values({ ...fields, id, tenant_id: tenantId, external_ref: externalRef }).execute();
  }
  if (lines.length === 0) return;
  await trx.insertInto('purchase_order_lines')
    .values(lines.map((l) => ({ tenant_id: tenantId, purchase_order_id: id, item_id: l.itemId, quantity: l.quantity, unit_cost_minor: l.unitCostMinor })))
    .execute();
}

export type AssemblyFields = Omit<Insertable<AssembliesTable>, 'id' | 'tenant_id' | 'external_ref'>;

export async function assembliesByRef(trx: Trx, tenantId: string, refs: string[]): Promise<Map<string, Selectable<AssembliesTable>>> {
  if (refs.length === 0) return new Map();
  const rows = await trx.selectFrom('assemblies').selectAll().where('tenant_id', '=', tenantId).where('external_ref', 'in', refs).execute();
  return new Map(rows.map((r) => [r.external_ref!, r]));
}

export async function saveAssembly(trx: Trx, tenantId: string, externalRef: string, existingId: string | null, fields: AssemblyFields): Promise<void> {
  if (existingId) await trx.updateTable('assemblies').set(fields).where('tenant_id', '=', tenantId).where('id', '=', existingId).execute();
  else await trx.insertInto('assemblies').values({ ...fields, id: `asm_${randomUUID()}`, tenant_id: tenantId, external_ref: externalRef }).execute();
}
