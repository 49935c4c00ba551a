import fp from 'fastify-plugin';
import { shopifyWebhookJob } from './shopify-webhook.job';
import { receiveShopifyWebhook } from './shopify-webhook.service';

export interface ShopifyWebhooksOptions {
  /** The app's client secret (config SHOPIFY_WEBHOOK_SECRET); null refuses every delivery with 503. */
  secret: string | null;
}

/**
 * `POST /webhooks/shopify`: verifies the signature over the raw body, keeps the delivery once per
 * event id and queues its processing, answering 200 at once. A delivery already kept answers 200
 * too (Shopify retries until it gets a 2xx) without queuing anything.
 */
export const shopifyWebhooksPlugin = fp<ShopifyWebhooksOptions>(
  async (app, options) => {
    // An encapsulated child: the raw-body JSON parser applies to this route only, every other
    // route keeps Fastify's parser.
    await app.register(async (scope) => {
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.post('/webhooks/shopify', async (request, reply) => {
        const received = await receiveShopifyWebhook(app.db, options.secret, request.headers, request.body as Buffer | undefined);
        if (received.kept) {
          try {
            await app.jobs.enqueue(shopifyWebhookJob, { eventId: received.eventId, tenantId: received.tenantId });
          } catch (error) {
            // Kept all the same: the hourly shopify-poll job queues any delivery left unprocessed.
            request.log.warn({ err: error, eventId: received.eventId }, 'could not queue a Shopify delivery; the hourly sweep will');
          }
        }
        request.log.info({ eventId: received.eventId, topic: received.topic, duplicate: !received.kept }, 'Shopify webhook received');
        return reply.code(200).send({ received: true, duplicate: !received.kept });
      });
    });
  },
  { name: 'shopify-webhooks', fastify: '5.x', dependencies: ['db', 'errors', 'jobs'] },
);
