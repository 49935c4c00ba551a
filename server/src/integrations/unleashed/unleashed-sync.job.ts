import { z } from 'zod';
import { DEFAULT_RETRY, defineJob, PermanentJobError } from '../../jobs/job';
import { IntegrationError } from '../integration-error';
import { findIntegration } from '../integrations.repo';
import { processUnleashedRuntime, syncDepsFor, type UnleashedRuntime } from './unleashed-runtime';
import { syncUnleashedIntegration, type SyncResult } from './unleashed-sync.service';

export type UnleashedSyncOutcome =
  | { synced: SyncResult }
  | { skipped: 'paused' | 'needs_reauth' }
  | { quotaSpent: { /** Until the 1st of next month, 00:00 UTC. */ retryAfterMs: number } };

export const unleashedSyncInput = z.object({ tenantId: z.string().min(1).max(100), integrationId: z.string().min(1).max(100) });

/**
 * Brings one Unleashed integration up to date (suppliers, products, stock, bills, purchase orders,
 * assemblies, in that order). A spent monthly quota is not a failure to retry: the runs record it
 * and the job ends, and the next hourly run after the 1st picks up where this one stopped.
 */
export function createUnleashedSyncJob(runtime: () => UnleashedRuntime = processUnleashedRuntime) {
  return defineJob({
    name: 'unleashed-sync',
    input: unleashedSyncInput,
    retry: DEFAULT_RETRY,
    async perform(input, ctx): Promise<UnleashedSyncOutcome> {
      const integration = await findIntegration(ctx.db, input.integrationId);
      if (!integration || integration.vendor !== 'unleashed' || integration.tenant_id !== input.tenantId) {
        throw new PermanentJobError(`No Unleashed integration ${input.integrationId} in tenant ${input.tenantId}`);
      }
      if (integration.status !== 'active') {
        ctx.log.info({ integrationId: integration.id, status: integration.status }, 'Unleashed sync skipped: the integration is not active');
        return { skipped: integration.status };
      }
      try {
        return { synced: await syncUnleashedIntegration(syncDepsFor(ctx, runtime()), integration) };
      } catch (error) {
        if (!(error instanceof IntegrationError) || error.failure !== 'quota_spent') throw error;
        ctx.log.warn({ integrationId: integration.id }, error.message);
        return { quotaSpent: { retryAfterMs: error.details.retryAfterMs ?? 0 } };
      }
    },
  });
}

export const unleashedSyncJob = createUnleashedSyncJob();
