import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ReleaseChannelsTable } from '../../db/fleet.schema';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function listChannelRows(db: Db, tenantId: string): Promise<Selectable<ReleaseChannelsTable>[]> {
  return db.selectFrom('release_channels').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function insertChannel(db: Db, tenantId: string, name: string, createdBy: string | null): Promise<Selectable<ReleaseChannelsTable>> {
  return db.insertInto('release_channels').values({ tenant_id: tenantId, name, created_by: createdBy }).returningAll().executeTakeFirstOrThrow();
}
