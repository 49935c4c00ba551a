import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { amazonAccountJobInput, jobIntegration } from './amazon-job-input';
import { processAmazonRuntime, type AmazonRuntime } from './amazon-runtime';
import { syncAmazonOrders } from './amazon-sync.service';

/**
 * One seller account's orders changed since the last run. Running it twice brings nothing twice:
 * orders are upserted on their Amazon id and the cursor moves only after a complete run.
 */
export function createAmazonOrdersSyncJob(runtime: () => AmazonRuntime) {
  return defineJob({
    name: 'amazon-orders-sync',
    input: amazonAccountJobInput,
    retry: DEFAULT_RETRY,
    async perform(input, ctx) {
      const integration = await jobIntegration(ctx.db, input);
      if (integration.status !== 'active') {
        ctx.log.info({ integrationId: integration.id, status: integration.status }, 'amazon account not active; orders sync skipped');
        return { integrationId: integration.id, skipped: integration.status };
      }
      const orders = await syncAmazonOrders(ctx.db, runtime(), integration, { log: ctx.log, progress: ctx.progress });
      return { integrationId: integration.id, orders };
    },
  });
}

export const amazonOrdersSyncJob = createAmazonOrdersSyncJob(processAmazonRuntime);
