import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { recordRun } from '../integration-runs.service';
import { storeForJob, storeJobInput } from './shopify-job-input';
import { shopifyRuntimeFor, type ShopifyJobContext } from './shopify-runtime';
import { shopifyApiFor } from './shopify-stores.service';
import { INVENTORY_STREAM, syncShopifyInventory } from './shopify-sync.service';

/** Reads every inventory level of one store (all its locations) into external stock levels, newest-wins. */
export const shopifyInventorySyncJob = defineJob({
  name: 'shopify-inventory-sync',
  input: storeJobInput,
  retry: DEFAULT_RETRY,
  async perform(input, ctx: ShopifyJobContext) {
    const store = await storeForJob(ctx.db, input);
    if ('skipped' in store) return store;
    const runtime = shopifyRuntimeFor(ctx);
    let written = 0;
    const seen = await recordRun(ctx.db, store, INVENTORY_STREAM, async () => {
      const api = await shopifyApiFor(ctx.db, runtime, store);
      const result = await syncShopifyInventory(ctx.db, store, api, (n) => ctx.progress(0.5, `${n} stock levels read from ${store.name}`));
      written = result.written;
      return result.seen;
    });
    ctx.log.info({ store: store.name, seen, written }, 'Shopify inventory synced');
    return { store: store.name, seen, written };
  },
});
