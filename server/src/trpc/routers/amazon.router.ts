import { z } from 'zod';
import { connectAmazon, queueAmazonSync } from '../../integrations/amazon/amazon-admin.service';
import { SP_API_ENDPOINTS } from '../../integrations/amazon/amazon-settings';
import { authorizedProcedure, router } from '../trpc';

// Connecting and syncing Amazon is an admin's, with a second factor (shared actionPolicies).
const manage = authorizedProcedure('integrations.manage');

// A region, not a URL: the access token is only ever sent to Amazon's own SP-API hosts.
const connectInput = z.object({
  name: z.string().trim().min(1).max(100),
  refreshToken: z.string().min(1).max(2_000),
  region: z.enum(['na', 'eu', 'fe']),
  marketplaceIds: z.array(z.string()).min(1).max(50),
  feeRatePct: z.number().min(0).max(100).optional(),
});

export const amazonRouter = router({
  /** Connects a seller account with the refresh token Seller Central gave; the token is sealed, never returned. */
  connect: manage.input(connectInput).mutation(async ({ ctx, input }) => {
    const integration = await connectAmazon(ctx.db, ctx.auth.secretBox(), { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, {
      name: input.name, refreshToken: input.refreshToken,
      settings: { endpoint: SP_API_ENDPOINTS[input.region], marketplaceIds: input.marketplaceIds, feeRatePct: input.feeRatePct },
    });
    return { integrationId: integration.id, name: integration.name, status: integration.status, settings: integration.settings };
  }),
  /** Queues an orders and an inventory sync of one account; answers with the job ids. */
  syncNow: manage.input(z.object({ integrationId: z.string().min(1).max(100) })).mutation(({ ctx, input }) =>
    queueAmazonSync(ctx.db, ctx.jobs, ctx.principal.tenantId, input.integrationId)),
});
