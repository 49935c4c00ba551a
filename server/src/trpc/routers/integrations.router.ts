import { z } from 'zod';
import { integrationStatuses, pauseIntegration, resumeIntegration } from '../../integrations/integrations.service';
import { testIntegration } from '../../integrations/integration-test.service';
import { authorizedProcedure, router } from '../trpc';

// Connected vendor accounts are an admin's, with a second factor (shared actionPolicies).
const manageIntegrations = authorizedProcedure('integrations.manage');
const integration = z.object({ integrationId: z.string().min(1).max(100) });

export const integrationsRouter = router({
  /** Each integration of the tenant: vendor, name, status, last success, last error, last runs. */
  list: manageIntegrations.query(({ ctx }) => integrationStatuses(ctx.db, { tenantId: ctx.principal.tenantId })),
  pause: manageIntegrations.input(integration).mutation(({ ctx, input }) =>
    pauseIntegration(ctx.db, ctx.principal.tenantId, input.integrationId, ctx.principal.userId)),
  resume: manageIntegrations.input(integration).mutation(({ ctx, input }) =>
    resumeIntegration(ctx.db, ctx.principal.tenantId, input.integrationId, ctx.principal.userId)),
  /** One cheap authenticated call with the stored credentials: `ok`, or why the vendor refused; recorded as a 'test' run. */
  test: manageIntegrations.input(integration).mutation(({ ctx, input }) =>
    testIntegration(ctx.db, { box: ctx.auth.secretBox(), log: ctx.logger, xero: ctx.xero }, ctx.principal.tenantId, input.integrationId)),
});
