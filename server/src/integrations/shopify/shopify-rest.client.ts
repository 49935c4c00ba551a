import { z } from 'zod';
import { IntegrationError } from '../integration-error';
import { adminUrl, clampPageSize, type ShopifyApi, type ShopifyApiOptions, type ShopifyTarget } from './shopify-api';
import { readShopify, restInventoryLevelSchema, restOrderSchema, type ShopifyInventoryLevel } from './shopify.schemas';
import { shopifyRequest, type ShopifyResponse } from './shopify-http';
import { parseCallLimit, restDelayMs, type RestBucketReading } from './shopify-rate-limits';

// The REST Admin API (legacy, still what some stores' setups use): cursor pages through the
// `Link` header's `page_info`, and the leaky bucket read from `X-Shopify-Shop-Api-Call-Limit`
// after every call, so the next call waits for room instead of meeting a 429.

const ITEM_IDS_PER_CALL = 100;
const LOCATION_IDS_PER_CALL = 50;

const locationsSchema = z.object({ locations: z.array(z.object({ id: z.union([z.number().int(), z.string()]).transform(String) })) });
const inventoryItemSchema = z.object({ id: z.union([z.number().int(), z.string()]).transform(String), sku: z.string().nullable().optional() });

export interface RestApiOptions extends ShopifyApiOptions {
  /** The bucket's leak rate for the store's plan (2/s standard). */
  leakPerSecond: number;
  /** Slots kept free for other apps and jobs of the same store. */
  reserve?: number;
}

export function createRestApi(target: ShopifyTarget, options: RestApiOptions): ShopifyApi {
  const { transport } = options;
  const pageSize = clampPageSize(options.pageSize, 250);
  let bucket: RestBucketReading | null = null;

  async function get(path: string, params: Record<string, string>, notFoundOk = false): Promise<ShopifyResponse> {
    const wait = restDelayMs(bucket, transport.now(), options.leakPerSecond, options.reserve);
    if (wait > 0) await transport.sleep(wait);
    return shopifyRequest(transport, {
      url: adminUrl(target, path, params), method: 'GET', accessToken: target.accessToken, notFoundOk,
      onResponse: (response) => { bucket = parseCallLimit(response.headers.get('x-shopify-shop-api-call-limit'), transport.now()) ?? bucket; },
    }, options.policy);
  }

  /** Every page of a list endpoint; after the first, Shopify accepts only `limit` beside `page_info`. */
  async function* pages(path: string, key: string, first: Record<string, string>, limit = pageSize): AsyncGenerator<unknown[]> {
    let params: Record<string, string> = { ...first, limit: String(limit) };
    for (;;) {
      const response = await get(path, params);
      const list = (response.body as Record<string, unknown> | null)?.[key];
      if (!Array.isArray(list)) throw new IntegrationError('shopify', 'bad_payload', `Shopify's ${path} answer has no "${key}" list`);
      yield list;
      const next = nextPageInfo(response.headers.get('link'));
      if (!next) return;
      params = { limit: String(limit), page_info: next };
    }
  }

  async function inventoryItemSkus(ids: string[]): Promise<Map<string, string | null>> {
    const skus = new Map<string, string | null>();
    for (let i = 0; i < ids.length; i += ITEM_IDS_PER_CALL) {
      const batch = ids.slice(i, i + ITEM_IDS_PER_CALL);
      for await (const page of pages('inventory_items.json', 'inventory_items', { ids: batch.join(',') }, ITEM_IDS_PER_CALL)) {
        for (const item of page) {
          const read = readShopify(inventoryItemSchema, item, 'an inventory item');
          skus.set(read.id, read.sku || null);
        }
      }
    }
    for (const id of ids) if (!skus.has(id)) skus.set(id, null);
    return skus;
  }

  return {
    async *ordersUpdatedSince(since) {
      const filter = { status: 'any', order: 'updated_at asc', ...(since ? { updated_at_min: since } : {}) };
      for await (const page of pages('orders.json', 'orders', filter)) {
        yield page.map((order, i) => readShopify(restOrderSchema, order, `order ${i + 1} of a page`));
      }
    },
    async *inventoryLevels() {
      const { locations } = readShopify(locationsSchema, (await get('locations.json', {})).body, 'the list of locations');
      for (let i = 0; i < locations.length; i += LOCATION_IDS_PER_CALL) {
        const ids = locations.slice(i, i + LOCATION_IDS_PER_CALL).map((l) => l.id).join(',');
        for await (const page of pages('inventory_levels.json', 'inventory_levels', { location_ids: ids })) {
          const levels: ShopifyInventoryLevel[] = page.map((level) => readShopify(restInventoryLevelSchema, level, 'an inventory level'));
          const skus = await inventoryItemSkus([...new Set(levels.map((l) => l.inventoryItemId))]);
          yield levels.map((level) => ({ ...level, sku: skus.get(level.inventoryItemId) ?? null }));
        }
      }
    },
    inventoryItemSkus,
  };
}

/**
 * The `page_info` of the `rel="next"` link, or null on the last page. Only the cursor is taken:
 * the next URL is rebuilt on the store's own base, so the token never follows a link elsewhere.
 */
export function nextPageInfo(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!match) continue;
    try {
      return new URL(match[1] as string).searchParams.get('page_info');
    } catch {
      throw new IntegrationError('shopify', 'bad_payload', `Shopify sent a Link header we cannot read: ${link.slice(0, 120)}`);
    }
  }
  return null;
}
