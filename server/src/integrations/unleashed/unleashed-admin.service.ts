import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import type { JobQueue } from '../../jobs/job-runner';
import type { SecretActor } from '../../security/integration-secrets.service';
import type { SecretBox } from '../../security/secret-box';
import { IntegrationError, type IntegrationFailure } from '../integration-error';
import { findIntegration, listIntegrations, type Integration } from '../integrations.repo';
import { checkUnleashedConnection, connectUnleashed, openUnleashedClient } from './unleashed-connection.service';
import { readMonthUsage } from './unleashed-quota.repo';
import { nextQuotaReset, quotaPeriod } from './unleashed-quota.rules';
import { readUnleashedSettings } from './unleashed-settings';
import { unleashedSyncJob } from './unleashed-sync.job';

// What the admin screens do with an Unleashed account: connect it, test it, see this month's
// calls against the quota, and sync it now.

export interface ConnectUnleashedRequest {
  name: string;
  apiId: string;
  apiKey: string;
  monthlyQuota?: number | null;
  siteId?: string | null;
  warehouseSites?: Record<string, string>;
  currency?: string | null;
}

/**
 * Connects an account, or saves a connected one again with new keys and settings. The sites named
 * must be the tenant's. The API address is not taken from callers (the key signs requests to it):
 * a connected account keeps the one it has, a new one gets Unleashed's.
 */
export async function connectUnleashedAccount(db: Kysely<Database>, box: SecretBox, actor: SecretActor, input: ConnectUnleashedRequest): Promise<Integration> {
  const named = [...new Set([input.siteId, ...Object.values(input.warehouseSites ?? {})].filter((id): id is string => !!id))];
  if (named.length > 0) {
    const known = await db.selectFrom('sites').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', named).execute();
    const unknown = named.filter((id) => !known.some((k) => k.id === id));
    if (unknown.length > 0) throw badRequest(`No such site here: ${unknown.join(', ')}.`);
  }
  const existing = (await listIntegrations(db, actor.tenantId)).find((i) => i.vendor === 'unleashed' && i.name === input.name);
  const baseUrl = existing ? readUnleashedSettings(existing).baseUrl : undefined;
  return connectUnleashed(db, box, actor, {
    name: input.name, apiId: input.apiId, apiKey: input.apiKey,
    settings: { baseUrl, monthlyQuota: input.monthlyQuota ?? null, siteId: input.siteId ?? null, warehouseSites: input.warehouseSites ?? {}, currency: input.currency ?? null },
  });
}

export async function unleashedIntegrationOf(db: Kysely<Database>, tenantId: string, integrationId: string): Promise<Integration> {
  const integration = await findIntegration(db, integrationId);
  if (!integration || integration.tenant_id !== tenantId || integration.vendor !== 'unleashed') throw notFound(`No Unleashed integration ${integrationId}.`);
  return integration;
}

export type ConnectionCheck = { ok: true; products: number } | { ok: false; failure: IntegrationFailure; message: string };

/** "Test": one signed call (it counts against the quota); a refusal is the answer, not an error. */
export async function checkUnleashedAccount(db: Kysely<Database>, box: SecretBox, tenantId: string, integrationId: string, log: Logger): Promise<ConnectionCheck> {
  const integration = await unleashedIntegrationOf(db, tenantId, integrationId);
  try {
    const client = await openUnleashedClient(db, box, integration, log, { attempts: 1 });
    return { ok: true, ...(await checkUnleashedConnection(client)) };
  } catch (error) {
    if (error instanceof IntegrationError) return { ok: false, failure: error.failure, message: error.message };
    throw error;
  }
}

export interface QuotaUsage {
  period: string; calls: number; quota: number | null; vendorRefused: boolean; resetsAt: string;
  /** The last warning given this month (80, 95 or 100 %), as shown on the integration. */
  warning: unknown;
}

export async function unleashedUsage(db: Kysely<Database>, tenantId: string, integrationId: string, now = new Date()): Promise<QuotaUsage> {
  const integration = await unleashedIntegrationOf(db, tenantId, integrationId);
  const period = quotaPeriod(now);
  const usage = await readMonthUsage(db, integration.id, period);
  const warning = integration.settings.quotaWarning as { period?: string } | undefined;
  return {
    period, ...usage, quota: readUnleashedSettings(integration).monthlyQuota, resetsAt: nextQuotaReset(now).toISOString(),
    warning: warning?.period === period ? warning : null,
  };
}

/** "Sync now": queues one sync of the account; progress reaches the desktop live. */
export async function queueUnleashedSync(db: Kysely<Database>, jobs: JobQueue, tenantId: string, integrationId: string): Promise<{ jobId: string }> {
  const integration = await unleashedIntegrationOf(db, tenantId, integrationId);
  if (integration.status !== 'active') throw new AppError(ErrorCode.Conflict, `${integration.name} is ${integration.status === 'paused' ? 'paused: resume it' : 'waiting for new keys: connect it again'} first.`);
  return { jobId: await jobs.enqueue(unleashedSyncJob, { tenantId, integrationId }) };
}
