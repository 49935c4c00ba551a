import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { amazonAccountJobInput, jobIntegration } from './amazon-job-input';
import { processAmazonRuntime, type AmazonRuntime } from './amazon-runtime';
import { syncAmazonInventory } from './amazon-sync.service';

/** One seller account's FBA stock levels, every marketplace; a re-run rewrites the same rows. */
export function createAmazonInventorySyncJob(runtime: () => AmazonRuntime) {
  return defineJob({
    name: 'amazon-inventory-sync',
    input: amazonAccountJobInput,
    retry: DEFAULT_RETRY,
    async perform(input, ctx) {
      const integration = await jobIntegration(ctx.db, input);
      if (integration.status !== 'active') {
        ctx.log.info({ integrationId: integration.id, status: integration.status }, 'amazon account not active; inventory sync skipped');
        return { integrationId: integration.id, skipped: integration.status };
      }
      const levels = await syncAmazonInventory(ctx.db, runtime(), integration, { log: ctx.log, progress: ctx.progress });
      return { integrationId: integration.id, levels };
    },
  });
}

export const amazonInventorySyncJob = createAmazonInventorySyncJob(processAmazonRuntime);
