import fp from 'fastify-plugin';
import type { IntegrationsConfig } from '../../config';
import { badRequest } from '../../errors/app.error';
import { finishShopifyInstall } from './shopify-install.service';
import { shopifyAppFrom, type ShopifyApp } from './shopify-oauth';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Shopify app for the OAuth install when configured (SHOPIFY_CLIENT_ID, SHOPIFY_WEBHOOK_SECRET), else null. */
    shopifyApp: ShopifyApp | null;
  }
}

/**
 * Shopify's install for the API: the app the tRPC procedures use, and, only when it is
 * configured, the OAuth callback `GET /integrations/shopify/callback` (route-access:
 * 'oauth-callback'). The callback needs no sign-in: Shopify's signature and the one-time state
 * it carries name the admin who started installing.
 */
export const shopifyOAuthPlugin = fp<{ config: IntegrationsConfig }>(
  async (app, options) => {
    const shopifyApp = shopifyAppFrom(options.config);
    app.decorate('shopifyApp', shopifyApp);
    if (!shopifyApp) return;
    app.get('/integrations/shopify/callback', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      // Every parameter is signed, so each must be one short string: a repeated one cannot be verified.
      const flat = Object.entries(query).every(([, v]) => typeof v === 'string' && v.length <= 2_000);
      if (!flat || Object.keys(query).length > 20) throw badRequest('This does not look like an answer from Shopify: start installing from CapLiquify again.');
      const integration = await finishShopifyInstall(app.db, shopifyApp, app.authServices.secretBox(), query as Record<string, string>);
      request.log.info({ integrationId: integration.id }, 'Shopify store installed');
      return reply.type('text/plain; charset=utf-8').send(`Shopify connected: ${integration.name}.\nYou can close this tab and return to CapLiquify.\n`);
    });
  },
  { name: 'shopify-oauth', fastify: '5.x', dependencies: ['db', 'auth', 'errors'] },
);
