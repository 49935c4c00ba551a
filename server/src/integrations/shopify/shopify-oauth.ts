import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { IntegrationsConfig } from '../../config';
import { IntegrationError } from '../integration-error';

// Shopify's authorization-code grant for a non-embedded app: the merchant approves at
// https://<shop>/admin/oauth/authorize, Shopify redirects back with `code`, `shop`, `state`,
// `timestamp` and an `hmac` over the other parameters, and the code is exchanged at
// https://<shop>/admin/oauth/access_token for an offline access token. The token never appears
// in an error message or a log line.

/** The scopes the sync needs: orders and inventory, read only. */
export const SHOPIFY_SCOPES = ['read_orders', 'read_inventory'];

const TIMEOUT_MS = 30_000;

/** The Shopify app as configured: the client secret is the one that also signs webhooks. */
export interface ShopifyApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Where the stores' hosts are in tests and the demo (`<base>/stores/<shop>`); null means `https://<shop>`. */
  apiBaseUrl: string | null;
}

/** The app when SHOPIFY_CLIENT_ID and SHOPIFY_WEBHOOK_SECRET are both set, else null (the install flow is off). */
export function shopifyAppFrom(config: IntegrationsConfig): ShopifyApp | null {
  const { clientId, redirectUri, apiBaseUrl } = config.shopify;
  if (!clientId || !config.shopifyWebhookSecret) return null;
  return { clientId, clientSecret: config.shopifyWebhookSecret, redirectUri, apiBaseUrl };
}

/** The store's host: from configuration only, never from a caller, since the client secret is sent there. */
export function shopOrigin(app: ShopifyApp, shop: string): string {
  return app.apiBaseUrl ? `${app.apiBaseUrl}/stores/${shop}` : `https://${shop}`;
}

export function installUrl(app: ShopifyApp, shop: string, state: string): string {
  const url = new URL(`${shopOrigin(app, shop)}/admin/oauth/authorize`);
  url.search = new URLSearchParams({ client_id: app.clientId, scope: SHOPIFY_SCOPES.join(','), redirect_uri: app.redirectUri, state }).toString();
  return url.toString();
}

/**
 * Shopify's signature of a redirect's query: HMAC-SHA256 (hex) keyed with the client secret over
 * every parameter but `hmac` (and the legacy `signature`), sorted by name, `name=value` joined
 * with `&` and encoded as a query string (as Shopify's own libraries build it).
 */
export function signShopifyQuery(params: Record<string, string>, secret: string): string {
  const message = new URLSearchParams(Object.entries(params)
    .filter(([name]) => name !== 'hmac' && name !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Whether the query's `hmac` is Shopify's, compared in constant time. */
export function verifyShopifyQuery(params: Record<string, string>, secret: string): boolean {
  const given = params.hmac ?? '';
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(signShopifyQuery(params, secret), 'hex'));
}

const tokenAnswer = z.object({ access_token: z.string().min(1), scope: z.string() });
export type ShopifyTokenAnswer = z.infer<typeof tokenAnswer>;

/** The code for the store's offline access token; a code Shopify refuses (used, expired) is `needs_reauth`. */
export async function exchangeShopifyCode(app: ShopifyApp, shop: string, code: string): Promise<ShopifyTokenAnswer> {
  let res: Response;
  try {
    res = await fetch(`${shopOrigin(app, shop)}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: app.clientId, client_secret: app.clientSecret, code }),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new IntegrationError('shopify', 'unavailable', `Shopify's token endpoint for ${shop} got no answer: ${reason}.`);
  }
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    throw new IntegrationError('shopify', 'needs_reauth', `Shopify refused the authorization code for ${shop} (${res.status}).`, { status: res.status });
  }
  if (res.status === 429 || res.status >= 500) {
    throw new IntegrationError('shopify', 'unavailable', `Shopify's token endpoint for ${shop} answered ${res.status}.`, { status: res.status });
  }
  const body: unknown = await res.json().catch(() => null);
  const parsed = tokenAnswer.safeParse(body);
  if (res.status !== 200 || !parsed.success) {
    throw new IntegrationError('shopify', 'bad_payload', `Shopify's token endpoint for ${shop} answered ${res.status} with an unexpected shape.`, { status: res.status });
  }
  return parsed.data;
}
