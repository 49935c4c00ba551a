import type { RoleGrant, Role } from '@capliquify/shared';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function grantsOf(db: Kysely<Database>, userId: string): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('role_grants').select(['site_id', 'role']).where('user_id', '=', userId)
    .orderBy(sql`site_id is null`, 'desc').orderBy('site_id').execute();
  return rows.map((row) => ({ siteId: row.site_id, role: row.role }));
}

/** Grants of several users at once (listing), by user id. */
export async function grantsOfUsers(db: Kysely<Database>, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const byUser = new Map<string, RoleGrant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db.selectFrom('role_grants').select(['user_id', 'site_id', 'role']).where('user_id', 'in', userIds)
    .orderBy(sql`site_id is null`, 'desc').orderBy('site_id').execute();
  for (const row of rows) byUser.get(row.user_id)?.push({ siteId: row.site_id, role: row.role });
  return byUser;
}

/** The role at that site (null: every site), replacing any grant already there: one grant per user and site. */
export async function upsertGrant(
  db: Kysely<Database>,
  grant: { id: string; tenantId: string; userId: string; siteId: string | null; role: Role; grantedBy: string | null; at: Date },
): Promise<void> {
  await db.insertInto('role_grants')
    .values({ id: grant.id, tenant_id: grant.tenantId, user_id: grant.userId, site_id: grant.siteId, role: grant.role, granted_by: grant.grantedBy, granted_at: grant.at })
    // The unique index is on (user_id, coalesce(site_id, '')), so "every site" is one slot too.
    .onConflict((oc) => oc.expression(sql`user_id, coalesce(site_id, '')`).doUpdateSet({
      role: (eb) => eb.ref('excluded.role'),
      granted_by: (eb) => eb.ref('excluded.granted_by'),
      granted_at: (eb) => eb.ref('excluded.granted_at'),
    }))
    .execute();
}

/** Removes the grant at that site (null: the every-site grant); the role it held, or null when there was none. */
export async function deleteGrant(db: Kysely<Database>, userId: string, siteId: string | null): Promise<Role | null> {
  const row = await db.deleteFrom('role_grants')
    .where('user_id', '=', userId)
    .where((eb) => (siteId === null ? eb('site_id', 'is', null) : eb('site_id', '=', siteId)))
    .returning('role')
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function siteOfTenant(db: Kysely<Database>, tenantId: string, siteId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('sites').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', siteId).executeTakeFirst();
}
