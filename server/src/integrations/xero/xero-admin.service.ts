import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, notFound } from '../../errors/app.error';
import type { JobQueue } from '../../jobs/job-runner';
import { findIntegration } from '../integrations.repo';
import { xeroDeltaSyncJob } from './xero-delta-sync.job';
import type { XeroRuntime } from './xero-runtime';

/** The configured runtime, or a refusal the admin's screen can show. */
export function requireXero(runtime: XeroRuntime | null): XeroRuntime {
  if (!runtime) throw new AppError(ErrorCode.Conflict, 'Xero is not set up on this server: it needs XERO_CLIENT_ID and XERO_CLIENT_SECRET.');
  return runtime;
}

/**
 * "Sync now": queues a delta sync of one of the tenant's Xero organisations (the job runner of
 * this API: BullMQ with Redis, this process without) and answers with the job's id; its progress
 * reaches the desktop over the live stream.
 */
export async function queueXeroSync(
  db: Kysely<Database>, jobs: JobQueue, runtime: XeroRuntime | null, tenantId: string, integrationId: string,
): Promise<{ jobId: string }> {
  const integration = await findIntegration(db, integrationId);
  if (!integration || integration.tenant_id !== tenantId || integration.vendor !== 'xero') throw notFound(`No Xero integration ${integrationId}.`);
  requireXero(runtime);
  if (integration.status === 'needs_reauth') throw new AppError(ErrorCode.Conflict, `Xero needs to be connected again for ${integration.name} before it can sync.`);
  if (integration.status === 'paused') throw new AppError(ErrorCode.Conflict, `${integration.name} is paused: resume it first.`);
  return { jobId: await jobs.enqueue(xeroDeltaSyncJob, { tenantId, integrationId }) };
}
