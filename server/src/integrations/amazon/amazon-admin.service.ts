import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import type { JobQueue } from '../../jobs/job-runner';
import { putSecret, type SecretActor } from '../../security/integration-secrets.service';
import type { SecretBox } from '../../security/secret-box';
import { findIntegration, setIntegrationStatus, upsertIntegration, type Integration } from '../integrations.repo';
import { amazonInventorySyncJob } from './amazon-inventory-sync.job';
import { amazonOrdersSyncJob } from './amazon-orders-sync.job';
import { amazonSettingsSchema, refreshTokenSecretName } from './amazon-settings';

export interface ConnectAmazonInput {
  /** What admins recognise the account by (the seller id or the shop's name). */
  name: string;
  /** The seller's Login with Amazon refresh token, from authorising the app in Seller Central. */
  refreshToken: string;
  settings: unknown;
}

/**
 * Connects a seller account (or replaces its token and settings): the settings are checked, the
 * refresh token sealed, and an account that needed re-authorising becomes active again.
 */
export async function connectAmazon(db: Kysely<Database>, box: SecretBox, actor: SecretActor, input: ConnectAmazonInput): Promise<Integration> {
  const settings = amazonSettingsSchema.safeParse(input.settings);
  if (!settings.success) throw badRequest(`Amazon settings are invalid: ${settings.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const integration = await upsertIntegration(db, { tenantId: actor.tenantId, vendor: 'amazon', name: input.name, settings: settings.data });
  await putSecret(db, box, actor, refreshTokenSecretName(integration.id), input.refreshToken);
  if (integration.status !== 'active') await setIntegrationStatus(db, integration.id, 'active');
  return { ...integration, status: 'active' };
}

/**
 * "Sync now": queues an orders and an inventory sync of one of the tenant's Amazon accounts on
 * this API's job queue and answers with the jobs' ids; progress reaches the desktop live.
 */
export async function queueAmazonSync(db: Kysely<Database>, jobs: JobQueue, tenantId: string, integrationId: string): Promise<{ jobIds: string[] }> {
  const integration = await findIntegration(db, integrationId);
  if (!integration || integration.tenant_id !== tenantId || integration.vendor !== 'amazon') throw notFound(`No Amazon integration ${integrationId}.`);
  if (integration.status === 'paused') throw new AppError(ErrorCode.Conflict, `${integration.name} is paused: resume it first.`);
  if (integration.status === 'needs_reauth') throw new AppError(ErrorCode.Conflict, `${integration.name} must be connected again (a new refresh token) before it can sync.`);
  const input = { tenantId, integrationId };
  return { jobIds: [await jobs.enqueue(amazonOrdersSyncJob, input), await jobs.enqueue(amazonInventorySyncJob, input)] };
}
