import type { Kysely, Selectable } from 'kysely';
import type { Database, SitesTable } from '../../db/schema';

export async function listSites(db: Kysely<Database>, tenantId: string): Promise<Selectable<SitesTable>[]> {
  return db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).orderBy('code').orderBy('id').execute();
}
