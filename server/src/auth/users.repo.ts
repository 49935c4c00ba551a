import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema';

export type UserRow = Selectable<UsersTable>;

export async function insertUser(
  db: Kysely<Database>,
  user: { id: string; tenantId: string; email: string; displayName: string; passwordHash: string; createdAt: Date },
): Promise<void> {
  await db.insertInto('users').values({
    id: user.id, tenant_id: user.tenantId, email: user.email, display_name: user.displayName,
    provider: 'builtin', password_hash: user.passwordHash, created_at: user.createdAt,
  }).execute();
}

/** Inserts the user unless the tenant already has that email (seeding twice, or racing); whether it did. */
export async function insertUserIfAbsent(
  db: Kysely<Database>,
  user: { id: string; tenantId: string; email: string; displayName: string; passwordHash: string },
): Promise<boolean> {
  const row = await db.insertInto('users').values({
    id: user.id, tenant_id: user.tenantId, email: user.email, display_name: user.displayName, provider: 'builtin', password_hash: user.passwordHash,
  }).onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

export function findUser(db: Kysely<Database>, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** Any user of the tenant with this (normalised) email, removed or not: emails are unique per tenant. */
export function findUserByEmail(db: Kysely<Database>, tenantId: string, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirst();
}

/** Active users with this email, in one tenant or any (sign-in does not always know the tenant). */
export function findActiveUsersByEmail(db: Kysely<Database>, email: string, tenantId: string | null): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll().where('email', '=', email).where('removed_at', 'is', null);
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId);
  return query.orderBy('created_at').limit(2).execute();
}

export function listActiveUsers(db: Kysely<Database>, tenantId: string): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('removed_at', 'is', null).orderBy('email').execute();
}

/**
 * Counts one failed sign-in, atomically so parallel guesses cannot slip past the limit. The
 * `maxFailures`-th failure locks the account until `lockUntil` and starts the count again, so
 * after the lock a person has the full number of tries. Returns the lock, if this failure set one.
 */
export async function recordFailedSignIn(db: Kysely<Database>, userId: string, maxFailures: number, lockUntil: Date): Promise<Date | null> {
  const reached = sql<boolean>`failed_attempts + 1 >= ${maxFailures}`;
  const row = await db.updateTable('users')
    .set({
      failed_attempts: sql<number>`case when ${reached} then 0 else failed_attempts + 1 end`,
      locked_until: sql<Date>`case when ${reached} then ${lockUntil.toISOString()}::timestamptz else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirst();
  return row && row.failed_attempts === 0 && row.locked_until !== null && row.locked_until.getTime() === lockUntil.getTime() ? row.locked_until : null;
}

export async function clearFailedSignIns(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', userId).where((eb) => eb.or([eb('failed_attempts', '>', 0), eb('locked_until', 'is not', null)])).execute();
}

export async function markUserRemoved(db: Kysely<Database>, userId: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('users').set({ removed_at: at }).where('id', '=', userId).where('removed_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setTotp(db: Kysely<Database>, userId: string, totp: { sealedSecret: string | null; enabled: boolean }): Promise<void> {
  await db.updateTable('users').set({ totp_secret: totp.sealedSecret, totp_enabled: totp.enabled }).where('id', '=', userId).execute();
}
