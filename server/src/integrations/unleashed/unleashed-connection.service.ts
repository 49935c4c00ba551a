import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { badRequest } from '../../errors/app.error';
import { getSecret, putSecret, type SecretActor } from '../../security/integration-secrets.service';
import type { SecretBox } from '../../security/secret-box';
import { IntegrationError } from '../integration-error';
import { setIntegrationStatus, upsertIntegration, type Integration } from '../integrations.repo';
import { createUnleashedClient, type UnleashedClient, type UnleashedClientOptions } from './unleashed.client';
import { clearVendorRefusal } from './unleashed-quota.repo';
import { createCallQuota } from './unleashed-quota.service';
import { apiIdSecret, apiKeySecret, readUnleashedSettings, unleashedSettingsSchema, type UnleashedSettingsInput } from './unleashed-settings';

export interface UnleashedConnection { name: string; apiId: string; apiKey: string; settings?: UnleashedSettingsInput }

/**
 * Connects an Unleashed account (or saves a connected one again): settings in the integration,
 * the API id and key sealed. Saving again reactivates it and forgets a refusal for a spent quota,
 * since that is what an admin does after buying more calls.
 */
export async function connectUnleashed(db: Kysely<Database>, box: SecretBox, actor: SecretActor, input: UnleashedConnection): Promise<Integration> {
  const parsed = unleashedSettingsSchema.safeParse(input.settings ?? {});
  if (!parsed.success) throw badRequest(`Unleashed settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const settings = parsed.data;
  const integration = await upsertIntegration(db, { tenantId: actor.tenantId, vendor: 'unleashed', name: input.name, settings });
  await putSecret(db, box, actor, apiIdSecret(integration.id), input.apiId);
  await putSecret(db, box, actor, apiKeySecret(integration.id), input.apiKey);
  await clearVendorRefusal(db, integration.id);
  await setIntegrationStatus(db, integration.id, 'active');
  return { ...integration, status: 'active' };
}

export type ClientTuning = Pick<UnleashedClientOptions, 'attempts' | 'baseDelayMs' | 'maxWaitMs' | 'timeoutMs' | 'now' | 'sleep'>;

/** A client for one integration: its base URL and quota from the settings, its API id and key unsealed. */
export async function openUnleashedClient(
  db: Kysely<Database>, box: SecretBox, integration: Integration, log: Logger, tuning: ClientTuning = {},
): Promise<UnleashedClient> {
  const settings = readUnleashedSettings(integration);
  const apiId = await getSecret(db, box, integration.tenant_id, apiIdSecret(integration.id));
  const apiKey = await getSecret(db, box, integration.tenant_id, apiKeySecret(integration.id));
  if (!apiId || !apiKey) throw new IntegrationError('unleashed', 'auth', `Unleashed integration ${integration.name} has no API id and key stored; connect it again`);
  const quota = createCallQuota(db, integration, { monthlyQuota: settings.monthlyQuota, log, now: tuning.now });
  return createUnleashedClient({ ...tuning, baseUrl: settings.baseUrl, apiId, apiKey, quota, log });
}

/** One signed call (a single product): proves the id, key and URL work, and says how many products there are. */
export async function checkUnleashedConnection(client: UnleashedClient): Promise<{ products: number }> {
  const page = await client.page('Products', 1, {}, 1);
  return { products: page.Pagination.NumberOfItems };
}
