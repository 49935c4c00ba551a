import { z } from 'zod';
import { DEFAULT_RETRY, defineJob, type JobDefinition } from '../../jobs/job';
import { activeIntegrations } from '../integrations.repo';
import { stuckDeliveries } from './shopify-deliveries.repo';
import { shopifyInventorySyncJob } from './shopify-inventory-sync.job';
import { shopifyOrdersSyncJob } from './shopify-orders-sync.job';
import type { ShopifyJobContext } from './shopify-runtime';
import { shopifyWebhookJob } from './shopify-webhook.job';

export const HOURLY = 3_600_000;
// A delivery still unprocessed this long after it arrived lost its job (a crash between keeping
// it and queuing, a queue flushed) or waited for its store to be resumed.
const STUCK_AFTER_MS = 10 * 60_000;

/**
 * The hourly fallback behind the webhooks: one orders sync and one inventory sync per active
 * Shopify store of every tenant, and a job again for each delivery left unprocessed. Queued when
 * the runner lets jobs queue jobs; otherwise done here, one after the other, a store's failure
 * recorded in its runs without stopping the others.
 */
export const shopifyPollJob = defineJob({
  name: 'shopify-poll',
  input: z.object({}),
  retry: DEFAULT_RETRY,
  schedule: { everyMs: HOURLY, input: {} },
  async perform(_input, ctx: ShopifyJobContext) {
    const stores = await activeIntegrations(ctx.db, 'shopify');
    const stuck = await stuckDeliveries(ctx.db, new Date(Date.now() - STUCK_AFTER_MS));
    const work = [
      ...stores.flatMap((s) => [shopifyOrdersSyncJob, shopifyInventorySyncJob].map((job) => piece(ctx, job, { tenantId: s.tenant_id, integrationId: s.id }))),
      ...stuck.map((d) => piece(ctx, shopifyWebhookJob, { eventId: d.eventId, ...(d.tenantId ? { tenantId: d.tenantId } : {}) })),
    ];
    let failed = 0;
    for (const [i, { name, input, enqueue, run }] of work.entries()) {
      if (enqueue) {
        await enqueue();
      } else {
        try {
          await run();
        } catch (error) {
          failed += 1;
          ctx.log.warn({ err: error, job: name, input }, 'Shopify poll: one piece of work failed; the others go on');
        }
      }
      await ctx.progress((i + 1) / work.length, `${i + 1} of ${work.length}`);
    }
    return { stores: stores.length, redeliveries: stuck.length, queued: ctx.enqueue ? work.length : 0, failed };
  },
});

/** One job to queue (when the runner lets jobs queue jobs) or to run here. */
function piece<T>(ctx: ShopifyJobContext, job: JobDefinition<T>, input: T) {
  const queue = ctx.enqueue;
  return {
    name: job.name,
    input,
    enqueue: queue ? () => queue(job, input) : null,
    run: () => job.perform(input, ctx),
  };
}
