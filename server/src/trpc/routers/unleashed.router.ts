import { z } from 'zod';
import {
  checkUnleashedAccount, connectUnleashedAccount, queueUnleashedSync, unleashedUsage,
} from '../../integrations/unleashed/unleashed-admin.service';
import { authorizedProcedure, router } from '../trpc';

// Connecting, testing and syncing Unleashed is an admin's, with a second factor (shared actionPolicies).
const manage = authorizedProcedure('integrations.manage');
const account = z.object({ integrationId: z.string().min(1).max(100) });
const siteId = z.string().min(1).max(100);

const connectInput = z.object({
  name: z.string().trim().min(1).max(100),
  apiId: z.string().trim().min(1).max(200),
  apiKey: z.string().min(1).max(500),
  /** The account's monthly API calls (plan plus bundles): warnings at 80 % and 95 %, no calls once spent. */
  monthlyQuota: z.number().int().min(1).max(100_000_000).nullish(),
  siteId: siteId.nullish(),
  warehouseSites: z.record(z.string().min(1).max(100), siteId).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullish(),
});

export const unleashedRouter = router({
  /** Connects an account with its API id and key (sealed, never returned), or saves it again. */
  connect: manage.input(connectInput).mutation(async ({ ctx, input }) => {
    const integration = await connectUnleashedAccount(ctx.db, ctx.auth.secretBox(), { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input);
    return { integrationId: integration.id, name: integration.name, status: integration.status, settings: integration.settings };
  }),
  /** One signed call to Unleashed: `ok` with the number of products, or why it was refused. */
  check: manage.input(account).mutation(({ ctx, input }) =>
    checkUnleashedAccount(ctx.db, ctx.auth.secretBox(), ctx.principal.tenantId, input.integrationId, ctx.logger)),
  /** This month's calls against the quota, and when it resets. */
  usage: manage.input(account).query(({ ctx, input }) => unleashedUsage(ctx.db, ctx.principal.tenantId, input.integrationId)),
  /** Queues a sync of the account; answers with the job id. */
  syncNow: manage.input(account).mutation(({ ctx, input }) => queueUnleashedSync(ctx.db, ctx.jobs, ctx.principal.tenantId, input.integrationId)),
});
