import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import { recordDelivery } from './shopify-deliveries.repo';
import { findShopifyStore } from './shopify.repo';
import { verifyShopifySignature } from './shopify-webhook-signature';

// Receiving a webhook is checking and keeping it, nothing more: the work is queued, so Shopify
// gets its answer well within its 5 seconds. Kept once per event id, in the database, so every
// API instance agrees on what was already received.

export interface ReceivedWebhook {
  /** False for a delivery already kept (Shopify's at-least-once redelivery). */
  kept: boolean;
  eventId: string;
  topic: string;
  tenantId: string;
}

type Headers = Record<string, string | string[] | undefined>;

/** `X-Shopify-<name>`, or the unprefixed `shopify-<name>` newer deliveries send (names arrive lower-case). */
function header(headers: Headers, name: string): string | undefined {
  const value = headers[`x-shopify-${name}`] ?? headers[`shopify-${name}`];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

export async function receiveShopifyWebhook(db: Kysely<Database>, secret: string | null, headers: Headers, body: Buffer | undefined): Promise<ReceivedWebhook> {
  if (!secret) throw new AppError(ErrorCode.ServiceUnavailable, 'Shopify webhooks are not configured on this server: set SHOPIFY_WEBHOOK_SECRET to the app\'s client secret.');
  if (!body || body.length === 0) throw badRequest('A Shopify webhook has a body; this one is empty.');
  if (!verifyShopifySignature(body, header(headers, 'hmac-sha256'), secret)) {
    throw new AppError(ErrorCode.Unauthorized, 'The X-Shopify-Hmac-Sha256 signature is missing or does not match the body.');
  }
  const topic = header(headers, 'topic');
  const shop = header(headers, 'shop-domain');
  // Every delivery of one merchant action shares the event id; older deliveries carry only the webhook id.
  const eventId = header(headers, 'event-id') ?? header(headers, 'webhook-id');
  if (!topic || !shop || !eventId) throw badRequest('A Shopify webhook names its topic, shop domain and event (or webhook) id.');
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The webhook body is not JSON.');
  }
  const store = await findShopifyStore(db, shop);
  if (!store) throw notFound(`No Shopify store ${shop} is connected.`);
  const triggered = header(headers, 'triggered-at');
  const triggeredAt = triggered && !Number.isNaN(Date.parse(triggered)) ? new Date(triggered) : null;
  const kept = await recordDelivery(db, { eventId, tenantId: store.tenant_id, integrationId: store.id, topic, triggeredAt, payload });
  return { kept, eventId, topic, tenantId: store.tenant_id };
}
