import type { Insertable } from 'kysely';
import type { ItemsTable } from '../../db/schema';
import { CATALOG_SCOPE } from '../../sync/scopes';
import { itemRow } from '../../sync/sync-documents';
import { bumpScopeVersion, lockScope, upsertSyncRows } from '../../sync/sync-rows.repo';
import {
  insertItem, insertSupplier, itemsByRefOrSku, itemsWithBarcodes, suppliersByRef, updateItem, updateSupplier, type ItemRow,
} from './unleashed-catalog.repo';
import { lastByKey, type PageWrite } from './unleashed-stream';
import { mapProduct, mapSupplier, toQuantity, type MappedItem } from './unleashed.mapper';
import type { UnleashedProduct, UnleashedSupplier } from './unleashed.schemas';

/** Terms of a new supplier whose payment term says nothing we can read. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;
/** Unleashed products carry no lead time: a new item starts with this until someone sets it. */
export const NEW_ITEM_LEAD_TIME_DAYS = 14;

/** Suppliers by external_ref: name, currency and (when readable) payment terms follow Unleashed. */
export async function writeSuppliers(page: PageWrite, records: UnleashedSupplier[]): Promise<void> {
  const { trx, tenantId, defaults } = page;
  const mapped = lastByKey(records.map(mapSupplier), (s) => s.externalRef);
  const existing = new Map((await suppliersByRef(trx, tenantId, mapped.map((s) => s.externalRef))).map((s) => [s.external_ref!, s]));
  for (const s of mapped) {
    const held = existing.get(s.externalRef);
    if (!held) {
      await insertSupplier(trx, {
        tenant_id: tenantId, name: s.name, payment_terms_days: s.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
        currency: s.currency ?? defaults.currency, external_ref: s.externalRef,
      });
      continue;
    }
    const changes = {
      ...(held.name !== s.name ? { name: s.name } : {}),
      ...(s.paymentTermsDays !== null && held.payment_terms_days !== s.paymentTermsDays ? { payment_terms_days: s.paymentTermsDays } : {}),
      ...(s.currency !== null && held.currency !== s.currency ? { currency: s.currency } : {}),
    };
    if (Object.keys(changes).length > 0) await updateSupplier(trx, tenantId, held.id, changes);
  }
}

/**
 * Products become items, matched by external_ref (the ProductGuid), or adopted by SKU when an item
 * of ours with that SKU is not linked yet; our ids stay. Fields Unleashed does not carry (safety
 * stock, lead time, barcodes) stay ours. Changed items are replicated to the desktops' catalogue.
 */
export async function writeProducts(page: PageWrite, records: UnleashedProduct[]): Promise<void> {
  const { trx, tenantId, log } = page;
  // Taken before reading the items the documents derive from, as every catalogue writer does.
  await lockScope(trx, tenantId, CATALOG_SCOPE);
  const mapped = lastByKey(records.map(mapProduct), (p) => p.externalRef);
  const rows = await itemsByRefOrSku(trx, tenantId, mapped.map((p) => p.externalRef), mapped.map((p) => p.sku));
  const byRef = new Map(rows.filter((r) => r.external_ref !== null).map((r) => [r.external_ref!, r]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Who holds each SKU as the page is written (SKUs are unique per tenant).
  const holders = new Map(rows.map((r) => [r.sku, { id: r.id, linked: r.external_ref !== null }]));
  const supplierRefs = [...new Set(mapped.flatMap((p) => (p.supplierRef ? [p.supplierRef] : [])))];
  const suppliers = new Map((await suppliersByRef(trx, tenantId, supplierRefs)).map((s) => [s.external_ref!, s.id]));
  const changed: string[] = [];
  for (const product of mapped) {
    const holder = holders.get(product.sku);
    const item = byRef.get(product.externalRef) ?? (holder && !holder.linked ? byId.get(holder.id) : undefined);
    if (holder && holder.id !== item?.id) {
      log.warn({ sku: product.sku, productGuid: product.externalRef, heldBy: holder.id }, 'Unleashed product skipped: its SKU belongs to another item');
      continue;
    }
    const supplierId = product.supplierRef ? suppliers.get(product.supplierRef) ?? null : null;
    if (!item) {
      const id = await insertItem(trx, newItem(page, product, supplierId));
      holders.set(product.sku, { id, linked: true });
      changed.push(id);
      continue;
    }
    const changes = itemChanges(page, item, product, supplierId);
    if (Object.keys(changes).length === 0) continue;
    await updateItem(trx, tenantId, item.id, changes);
    if (holders.get(item.sku)?.id === item.id) holders.delete(item.sku);
    holders.set(product.sku, { id: item.id, linked: true });
    changed.push(item.id);
  }
  if (changed.length === 0) return;
  const version = await bumpScopeVersion(trx, tenantId, CATALOG_SCOPE);
  const documents = await itemsWithBarcodes(trx, tenantId, changed);
  await upsertSyncRows(trx, tenantId, CATALOG_SCOPE, version, documents.map(({ item, barcodes }) => itemRow(item, barcodes)));
}

function newItem(page: PageWrite, p: MappedItem, supplierId: string | null): Omit<Insertable<ItemsTable>, 'id'> {
  return {
    tenant_id: page.tenantId, sku: p.sku, name: p.name, type: p.type, category: p.category ?? 'Unleashed', unit: p.unit ?? 'ea',
    cost_minor: p.costMinor ?? 0, currency: page.defaults.currency, reorder_point: toQuantity(p.reorderPoint ?? 0), safety_stock: 0,
    lead_time_days: NEW_ITEM_LEAD_TIME_DAYS, supplier_id: supplierId, home_site_id: page.defaults.siteId, active: p.active, external_ref: p.externalRef,
  };
}

/** Only what Unleashed said and differs from ours: an unchanged product writes nothing. */
function itemChanges(page: PageWrite, item: ItemRow, p: MappedItem, supplierId: string | null): Partial<Insertable<ItemsTable>> {
  const changes: Partial<Insertable<ItemsTable>> = {};
  if (item.external_ref !== p.externalRef) changes.external_ref = p.externalRef;
  if (item.sku !== p.sku) changes.sku = p.sku;
  if (item.name !== p.name) changes.name = p.name;
  if (item.type !== p.type) changes.type = p.type;
  if (item.active !== p.active) changes.active = p.active;
  if (p.category !== null && item.category !== p.category) changes.category = p.category;
  if (p.unit !== null && item.unit !== p.unit) changes.unit = p.unit;
  if (p.costMinor !== null && Number(item.cost_minor) !== p.costMinor) changes.cost_minor = p.costMinor;
  if (p.costMinor !== null && item.currency !== page.defaults.currency) changes.currency = page.defaults.currency;
  if (p.reorderPoint !== null && Number(item.reorder_point) !== toQuantity(p.reorderPoint)) changes.reorder_point = toQuantity(p.reorderPoint);
  if (supplierId !== null && item.supplier_id !== supplierId) changes.supplier_id = supplierId;
  return changes;
}
