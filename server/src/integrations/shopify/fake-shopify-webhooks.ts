import { randomUUID } from 'node:crypto';
import { SHOPIFY_API_VERSION } from './shopify.schemas';
import { signShopifyBody } from './shopify-webhook-signature';

// Webhook deliveries as Shopify sends them: the raw JSON body signed with the app's secret and
// the X-Shopify-* headers (or the unprefixed names newer deliveries use). For tests (through
// `app.inject`) and the demo mode (over HTTP).

export interface WebhookOptions {
  /** The app's client secret; Shopify signs every store's deliveries with it. */
  secret: string;
  shop: string;
  /** Shared by every delivery of one merchant action; what receivers dedupe on. */
  eventId?: string;
  /** Unique per delivery attempt chain. */
  webhookId?: string;
  triggeredAt?: string;
  /** The newer header names (`shopify-hmac-sha256`…) instead of `X-Shopify-*`. */
  unprefixed?: boolean;
  /** Overrides the signature (a forged or broken one). */
  signature?: string;
}

export function shopifyWebhookRequest(topic: string, payload: unknown, options: WebhookOptions): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(payload);
  const prefix = options.unprefixed ? 'shopify-' : 'x-shopify-';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [`${prefix}topic`]: topic,
    [`${prefix}hmac-sha256`]: options.signature ?? signShopifyBody(body, options.secret),
    [`${prefix}shop-domain`]: options.shop,
    [`${prefix}api-version`]: SHOPIFY_API_VERSION,
    [`${prefix}webhook-id`]: options.webhookId ?? randomUUID(),
    [`${prefix}event-id`]: options.eventId ?? randomUUID(),
    [`${prefix}triggered-at`]: options.triggeredAt ?? new Date().toISOString(),
  };
  return { headers, body };
}

/** Delivers one webhook over HTTP to `url` (the receiver's `/webhooks/shopify`), as Shopify would. */
export async function deliverWebhook(url: string, topic: string, payload: unknown, options: WebhookOptions): Promise<{ status: number; body: string }> {
  const { headers, body } = shopifyWebhookRequest(topic, payload, options);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}
