import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export const DEMO_TENANT_ID = 'tnt_demo';

/** The demo tenant when present, else the oldest tenant; undefined in an empty database. */
export async function findDefaultTenantId(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select('id')
    .orderBy(sql`id = ${DEMO_TENANT_ID}`, 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
