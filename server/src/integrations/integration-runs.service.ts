import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { IntegrationError } from './integration-error';
import type { Integration } from './integrations.repo';

/**
 * Records one sync of one stream (orders, inventory, invoices…) so admins see the last runs and
 * errors of each integration: `work` returns how many items it brought in. A dead OAuth grant
 * marks the integration `needs_reauth`; the error is rethrown for the job runner to retry or
 * dead-letter.
 */
export async function recordRun(
  db: Kysely<Database>, integration: Pick<Integration, 'id' | 'tenant_id'>, stream: string, work: () => Promise<number>,
): Promise<number> {
  const id = `run_${randomUUID()}`;
  await db.insertInto('integration_runs').values({ id, tenant_id: integration.tenant_id, integration_id: integration.id, stream }).execute();
  try {
    const items = await work();
    const now = new Date();
    await db.updateTable('integration_runs').set({ status: 'succeeded', finished_at: now, items }).where('id', '=', id).execute();
    await db.updateTable('integrations').set({ last_success_at: now }).where('id', '=', integration.id).execute();
    return items;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const now = new Date();
    await db.updateTable('integration_runs').set({ status: 'failed', finished_at: now, error: message }).where('id', '=', id).execute();
    await db.updateTable('integrations')
      .set({ last_error: message, last_error_at: now, ...(error instanceof IntegrationError && error.failure === 'needs_reauth' ? { status: 'needs_reauth' as const } : {}) })
      .where('id', '=', integration.id).execute();
    throw error;
  }
}
