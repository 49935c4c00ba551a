import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { findIntegration, type Integration } from '../integrations.repo';

/** A per-store job's input; `tenantId` lets the runners file its dead letters and progress under the tenant. */
export const storeJobInput = z.object({ tenantId: z.string().min(1).max(100), integrationId: z.string().min(1).max(100) });
export type StoreJobInput = z.infer<typeof storeJobInput>;

/** The store a job is for, or why there is nothing to do (gone, paused, needs a person, not Shopify). */
export async function storeForJob(db: Kysely<Database>, input: StoreJobInput): Promise<Integration | { skipped: string }> {
  const store = await findIntegration(db, input.integrationId);
  if (!store || store.vendor !== 'shopify' || store.tenant_id !== input.tenantId) return { skipped: 'no such Shopify store' };
  if (store.status !== 'active') return { skipped: `the store is ${store.status}` };
  return store;
}
