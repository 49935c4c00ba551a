import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { SecretActor } from '../../security/integration-secrets.service';
import type { SecretBox } from '../../security/secret-box';
import { listIntegrations, setIntegrationStatus, type Integration } from '../integrations.repo';
import { connectShopifyStore, shopifySettingsOf } from './shopify-stores.service';

export interface ConnectShopifyRequest {
  /** `acme.myshopify.com`: the store's permanent domain, which also names the integration. */
  shopDomain: string;
  /** A custom app's Admin API access token: Shopify's way to connect one store without the OAuth install. */
  accessToken: string;
  api: 'graphql' | 'rest';
  feeRatePct?: number;
  /**
   * The store's API address for a NEW connection; only the OAuth install passes it, from
   * configuration (SHOPIFY_API_BASE_URL: a fake in tests and the demo), never from a caller.
   */
  baseUrl?: string;
}

/**
 * Connects a store from the admin screen, or saves a connected one again with a new token. The
 * API address is never taken from callers (the token is sent to it): a connected store keeps the
 * one it has (the demo's fake), a new one talks to `https://<shop>`. Saving again reactivates a
 * store whose token had been refused.
 */
export async function connectShopifyAccount(db: Kysely<Database>, box: SecretBox, actor: SecretActor, input: ConnectShopifyRequest): Promise<Integration> {
  const shop = input.shopDomain.trim().toLowerCase();
  const existing = (await listIntegrations(db, actor.tenantId)).find((i) => i.vendor === 'shopify' && i.name === shop);
  const kept = existing ? shopifySettingsOf(existing) : undefined;
  const integration = await connectShopifyStore(db, box, {
    tenantId: actor.tenantId, shop, accessToken: input.accessToken, actorUserId: actor.actorUserId,
    settings: { ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}), ...kept, api: input.api, feeRatePct: input.feeRatePct ?? kept?.feeRatePct ?? 0 },
  });
  if (integration.status !== 'active') await setIntegrationStatus(db, integration.id, 'active');
  return { ...integration, status: 'active' };
}
