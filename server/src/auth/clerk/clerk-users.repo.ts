import type { RoleGrant } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface ClerkUserRow {
  id: string;
  tenant_id: string;
  /** Removed or erased: the account may no longer sign in. */
  removed: boolean;
}

/** The tenant connected to a Clerk organisation, if any. */
export async function findTenantIdByClerkOrg(db: Kysely<Database>, clerkOrgId: string): Promise<string | undefined> {
  const row = await db.selectFrom('tenants').select('id').where('clerk_org_id', '=', clerkOrgId).executeTakeFirst();
  return row?.id;
}

export async function findClerkUser(db: Kysely<Database>, clerkUserId: string): Promise<ClerkUserRow | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'removed_at', 'erased_at'])
    .where('provider', '=', 'clerk')
    .where('external_id', '=', clerkUserId)
    .executeTakeFirst();
  return row && { id: row.id, tenant_id: row.tenant_id, removed: row.removed_at !== null || row.erased_at !== null };
}

/**
 * Inserts a Clerk user unless one of the unique keys is taken: the same Clerk user (a concurrent
 * first sign-in) or the same email in the tenant. The caller reads the row back to tell them apart.
 */
export async function insertClerkUser(
  db: Kysely<Database>,
  user: { id: string; tenantId: string; clerkUserId: string; email: string; displayName: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id, tenant_id: user.tenantId, email: user.email, display_name: user.displayName,
      provider: 'clerk', external_id: user.clerkUserId,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function emailTakenInTenant(db: Kysely<Database>, tenantId: string, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

/** The user's per-site (or every-site) grants stored in CapLiquify. */
export async function listRoleGrants(db: Kysely<Database>, tenantId: string, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['site_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('site_id')
    .execute();
  return rows.map((row) => ({ siteId: row.site_id, role: row.role }));
}
