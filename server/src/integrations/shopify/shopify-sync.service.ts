import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { getCursor, setCursor, type Integration } from '../integrations.repo';
import type { ShopifyApi } from './shopify-api';
import { mapInventoryLevel, mapShopifyOrder, skusOf, type FeeSettings, type StockLevelRecord } from './shopify.mapper';
import { itemIdsBySku, upsertShopifyOrder, upsertShopifyStockLevels } from './shopify.repo';
import type { ShopifyInventoryLevel, ShopifyOrder } from './shopify.schemas';
import { shopifySettingsOf } from './shopify-stores.service';

// Polling a store: orders changed since the last run (the `orders` cursor), and every inventory
// level. Webhooks bring the same changes sooner; this is the fallback that catches what they
// missed, so both paths write through the same idempotent, newest-wins upserts.

export const ORDERS_STREAM = 'orders';
export const INVENTORY_STREAM = 'inventory';

// Shopify's search index trails its writes a little: each run looks back a few minutes before
// where the last one stopped; orders seen twice are written once (same updated_at).
const OVERLAP_MS = 5 * 60_000;

export interface SyncResult {
  /** Orders or levels Shopify sent. */
  seen: number;
  /** Rows written (new or newer than ours). */
  written: number;
}

type Store = Pick<Integration, 'id' | 'tenant_id' | 'name' | 'settings'>;

export async function syncShopifyOrders(db: Kysely<Database>, store: Store, api: ShopifyApi, onPage?: (seen: number) => Promise<void>): Promise<SyncResult> {
  const fees = shopifySettingsOf(store);
  const cursor = await getCursor(db, store.id, ORDERS_STREAM);
  const since = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS).toISOString() : null;
  let newest = cursor ? Date.parse(cursor) : Number.NEGATIVE_INFINITY;
  const result: SyncResult = { seen: 0, written: 0 };
  for await (const page of api.ordersUpdatedSince(since)) {
    result.written += await applyOrders(db, store, fees, page);
    result.seen += page.length;
    newest = Math.max(newest, ...page.map((order) => Date.parse(order.updatedAt)));
    await onPage?.(result.seen);
  }
  // Moved only once every page is in: REST does not promise its pages in update order, so a run
  // that dies half-way starts again from the old cursor (writing the same orders is harmless).
  if (Number.isFinite(newest)) await setCursor(db, store, ORDERS_STREAM, new Date(newest).toISOString());
  return result;
}

export async function syncShopifyInventory(db: Kysely<Database>, store: Store, api: ShopifyApi, onPage?: (seen: number) => Promise<void>): Promise<SyncResult> {
  const result: SyncResult = { seen: 0, written: 0 };
  for await (const page of api.inventoryLevels()) {
    result.written += await applyLevels(db, store, page);
    result.seen += page.length;
    await onPage?.(result.seen);
  }
  await setCursor(db, store, INVENTORY_STREAM, new Date().toISOString());
  return result;
}

/** Writes orders in the store's tenant scope (row-level security as a second lock); returns how many were written. */
export async function applyOrders(db: Kysely<Database>, store: Store, fees: FeeSettings, orders: ShopifyOrder[]): Promise<number> {
  if (orders.length === 0) return 0;
  return withTenantScope(db, store.tenant_id, async (trx) => {
    const items = await itemIdsBySku(trx, store.tenant_id, skusOf(orders));
    let written = 0;
    for (const order of orders) if (await upsertShopifyOrder(trx, store, mapShopifyOrder(order, fees, items))) written += 1;
    return written;
  });
}

export async function applyLevels(db: Kysely<Database>, store: Store, levels: ShopifyInventoryLevel[]): Promise<number> {
  const skus = [...new Set(levels.map((l) => l.sku).filter((sku): sku is string => Boolean(sku)))];
  if (skus.length === 0) return 0;
  return withTenantScope(db, store.tenant_id, async (trx) => {
    const items = await itemIdsBySku(trx, store.tenant_id, skus);
    const records = levels.map((level) => mapInventoryLevel(level, items)).filter((r): r is StockLevelRecord => r !== null);
    return upsertShopifyStockLevels(trx, store, records);
  });
}
