import type { Kysely, Selectable } from 'kysely';
import type { Database, SignInsTable } from '../db/schema';

export type SignInRow = Selectable<SignInsTable>;

export async function insertSignIn(
  db: Kysely<Database>,
  signIn: { id: string; tenantId: string; userId: string; deviceId: string | null; mfa: boolean; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.insertInto('sign_ins').values({
    id: signIn.id, tenant_id: signIn.tenantId, user_id: signIn.userId, device_id: signIn.deviceId,
    mfa: signIn.mfa, created_at: signIn.createdAt, expires_at: signIn.expiresAt,
  }).execute();
}

/** The sign-in with its user's standing: what every authenticated request reads, uncached. */
export function findSignInWithUser(db: Kysely<Database>, signInId: string) {
  return db.selectFrom('sign_ins')
    .innerJoin('users', 'users.id', 'sign_ins.user_id')
    .select([
      'sign_ins.id', 'sign_ins.tenant_id', 'sign_ins.user_id', 'sign_ins.mfa', 'sign_ins.expires_at', 'sign_ins.revoked_at',
      'users.email', 'users.display_name', 'users.removed_at',
    ])
    .where('sign_ins.id', '=', signInId)
    .executeTakeFirst();
}

/** Revokes one sign-in; revoking twice keeps the first time. */
export async function revokeSignIn(db: Kysely<Database>, signInId: string, at: Date): Promise<void> {
  await db.updateTable('sign_ins').set({ revoked_at: at }).where('id', '=', signInId).where('revoked_at', 'is', null).execute();
}

export async function revokeSignInsOfUser(db: Kysely<Database>, userId: string, at: Date): Promise<number> {
  const result = await db.updateTable('sign_ins').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
