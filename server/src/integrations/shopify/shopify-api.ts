import type { ShopifyInventoryLevel, ShopifyOrder } from './shopify.schemas';
import type { RetryPolicy, ShopifyTransport } from './shopify-http';

/** One store's Admin API, whichever flavour (GraphQL or REST) the store is read through. */
export interface ShopifyApi {
  /** Orders changed at or after `since` (all when null), oldest change first, a page at a time. */
  ordersUpdatedSince(since: string | null): AsyncGenerator<ShopifyOrder[]>;
  /** Every inventory level of every location, with each item's SKU, a page at a time. */
  inventoryLevels(): AsyncGenerator<ShopifyInventoryLevel[]>;
  /** The SKU of each inventory item (null: no SKU, or the item is gone). */
  inventoryItemSkus(inventoryItemIds: string[]): Promise<Map<string, string | null>>;
}

/** Where a store's Admin API is and the store's access token. */
export interface ShopifyTarget {
  /** `https://<shop>` (or the fake server's address for the store). */
  baseUrl: string;
  apiVersion: string;
  accessToken: string;
}

export interface ShopifyApiOptions {
  transport: ShopifyTransport;
  /** Orders or levels per page; Shopify allows at most 250. */
  pageSize?: number;
  policy?: RetryPolicy;
}

export const MAX_PAGE_SIZE = 250;

export function adminUrl(target: ShopifyTarget, path: string, params: Record<string, string> = {}): string {
  const url = new URL(`${target.baseUrl.replace(/\/$/, '')}/admin/api/${target.apiVersion}/${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

export function clampPageSize(size: number | undefined, fallback: number): number {
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(size ?? fallback)));
}
