import { bomLinesOf, replaceBomLines, resolveItemIds, upsertStockLevels } from './unleashed-catalog.repo';
import { lastByKey, type PageWrite } from './unleashed-stream';
import { mapBillOfMaterials, mapStockOnHand, toQuantity } from './unleashed.mapper';
import type { UnleashedBillOfMaterials, UnleashedStockOnHand } from './unleashed.schemas';

/**
 * Stock on hand per product and warehouse becomes external_stock_levels (location_ref = the
 * warehouse code), linked to our item when we know the product. A level older than the one held
 * is ignored; AllocatedQty is on hand minus available, so it is not stored apart.
 */
export async function writeStockOnHand(page: PageWrite, records: UnleashedStockOnHand[]): Promise<void> {
  const { trx, tenantId, integration } = page;
  const newestFirst = records.map(mapStockOnHand).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  // One row per SKU and warehouse in a statement (PostgreSQL refuses to update a row twice): the newest.
  const levels = [...new Map(newestFirst.reverse().map((l) => [`${l.sku}\u0000${l.locationRef}`, l])).values()];
  const items = await resolveItemIds(trx, tenantId, levels);
  await upsertStockLevels(trx, levels.map((l) => ({
    tenantId, integrationId: integration.id, sku: l.sku, locationRef: l.locationRef, itemId: items.get(l.productRef) ?? null,
    available: l.available, onHand: l.onHand, updatedAt: l.updatedAt,
  })));
}

/**
 * Each bill replaces all BOM lines of its parent item in the page's transaction, so nobody reads
 * half a bill. A bill naming a product we do not have as an item is skipped whole (and logged)
 * rather than stored short of a component; an unchanged bill writes nothing.
 */
export async function writeBillsOfMaterials(page: PageWrite, records: UnleashedBillOfMaterials[]): Promise<void> {
  const { trx, tenantId, log } = page;
  const bills = lastByKey(records.map((r) => ({ number: r.BillNumber, bom: mapBillOfMaterials(r) })), (b) => b.bom.parent.productRef);
  const items = await resolveItemIds(trx, tenantId, bills.flatMap(({ bom }) => [bom.parent, ...bom.lines]));
  for (const { number, bom } of bills) {
    const parentId = items.get(bom.parent.productRef);
    const missing = [bom.parent, ...bom.lines].filter((p) => !items.has(p.productRef)).map((p) => p.sku);
    if (!parentId || missing.length > 0) {
      log.warn({ bill: number, missing }, 'Unleashed bill of materials skipped: it names products that are not items here');
      continue;
    }
    const wanted = new Map<string, number>();
    for (const line of bom.lines) {
      const componentId = items.get(line.productRef)!;
      wanted.set(componentId, toQuantity((wanted.get(componentId) ?? 0) + line.quantity));
    }
    const held = await bomLinesOf(trx, tenantId, parentId);
    if (held.size === wanted.size && [...wanted].every(([id, quantity]) => held.get(id) === quantity)) continue;
    await replaceBomLines(trx, tenantId, parentId, [...wanted].map(([componentItemId, quantity]) => ({ componentItemId, quantity })));
  }
}
