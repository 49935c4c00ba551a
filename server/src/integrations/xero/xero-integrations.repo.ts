import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { IntegrationError } from '../integration-error';
import { upsertIntegration, type Integration } from '../integrations.repo';

type Db = Kysely<Database> | Transaction<Database>;

/** What a Xero integration keeps in `settings` (nothing secret): its organisation and its grant. */
export const xeroSettingsSchema = z.object({ xeroTenantId: z.string().min(1), grantId: z.string().min(1), organisation: z.string() });
export type XeroSettings = z.infer<typeof xeroSettingsSchema>;

export function xeroSettingsOf(integration: Pick<Integration, 'id' | 'settings'>): XeroSettings {
  const parsed = xeroSettingsSchema.safeParse(integration.settings);
  if (!parsed.success) throw new IntegrationError('xero', 'auth', `Xero integration ${integration.id} has no organisation or grant on record: connect Xero again.`);
  return parsed.data;
}

export async function findXeroIntegration(db: Db, tenantId: string, xeroTenantId: string): Promise<Integration | undefined> {
  return db.selectFrom('integrations').selectAll()
    .where('tenant_id', '=', tenantId).where('vendor', '=', 'xero').where(sql<string>`settings->>'xeroTenantId'`, '=', xeroTenantId)
    .executeTakeFirst();
}

/**
 * Connects an organisation, or reconnects it (new grant, active again) when the tenant had it:
 * returns the integration and the grant it used before, if any. Two organisations with one name
 * get the second's Xero id appended, since names are unique per tenant and vendor.
 */
export async function connectXeroOrganisation(
  db: Db, tenantId: string, settings: XeroSettings,
): Promise<{ integration: Integration; previousGrantId: string | null }> {
  const existing = await findXeroIntegration(db, tenantId, settings.xeroTenantId);
  if (existing) {
    const previous = xeroSettingsSchema.safeParse(existing.settings);
    const integration = await db.updateTable('integrations').set({ settings: JSON.stringify(settings), status: 'active' })
      .where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
    return { integration, previousGrantId: previous.success && previous.data.grantId !== settings.grantId ? previous.data.grantId : null };
  }
  const taken = await db.selectFrom('integrations').select('id')
    .where('tenant_id', '=', tenantId).where('vendor', '=', 'xero').where('name', '=', settings.organisation).executeTakeFirst();
  const name = taken ? `${settings.organisation} (${settings.xeroTenantId.slice(0, 8)})` : settings.organisation;
  return { integration: await upsertIntegration(db, { tenantId, vendor: 'xero', name, settings }), previousGrantId: null };
}
