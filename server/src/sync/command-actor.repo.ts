import type { RoleGrant } from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Trx = Transaction<Database>;

/** A sign-in with the person it belongs to, as a pushed command's actor is checked against. */
export interface ActorSignIn {
  signInId: string;
  userId: string;
  tenantId: string;
  /** The device the sign-in was made on; null for a browser or API sign-in. */
  deviceId: string | null;
  mfa: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  displayName: string;
  removedAt: Date | null;
}

export async function findActorSignIn(trx: Trx, signInId: string): Promise<ActorSignIn | undefined> {
  const row = await trx.selectFrom('sign_ins').innerJoin('users', 'users.id', 'sign_ins.user_id')
    .select([
      'sign_ins.id as signInId', 'sign_ins.user_id as userId', 'sign_ins.tenant_id as tenantId', 'sign_ins.device_id as deviceId',
      'sign_ins.mfa', 'sign_ins.expires_at as expiresAt', 'sign_ins.revoked_at as revokedAt',
      'users.display_name as displayName', 'users.removed_at as removedAt',
    ])
    .where('sign_ins.id', '=', signInId)
    .executeTakeFirst();
  return row && { ...row, expiresAt: new Date(row.expiresAt), revokedAt: row.revokedAt && new Date(row.revokedAt), removedAt: row.removedAt && new Date(row.removedAt) };
}

/** The person's role grants as they stand now (a grant revoked since the command was queued is gone). */
export async function findRoleGrants(trx: Trx, tenantId: string, userId: string): Promise<RoleGrant[]> {
  const rows = await trx.selectFrom('role_grants').select(['site_id', 'role'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  return rows.map((row) => ({ siteId: row.site_id, role: row.role }));
}

export async function findSiteName(trx: Trx, tenantId: string, siteId: string): Promise<string | null> {
  const row = await trx.selectFrom('sites').select('name').where('tenant_id', '=', tenantId).where('id', '=', siteId).executeTakeFirst();
  return row?.name ?? null;
}
