import { z } from 'zod';
import { queueXeroSync, requireXero } from '../../integrations/xero/xero-admin.service';
import { startXeroConnect } from '../../integrations/xero/xero-connect.service';
import { authorizedProcedure, router } from '../trpc';

// Connecting and syncing Xero is an admin's, with a second factor (shared actionPolicies).
const manage = authorizedProcedure('integrations.manage');

export const xeroRouter = router({
  /** The Xero consent page to open in a browser; Xero then calls back /integrations/xero/callback. */
  authorizeUrl: manage.mutation(({ ctx }) =>
    startXeroConnect(ctx.db, requireXero(ctx.xero), { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId })),
  /** Queues a delta sync of one organisation; answers with the job id. */
  syncNow: manage.input(z.object({ integrationId: z.string().min(1).max(100) })).mutation(({ ctx, input }) =>
    queueXeroSync(ctx.db, ctx.jobs, ctx.xero, ctx.principal.tenantId, input.integrationId)),
});
