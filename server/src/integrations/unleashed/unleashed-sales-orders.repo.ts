import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Database, UnleashedSalesOrdersTable } from '../../db/schema';

type Trx = Transaction<Database>;

export type SalesOrderFields = Omit<Insertable<UnleashedSalesOrdersTable>, 'id' | 'tenant_id' | 'integration_id' | 'external_ref'>;
export interface SalesOrderLineFields { lineNumber: number; itemId: string | null; sku: string; quantity: number; unitPriceMinor: number }
export interface StoredSalesOrder { order: Selectable<UnleashedSalesOrdersTable>; lines: SalesOrderLineFields[] }

/** The integration's stored sales orders among `refs`, by Guid, with their lines in order. */
export async function salesOrdersByRef(trx: Trx, tenantId: string, integrationId: string, refs: string[]): Promise<Map<string, StoredSalesOrder>> {
  if (refs.length === 0) return new Map();
  const orders = await trx.selectFrom('unleashed_sales_orders').selectAll().where('tenant_id', '=', tenantId)
    .where('integration_id', '=', integrationId).where('external_ref', 'in', refs).execute();
  const ids = orders.map((o) => o.id);
  const lines = ids.length === 0 ? [] : await trx.selectFrom('unleashed_sales_order_lines').selectAll().where('tenant_id', '=', tenantId)
    .where('sales_order_id', 'in', ids).orderBy('line_number').execute();
  return new Map(orders.map((order) => [order.external_ref, {
    order,
    lines: lines.filter((l) => l.sales_order_id === order.id).map((l) => ({
      lineNumber: l.line_number, itemId: l.item_id, sku: l.sku, quantity: Number(l.quantity), unitPriceMinor: Number(l.unit_price_minor),
    })),
  }]));
}

/** Inserts or rewrites a sales order and all its lines, inside the caller's transaction. */
export async function saveSalesOrder(
  trx: Trx, tenantId: string, integrationId: string, externalRef: string, existingId: string | null,
  fields: SalesOrderFields, lines: SalesOrderLineFields[],
): Promise<void> {
  const id = existingId ?? `uso_${randomUUID()}`;
  if (existingId) {
    await trx.updateTable('unleashed_sales_orders').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await trx.deleteFrom('unleashed_sales_order_lines').where('tenant_id', '=', tenantId).where('sales_order_id', '=', id).execute();
  } else {
    await trx.insertInto('unleashed_sales_orders').values({ ...fields, id, tenant_id: tenantId, integration_id: integrationId, external_ref: externalRef }).execute();
  }
  if (lines.length === 0) return;
  await trx.insertInto('unleashed_sales_order_lines').values(lines.map((l) => ({
    tenant_id: tenantId, sales_order_id: id, line_number: l.lineNumber, item_id: l.itemId, sku: l.sku, quantity: l.quantity, unit_price_minor: l.unitPriceMinor,
  }))).execute();
}
