import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, UsersTable } from '../db/schema';
import { ERASED_NAME } from './person-names';

type Db = Kysely<Database> | Transaction<Database>;
export type UserRecord = Selectable<UsersTable>;

export async function readUser(db: Db, tenantId: string, userId: string): Promise<UserRecord | undefined> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
}

/** Locks the row until commit, so two erasures of one person run one after the other. */
export async function lockUser(trx: Transaction<Database>, tenantId: string, userId: string): Promise<UserRecord | undefined> {
  return trx.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).forUpdate().executeTakeFirst();
}

/** The people with this e-mail address (one per tenant at most), or with this user id. */
export async function findPeople(db: Db, by: { email: string } | { id: string }): Promise<{ id: string; tenantId: string }[]> {
  const query = db.selectFrom('users').select(['id', 'tenant_id']).orderBy('tenant_id');
  const rows = await ('email' in by ? query.where('email', '=', by.email) : query.where('id', '=', by.id)).execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
}

export async function listRoleGrants(db: Db, tenantId: string, userId: string) {
  return db.selectFrom('role_grants').select(['id', 'site_id', 'role', 'granted_at', 'granted_by'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('granted_at').orderBy('id').execute();
}

/** Each sign-in with the device it happened on (null: a browser). */
export async function listSignIns(db: Db, tenantId: string, userId: string) {
  return db.selectFrom('sign_ins').leftJoin('devices', 'devices.id', 'sign_ins.device_id')
    .select(['sign_ins.id', 'sign_ins.device_id', 'devices.name as device_name', 'devices.site_id as device_site_id', 'sign_ins.mfa',
      'sign_ins.created_at', 'sign_ins.expires_at', 'sign_ins.revoked_at'])
    .where('sign_ins.tenant_id', '=', tenantId).where('sign_ins.user_id', '=', userId).orderBy('sign_ins.created_at').orderBy('sign_ins.id').execute();
}

/** Keeps the id (ledgers and the audit log point at it) and drops everything that identifies the person. */
export async function anonymiseUser(trx: Transaction<Database>, tenantId: string, userId: string, at: Date): Promise<void> {
  await trx.updateTable('users').set((eb) => ({
    email: `erased-${userId}@erased.invalid`, display_name: ERASED_NAME, external_id: null, password_hash: null,
    totp_secret: null, totp_enabled: false, failed_attempts: 0, locked_until: null,
    removed_at: eb.fn.coalesce('removed_at', eb.val(at)), erased_at: at,
  })).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

/** Ends every sign-in still open; returns how many. */
export async function revokeSignIns(trx: Transaction<Database>, tenantId: string, userId: string, at: Date): Promise<number> {
  const result = await trx.updateTable('sign_ins').set({ revoked_at: at })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
