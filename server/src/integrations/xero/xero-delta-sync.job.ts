import { z } from 'zod';
import { DEFAULT_RETRY, defineJob, PermanentJobError, type JobContext } from '../../jobs/job';
import { findIntegration, type Integration } from '../integrations.repo';
import { processXeroRuntime, type XeroRuntime } from './xero-runtime';
import { syncXeroIntegration, type XeroSyncMode } from './xero-sync.service';

export const xeroSyncInput = z.object({ tenantId: z.string().min(1).max(100), integrationId: z.string().min(1).max(100) });

/**
 * One organisation's sync as a job: its integration must be an active Xero integration of the
 * tenant (paused or waiting for reauthorisation: nothing to do). Failures are IntegrationErrors,
 * which the runner retries (after Retry-After when Xero gave one) or dead-letters.
 */
export async function performXeroSync(
  rt: XeroRuntime | null, input: z.infer<typeof xeroSyncInput>, mode: XeroSyncMode, ctx: JobContext,
): Promise<{ skipped: string } | Awaited<ReturnType<typeof syncXeroIntegration>>> {
  if (!rt) throw new PermanentJobError('Xero is not configured on this worker (XERO_CLIENT_ID, XERO_CLIENT_SECRET).');
  const integration: Integration | undefined = await findIntegration(ctx.db, input.integrationId);
  if (!integration || integration.vendor !== 'xero' || integration.tenant_id !== input.tenantId) {
    throw new PermanentJobError(`No Xero integration ${input.integrationId} in tenant ${input.tenantId}.`);
  }
  if (integration.status !== 'active') {
    ctx.log.info({ integrationId: integration.id, status: integration.status }, 'Xero integration not active: not synced');
    return { skipped: integration.status };
  }
  return syncXeroIntegration(ctx.db, rt, integration, mode, { log: ctx.log, progress: (fraction, note) => ctx.progress(fraction, note) });
}

/** On demand (the admin's "sync now", after connecting): what changed since the last sync, by If-Modified-Since. */
export function createXeroDeltaSyncJob(runtime: () => XeroRuntime | null) {
  return defineJob({
    name: 'xero-delta-sync',
    input: xeroSyncInput,
    retry: DEFAULT_RETRY,
    perform: (input, ctx) => performXeroSync(runtime(), input, 'delta', ctx),
  });
}

export const xeroDeltaSyncJob = createXeroDeltaSyncJob(processXeroRuntime);
