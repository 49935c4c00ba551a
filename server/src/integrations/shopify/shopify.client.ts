import type { ShopifyApi } from './shopify-api';
import { createGraphqlApi } from './shopify-graphql.client';
import { systemTransport, type RetryPolicy, type ShopifyTransport } from './shopify-http';
import { createRestApi } from './shopify-rest.client';
import type { ShopifySettings } from './shopify.schemas';

export type { ShopifyApi } from './shopify-api';

export interface ShopifyClientOptions {
  /** The store's domain (`acme.myshopify.com`). */
  shop: string;
  /** The store's Admin API access token (opened from the sealed secret just before use). */
  accessToken: string;
  settings: ShopifySettings;
  transport?: ShopifyTransport;
  pageSize?: number;
  policy?: RetryPolicy;
}

/**
 * A store's Admin API through GraphQL (current) or REST (legacy), as its settings say; either
 * way the same operations, typed errors (IntegrationError) and rate-limit manners.
 */
export function createShopifyClient(options: ShopifyClientOptions): ShopifyApi {
  const target = { baseUrl: options.settings.baseUrl ?? `https://${options.shop}`, apiVersion: options.settings.apiVersion, accessToken: options.accessToken };
  const common = { transport: options.transport ?? systemTransport, pageSize: options.pageSize, policy: options.policy };
  return options.settings.api === 'rest'
    ? createRestApi(target, { ...common, leakPerSecond: options.settings.restLeakPerSecond })
    : createGraphqlApi(target, common);
}
