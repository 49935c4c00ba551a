import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, IntegrationsTable, Vendor } from '../db/schema';

export type Integration = Selectable<IntegrationsTable>;

/** Connects (or updates the settings of) a vendor account for a tenant; secrets go through integration-secrets.service. */
export async function upsertIntegration(
  db: Kysely<Database>, input: { tenantId: string; vendor: Vendor; name: string; settings: Record<string, unknown> },
): Promise<Integration> {
  return db.insertInto('integrations')
    .values({ id: `int_${randomUUID()}`, tenant_id: input.tenantId, vendor: input.vendor, name: input.name, settings: JSON.stringify(input.settings) })
    .onConflict((oc) => oc.columns(['tenant_id', 'vendor', 'name']).doUpdateSet({ settings: JSON.stringify(input.settings) }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findIntegration(db: Kysely<Database>, id: string): Promise<Integration | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every active integration of a vendor, across tenants (what a schedule fans out to). */
export async function activeIntegrations(db: Kysely<Database>, vendor: Vendor): Promise<Integration[]> {
  return db.selectFrom('integrations').selectAll().where('vendor', '=', vendor).where('status', '=', 'active').orderBy('id').execute();
}

export async function listIntegrations(db: Kysely<Database>, tenantId: string): Promise<Integration[]> {
  return db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).orderBy('vendor').orderBy('name').execute();
}

export async function setIntegrationStatus(db: Kysely<Database>, id: string, status: Integration['status']): Promise<void> {
  await db.updateTable('integrations').set({ status }).where('id', '=', id).execute();
}

/** Where a delta sync left off (a timestamp, a page token): null before the first run. */
export async function getCursor(db: Kysely<Database>, integrationId: string, stream: string): Promise<string | null> {
  const row = await db.selectFrom('integration_cursors').select('cursor').where('integration_id', '=', integrationId).where('stream', '=', stream).executeTakeFirst();
  return row?.cursor ?? null;
}

export async function setCursor(db: Kysely<Database>, integration: Pick<Integration, 'id' | 'tenant_id'>, stream: string, cursor: string): Promise<void> {
  await db.insertInto('integration_cursors')
    .values({ tenant_id: integration.tenant_id, integration_id: integration.id, stream, cursor })
    .onConflict((oc) => oc.columns(['integration_id', 'stream']).doUpdateSet({ cursor, updated_at: new Date() }))
    .execute();
}
