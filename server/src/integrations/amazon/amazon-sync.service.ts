import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { getSecret } from '../../security/integration-secrets.service';
import { IntegrationError } from '../integration-error';
import { recordRun } from '../integration-runs.service';
import { getCursor, setCursor, type Integration } from '../integrations.repo';
import type { AmazonRuntime } from './amazon-runtime';
import { mapAmazonOrder, mapInventorySummary, type AmazonOrderRow, type AmazonStockRow } from './amazon.mapper';
import { itemIdsBySku, tenantBaseCurrency, upsertAmazonOrders, upsertAmazonStockLevels } from './amazon.repo';
import { amazonSettings, refreshTokenSecretName, type AmazonSettings } from './amazon-settings';
import { createSpApiClient, type SpApiClient } from './sp-api.client';
import { createSpApiHttp } from './sp-api.http';

export const ORDERS_STREAM = 'orders';
export const INVENTORY_STREAM = 'inventory';
const DAY_MS = 86_400_000;

export interface SyncOptions {
  log?: Logger;
  progress?: (fraction: number, note?: string) => Promise<void>;
}

/** The SP-API client of one seller account: its settings, its sealed refresh token, the shared LWA cache and buckets. */
export async function openSpApi(
  db: Kysely<Database>, runtime: AmazonRuntime, integration: Integration, log?: Logger,
): Promise<{ client: SpApiClient; settings: AmazonSettings }> {
  const { lwa } = runtime;
  if (!lwa) throw new IntegrationError('amazon', 'auth', 'Login with Amazon is not configured (AMAZON_LWA_CLIENT_ID and AMAZON_LWA_CLIENT_SECRET).');
  const settings = amazonSettings(integration);
  const refreshToken = await getSecret(db, runtime.box(), integration.tenant_id, refreshTokenSecretName(integration.id));
  if (!refreshToken) throw new IntegrationError('amazon', 'auth', `Amazon integration ${integration.id} has no refresh token: connect the seller account again.`);
  const account = { key: integration.id, refreshToken };
  const get = createSpApiHttp({
    endpoint: settings.endpoint, accessToken: (rejected) => lwa.accessToken(account, { rejected }), bucket: runtime.buckets(integration.id),
    clock: runtime.clock, random: runtime.random, fetch: runtime.fetch, retries: runtime.retries, log,
  });
  return { client: createSpApiClient(get, runtime.clock), settings };
}

/**
 * Brings in the orders changed since the last run (LastUpdatedAfter the stored cursor; the first
 * run reaches `initialSyncDays` back). The cursor moves to the window's end only once every page
 * is stored, so a failed run is simply repeated. Returns how many orders were new or changed.
 */
export async function syncAmazonOrders(db: Kysely<Database>, runtime: AmazonRuntime, integration: Integration, options: SyncOptions = {}): Promise<number> {
  return recordRun(db, integration, ORDERS_STREAM, async () => {
    const { client, settings } = await openSpApi(db, runtime, integration, options.log);
    const cursor = await getCursor(db, integration.id, ORDERS_STREAM);
    const after = cursor ? new Date(cursor) : new Date(runtime.clock.now() - settings.initialSyncDays * DAY_MS);
    const fallbackCurrency = await tenantBaseCurrency(db, integration.tenant_id);
    const { before, pages } = client.listOrders({ marketplaceIds: settings.marketplaceIds, since: { lastUpdatedAfter: after } });
    let changed = 0;
    let pageCount = 0;
    for await (const page of pages) {
      const rows = page.orders.map((order) => mapAmazonOrder(order, { feeRatePct: settings.feeRatePct, fallbackCurrency }));
      changed += await upsertAmazonOrders(db, integration, newestPerKey(rows, (row) => row.externalId));
      pageCount += 1;
      // The number of pages is unknown until the last: report what was done, not a fraction.
      await options.progress?.(0, `orders: ${pageCount} page(s), ${changed} new or changed`);
    }
    if (before) await setCursor(db, integration, ORDERS_STREAM, before.toISOString());
    options.log?.info({ integrationId: integration.id, pages: pageCount, changed, after: after.toISOString(), before: before?.toISOString() ?? null }, 'amazon orders synced');
    return changed;
  });
}

/**
 * Replaces the FBA stock levels of every marketplace of the account with Amazon's current
 * summaries, matching our items by seller SKU. Returns how many levels were new or changed.
 */
export async function syncAmazonInventory(db: Kysely<Database>, runtime: AmazonRuntime, integration: Integration, options: SyncOptions = {}): Promise<number> {
  return recordRun(db, integration, INVENTORY_STREAM, async () => {
    const { client, settings } = await openSpApi(db, runtime, integration, options.log);
    let changed = 0;
    for (const [index, marketplaceId] of settings.marketplaceIds.entries()) {
      const seenAt = new Date(runtime.clock.now());
      for await (const page of client.inventorySummaries(marketplaceId)) {
        const rows = newestPerKey(page.summaries.map((summary) => mapInventorySummary(summary, marketplaceId, seenAt)), (row) => row.sku);
        changed += await upsertAmazonStockLevels(db, integration, await withItems(db, integration.tenant_id, rows));
      }
      await options.progress?.((index + 1) / settings.marketplaceIds.length, `inventory: ${marketplaceId} done`);
    }
    options.log?.info({ integrationId: integration.id, marketplaces: settings.marketplaceIds.length, changed }, 'amazon inventory synced');
    return changed;
  });
}

async function withItems(db: Kysely<Database>, tenantId: string, rows: AmazonStockRow[]): Promise<(AmazonStockRow & { itemId: string | null })[]> {
  const items = await itemIdsBySku(db, tenantId, rows.map((row) => row.sku));
  return rows.map((row) => ({ ...row, itemId: items.get(row.sku) ?? null }));
}

// One statement cannot upsert the same key twice; a page listing an order twice keeps its newest state.
function newestPerKey<T extends AmazonOrderRow | AmazonStockRow>(rows: T[], key: (row: T) => string): T[] {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const seen = newest.get(key(row));
    if (!seen || seen.externalUpdatedAt <= row.externalUpdatedAt) newest.set(key(row), row);
  }
  return [...newest.values()];
}
