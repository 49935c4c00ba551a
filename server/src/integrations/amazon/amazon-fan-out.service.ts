import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { activeIntegrations } from '../integrations.repo';
import type { AmazonRuntime } from './amazon-runtime';
import { INVENTORY_STREAM, ORDERS_STREAM, syncAmazonInventory, syncAmazonOrders } from './amazon-sync.service';

export interface AccountSyncResult { integrationId: string; stream: string; items?: number; error?: string }

/**
 * The 15-minute schedule without a queue: orders then inventory of every active Amazon account,
 * one after the other. One account failing (its error is on its runs) does not stop the others.
 */
export async function syncEveryAmazonAccount(db: Kysely<Database>, runtime: AmazonRuntime, log: Logger): Promise<AccountSyncResult[]> {
  const results: AccountSyncResult[] = [];
  for (const integration of await activeIntegrations(db, 'amazon')) {
    for (const [stream, sync] of [[ORDERS_STREAM, syncAmazonOrders], [INVENTORY_STREAM, syncAmazonInventory]] as const) {
      try {
        results.push({ integrationId: integration.id, stream, items: await sync(db, runtime, integration, { log }) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ integrationId: integration.id, stream, err: message }, 'amazon sync failed for one account');
        results.push({ integrationId: integration.id, stream, error: message });
      }
    }
  }
  return results;
}
