import { z } from 'zod';
import { connectShopifyAccount } from '../../integrations/shopify/shopify-admin.service';
import { requireShopifyApp, startShopifyInstall } from '../../integrations/shopify/shopify-install.service';
import { SHOP_DOMAIN } from '../../integrations/shopify/shopify.schemas';
import { authorizedProcedure, router } from '../trpc';

// Connecting a Shopify store is an admin's, with a second factor (shared actionPolicies).
const manage = authorizedProcedure('integrations.manage');

const shopDomain = z.string().trim().toLowerCase().regex(SHOP_DOMAIN, 'must be the store\'s myshopify.com domain');

// A domain, not a URL: the access token is only ever sent to the store's own https://<shop>.
const connectInput = z.object({
  shopDomain,
  accessToken: z.string().min(1).max(500),
  api: z.enum(['graphql', 'rest']).default('graphql'),
  feeRatePct: z.number().min(0).max(100).optional(),
});

export const shopifyRouter = router({
  /** The store's install page to open in a browser; Shopify then calls back /integrations/shopify/callback. */
  installUrl: manage.input(z.object({ shopDomain })).mutation(({ ctx, input }) =>
    startShopifyInstall(ctx.db, requireShopifyApp(ctx.shopifyApp), { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId }, input.shopDomain)),
  /** Connects a store with a custom app's Admin API access token (sealed, never returned), or saves it again. */
  connect: manage.input(connectInput).mutation(async ({ ctx, input }) => {
    const integration = await connectShopifyAccount(ctx.db, ctx.auth.secretBox(), { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input);
    return { integrationId: integration.id, name: integration.name, status: integration.status, settings: integration.settings };
  }),
});
