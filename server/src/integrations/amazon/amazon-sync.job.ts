import { z } from 'zod';
import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { activeIntegrations } from '../integrations.repo';
import { syncEveryAmazonAccount } from './amazon-fan-out.service';
import { processAmazonRuntime, type AmazonRuntime } from './amazon-runtime';
import { createAmazonInventorySyncJob } from './amazon-inventory-sync.job';
import { createAmazonOrdersSyncJob } from './amazon-orders-sync.job';

export const AMAZON_SYNC_EVERY_MS = 15 * 60_000;

/**
 * Every 15 minutes: orders and inventory of every active Amazon account, each as its own job (so
 * one account's retries and dead letters stay its own). Run without a queue (a test calling
 * perform()), it does each account's syncs itself, in turn.
 */
export function createAmazonSyncJob(runtime: () => AmazonRuntime) {
  const ordersJob = createAmazonOrdersSyncJob(runtime);
  const inventoryJob = createAmazonInventorySyncJob(runtime);
  return defineJob({
    name: 'amazon-sync',
    input: z.object({}),
    retry: DEFAULT_RETRY,
    schedule: { everyMs: AMAZON_SYNC_EVERY_MS, input: {} },
    async perform(_input, ctx) {
      if (!runtime().lwa) {
        ctx.log.info('Login with Amazon is not configured; Amazon sync skipped');
        return { queued: 0, results: [] };
      }
      if (ctx.enqueue) {
        let queued = 0;
        for (const integration of await activeIntegrations(ctx.db, 'amazon')) {
          const input = { tenantId: integration.tenant_id, integrationId: integration.id };
          await ctx.enqueue(ordersJob, input);
          await ctx.enqueue(inventoryJob, input);
          queued += 2;
        }
        ctx.log.info({ queued }, 'amazon syncs queued');
        return { queued, results: [] };
      }
      const results = await syncEveryAmazonAccount(ctx.db, runtime(), ctx.log);
      ctx.log.info({ accounts: new Set(results.map((result) => result.integrationId)).size, failed: results.filter((result) => result.error).length }, 'amazon schedule ran');
      return { queued: 0, results };
    },
  });
}

export const amazonSyncJob = createAmazonSyncJob(processAmazonRuntime);
