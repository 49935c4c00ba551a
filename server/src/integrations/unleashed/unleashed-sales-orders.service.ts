import { resolveItemIds } from './unleashed-catalog.repo';
import { salesOrdersByRef, saveSalesOrder, type SalesOrderFields, type SalesOrderLineFields, type StoredSalesOrder } from './unleashed-sales-orders.repo';
import { mapSalesOrder } from './unleashed-sales-orders.mapper';
import { lastByKey, type PageWrite } from './unleashed-stream';
import type { UnleashedSalesOrder } from './unleashed.schemas';

/**
 * Sales orders by Guid into the open order book (unleashed_sales_orders), lines matched to our
 * items by product (Guid, else SKU) and kept with their SKU when the item is not here. They are
 * what the ERP has committed to ship, not sales: Shopify and Amazon orders already reach
 * channel_orders and sales_daily, and Unleashed holds the same orders, so nothing here writes to
 * either. A record older than the one stored (a cursor reset, a late page) never overwrites it; an
 * unchanged one writes nothing.
 */
export async function writeSalesOrders(page: PageWrite, records: UnleashedSalesOrder[]): Promise<void> {
  const { trx, tenantId, integration, defaults } = page;
  const orders = lastByKey(records.map(mapSalesOrder), (o) => o.externalRef);
  const items = await resolveItemIds(trx, tenantId, orders.flatMap((o) => o.lines));
  const stored = await salesOrdersByRef(trx, tenantId, integration.id, orders.map((o) => o.externalRef));
  for (const order of orders) {
    const held = stored.get(order.externalRef);
    if (held && held.order.external_updated_at.getTime() > order.updatedAt.getTime()) continue;
    const fields: SalesOrderFields = {
      number: order.number, order_status: order.orderStatus, ordered_on: order.orderedOn, required_on: order.requiredOn,
      customer_code: order.customerCode, customer_name: order.customerName, currency: order.currency ?? defaults.currency,
      total_minor: order.totalMinor, external_updated_at: order.updatedAt,
    };
    const lines: SalesOrderLineFields[] = order.lines.map((l) => ({
      lineNumber: l.lineNumber, itemId: items.get(l.productRef) ?? null, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor,
    }));
    if (held && sameOrder(held, fields, lines)) continue;
    await saveSalesOrder(trx, tenantId, integration.id, order.externalRef, held?.order.id ?? null, fields, lines);
  }
}

function sameOrder(held: StoredSalesOrder, fields: SalesOrderFields, lines: SalesOrderLineFields[]): boolean {
  const row = held.order as unknown as Record<string, unknown>;
  const sameFields = Object.entries(fields).every(([column, value]) => {
    const mine = row[column] ?? null;
    if (mine instanceof Date && value instanceof Date) return mine.getTime() === value.getTime();
    if (column === 'total_minor') return Number(mine) === Number(value);
    return mine === (value ?? null);
  });
  return sameFields && JSON.stringify(held.lines) === JSON.stringify(lines);
}
