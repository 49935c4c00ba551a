import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { recordRun } from '../integration-runs.service';
import { storeForJob, storeJobInput } from './shopify-job-input';
import { shopifyRuntimeFor, type ShopifyJobContext } from './shopify-runtime';
import { shopifyApiFor } from './shopify-stores.service';
import { ORDERS_STREAM, syncShopifyOrders } from './shopify-sync.service';

/**
 * Brings one store's orders up to date: those changed since the `orders` cursor (all on the first
 * run), written newest-wins. Queued hourly by `shopify-poll` as the webhooks' fallback.
 */
export const shopifyOrdersSyncJob = defineJob({
  name: 'shopify-orders-sync',
  input: storeJobInput,
  retry: DEFAULT_RETRY,
  async perform(input, ctx: ShopifyJobContext) {
    const store = await storeForJob(ctx.db, input);
    if ('skipped' in store) return store;
    const runtime = shopifyRuntimeFor(ctx);
    let written = 0;
    const seen = await recordRun(ctx.db, store, ORDERS_STREAM, async () => {
      const api = await shopifyApiFor(ctx.db, runtime, store);
      const result = await syncShopifyOrders(ctx.db, store, api, (n) => ctx.progress(0.5, `${n} orders read from ${store.name}`));
      written = result.written;
      return result.seen;
    });
    ctx.log.info({ store: store.name, seen, written }, 'Shopify orders synced');
    return { store: store.name, seen, written };
  },
});
