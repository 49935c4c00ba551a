import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema';
import { badRequest } from '../../errors/app.error';
import { getSecret, putSecret } from '../../security/integration-secrets.service';
import type { SecretBox } from '../../security/secret-box';
import { IntegrationError } from '../integration-error';
import { upsertIntegration, type Integration } from '../integrations.repo';
import { createShopifyClient, type ShopifyApi } from './shopify.client';
import type { ShopifyRuntime } from './shopify-runtime';
import { SHOP_DOMAIN, shopifySettingsSchema, type ShopifySettings } from './shopify.schemas';

// A connected Shopify store is an integration named by its domain, with non-secret settings in
// the row and its Admin API access token sealed apart (`<integrationId>:access-token`). A tenant
// may connect several stores.

export function accessTokenSecretName(integrationId: string): string {
  return `${integrationId}:access-token`;
}

export interface ConnectStoreInput {
  tenantId: string;
  shop: string;
  accessToken: string;
  settings?: z.input<typeof shopifySettingsSchema>;
  actorUserId?: string | null;
}

/** Connects a store (or updates its settings and token): the token is sealed, never stored in the clear. */
export async function connectShopifyStore(db: Kysely<Database>, box: SecretBox, input: ConnectStoreInput): Promise<Integration> {
  const shop = input.shop.trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) throw badRequest(`"${input.shop}" is not a Shopify store domain (like acme.myshopify.com).`);
  const parsed = shopifySettingsSchema.safeParse(input.settings ?? {});
  if (!parsed.success) throw badRequest(`Shopify settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const integration = await upsertIntegration(db, { tenantId: input.tenantId, vendor: 'shopify', name: shop, settings: parsed.data });
  await putSecret(db, box, { tenantId: input.tenantId, actorUserId: input.actorUserId }, accessTokenSecretName(integration.id), input.accessToken);
  return integration;
}

/** The store's settings; unreadable settings are for a person to fix, so they fail like a refused token. */
export function shopifySettingsOf(integration: Pick<Integration, 'name' | 'settings'>): ShopifySettings {
  const parsed = shopifySettingsSchema.safeParse(integration.settings);
  if (!parsed.success) throw new IntegrationError('shopify', 'auth', `The settings of Shopify store ${integration.name} are invalid: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  return parsed.data;
}

/** The store's Admin API, its token opened from the secret box just for this client. */
export async function shopifyApiFor(db: Kysely<Database>, runtime: ShopifyRuntime, integration: Integration): Promise<ShopifyApi> {
  const settings = shopifySettingsOf(integration);
  const accessToken = await getSecret(db, runtime.secrets(), integration.tenant_id, accessTokenSecretName(integration.id));
  if (!accessToken) throw new IntegrationError('shopify', 'auth', `No access token is stored for Shopify store ${integration.name}: connect it again.`);
  return createShopifyClient({ shop: integration.name, accessToken, settings, transport: runtime.transport, pageSize: runtime.pageSize, policy: runtime.policy });
}
