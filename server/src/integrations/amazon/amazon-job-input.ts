import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { PermanentJobError } from '../../jobs/job';
import { findIntegration, type Integration } from '../integrations.repo';

/** The per-account jobs' input: the tenant (so a dead letter shows whose it is) and the integration. */
export const amazonAccountJobInput = z.object({ tenantId: z.string().min(1).max(100), integrationId: z.string().min(1).max(100) });
export type AmazonAccountJobInput = z.infer<typeof amazonAccountJobInput>;

/** The Amazon integration a job names; a missing or foreign one cannot appear by retrying. */
export async function jobIntegration(db: Kysely<Database>, input: AmazonAccountJobInput): Promise<Integration> {
  const integration = await findIntegration(db, input.integrationId);
  if (!integration || integration.vendor !== 'amazon' || integration.tenant_id !== input.tenantId) {
    throw new PermanentJobError(`No Amazon integration ${input.integrationId} for tenant ${input.tenantId}.`);
  }
  return integration;
}
