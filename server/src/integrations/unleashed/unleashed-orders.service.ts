import { resolveItemIds, suppliersByRef } from './unleashed-catalog.repo';
import { assembliesByRef, purchaseOrdersByRef, saveAssembly, savePurchaseOrder, type AssemblyFields, type PurchaseOrderFields } from './unleashed-orders.repo';
import { lastByKey, type PageWrite } from './unleashed-stream';
import { mapAssembly, mapPurchaseOrder, toQuantity } from './unleashed.mapper';
import type { UnleashedAssembly, UnleashedPurchaseOrder } from './unleashed.schemas';

/**
 * Purchase orders by external_ref, with all their lines (one per item). The site is the one the
 * warehouse maps to (settings.warehouseSites), else the default. An order whose supplier or
 * products are not here is skipped whole and logged; an unchanged order writes nothing.
 */
export async function writePurchaseOrders(page: PageWrite, records: UnleashedPurchaseOrder[]): Promise<void> {
  const { trx, tenantId, settings, defaults, log } = page;
  const orders = lastByKey(records.map(mapPurchaseOrder), (o) => o.externalRef);
  const suppliers = new Map((await suppliersByRef(trx, tenantId, [...new Set(orders.map((o) => o.supplierRef))])).map((s) => [s.external_ref!, s.id]));
  const items = await resolveItemIds(trx, tenantId, orders.flatMap((o) => o.lines));
  const stored = await purchaseOrdersByRef(trx, tenantId, orders.map((o) => o.externalRef));
  for (const order of orders) {
    const supplierId = suppliers.get(order.supplierRef);
    const missing = order.lines.filter((l) => !items.has(l.productRef)).map((l) => l.sku);
    if (!supplierId || missing.length > 0) {
      log.warn({ order: order.number, supplierKnown: supplierId !== undefined, missing }, 'Unleashed purchase order skipped: its supplier or products are not here');
      continue;
    }
    const fields: PurchaseOrderFields = {
      supplier_id: supplierId, site_id: (order.warehouseCode && settings.warehouseSites[order.warehouseCode]) || defaults.siteId,
      number: order.number, ordered_on: order.orderedOn, expected_on: order.expectedOn, received_on: order.receivedOn,
      status: order.status, currency: order.currency ?? defaults.currency,
    };
    const byItem = new Map<string, { quantity: number; value: number }>();
    for (const line of order.lines) {
      const itemId = items.get(line.productRef)!;
      const seen = byItem.get(itemId) ?? { quantity: 0, value: 0 };
      byItem.set(itemId, { quantity: seen.quantity + line.quantity, value: seen.value + line.quantity * line.unitCostMinor });
    }
    const lines = [...byItem].map(([itemId, l]) => ({ itemId, quantity: toQuantity(l.quantity), unitCostMinor: Math.round(l.value / l.quantity) }))
      .sort((a, b) => (a.itemId < b.itemId ? -1 : 1));
    const held = stored.get(order.externalRef);
    if (held && sameOrder(held.order, fields) && JSON.stringify(held.lines) === JSON.stringify(lines)) continue;
    await savePurchaseOrder(trx, tenantId, order.externalRef, held?.order.id ?? null, fields, lines);
  }
}

function sameOrder(held: Record<string, unknown>, fields: PurchaseOrderFields): boolean {
  return Object.entries(fields).every(([column, value]) => (held[column] ?? null) === (value ?? null));
}

/**
 * Assemblies (Unleashed's production orders) by external_ref, linked to the assembled item when
 * we have it (the SKU is kept either way). A stale record never overwrites a newer one.
 */
export async function writeAssemblies(page: PageWrite, records: UnleashedAssembly[]): Promise<void> {
  const { trx, tenantId, integration } = page;
  const assemblies = lastByKey(records.map(mapAssembly), (a) => a.externalRef);
  const items = await resolveItemIds(trx, tenantId, assemblies.map((a) => a.product));
  const stored = await assembliesByRef(trx, tenantId, assemblies.map((a) => a.externalRef));
  for (const a of assemblies) {
    const held = stored.get(a.externalRef);
    if (held && held.external_updated_at.getTime() > a.updatedAt.getTime()) continue;
    const fields: AssemblyFields = {
      integration_id: integration.id, number: a.number, item_id: items.get(a.product.productRef) ?? null, sku: a.product.sku,
      quantity: a.quantity, status: a.status, external_status: a.externalStatus, location_ref: a.locationRef,
      planned_on: a.plannedOn, completed_on: a.completedOn, external_updated_at: a.updatedAt,
    };
    if (held && sameAssembly(held, fields)) continue;
    await saveAssembly(trx, tenantId, a.externalRef, held?.id ?? null, fields);
  }
}

function sameAssembly(held: Record<string, unknown>, fields: AssemblyFields): boolean {
  return Object.entries(fields).every(([column, value]) => {
    const mine = held[column] ?? null;
    if (mine instanceof Date && value instanceof Date) return mine.getTime() === value.getTime();
    if (column === 'quantity') return Number(mine) === Number(value);
    return mine === (value ?? null);
  });
}
