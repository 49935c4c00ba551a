import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The legal entity whose books a connected organisation holds (one per Xero integration), made
 * on first use and renamed with the integration. A name another entity of the tenant already
 * has gets the integration's id after it, so the finance filter never shows two alike.
 */
export async function entityForIntegration(db: Db, tenantId: string, integrationId: string, name: string): Promise<string> {
  const id = `ent_${integrationId}`;
  const clash = await db.selectFrom('legal_entities').select('id')
    .where('tenant_id', '=', tenantId).where('name', '=', name).where('id', '!=', id).executeTakeFirst();
  const unique = clash ? `${name} (${integrationId})` : name;
  await db.insertInto('legal_entities').values({ id, tenant_id: tenantId, name: unique, integration_id: integrationId })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: unique }))
    .execute();
  return id;
}
