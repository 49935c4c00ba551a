import { z } from 'zod';
import { DEFAULT_RETRY, defineJob } from '../../jobs/job';
import { processShopifyDelivery } from './shopify-delivery.service';
import { shopifyRuntimeFor, type ShopifyJobContext } from './shopify-runtime';
import { shopifyApiFor } from './shopify-stores.service';

/**
 * Applies one kept Shopify webhook delivery (orders/create, orders/updated…, inventory_levels/update);
 * other topics are marked done and ignored. Queued by POST /webhooks/shopify; running it twice
 * for one event changes nothing the second time.
 */
export const shopifyWebhookJob = defineJob({
  name: 'shopify-webhook',
  input: z.object({ eventId: z.string().min(1).max(200), tenantId: z.string().min(1).max(100).optional() }),
  retry: DEFAULT_RETRY,
  async perform(input, ctx: ShopifyJobContext) {
    const runtime = shopifyRuntimeFor(ctx);
    const outcome = await processShopifyDelivery(ctx.db, input.eventId, (store) => shopifyApiFor(ctx.db, runtime, store));
    ctx.log.info({ eventId: input.eventId, outcome }, outcome === 'ignored' ? 'Shopify delivery of a topic we do not use' : 'Shopify delivery processed');
    return { eventId: input.eventId, outcome };
  },
});
