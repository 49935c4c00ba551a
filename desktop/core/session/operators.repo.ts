import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RoleGrant } from '@capliquify/shared';
import { MetaKey } from '../replica/meta.repo';
import type { OperatorsTable, ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

export type OperatorRow = Selectable<OperatorsTable>;

/** What an online sign-in tells the station about a person. */
export interface SignedInOperator {
  userId: string; email: string; displayName: string; grants: RoleGrant[]; mfa: boolean; signInId: string; refreshToken: string | null;
}

// Read and written here (not through meta.repo) so a queued command reads it inside its own transaction.
const CURRENT = MetaKey.CurrentOperator;

/** Stores what the sign-in said, keeping the person's PIN; an online sign-in also clears PIN lockouts. */
export async function saveSignedInOperator(db: Db, operator: SignedInOperator, at: Date): Promise<void> {
  const fields = {
    email: operator.email, display_name: operator.displayName, grants_json: JSON.stringify(operator.grants), mfa: operator.mfa ? 1 : 0,
    sign_in_id: operator.signInId, refresh_token: operator.refreshToken, last_signed_in_at: at.toISOString(),
    failed_pin_attempts: 0, pin_locks: 0, pin_locked_until: null,
  };
  await db.insertInto('operators').values({ user_id: operator.userId, ...fields })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(fields)).execute();
}

/**
 * Keeps the next refresh token of one sign-in (null: the server refused it). Keyed by the sign-in
 * too, so a renewal that finishes after the person signed in anew does not overwrite the new one.
 */
export async function setRefreshToken(db: Db, userId: string, signInId: string, refreshToken: string | null): Promise<void> {
  await db.updateTable('operators').set({ refresh_token: refreshToken }).where('user_id', '=', userId).where('sign_in_id', '=', signInId).execute();
}

export async function findOperator(db: Db, userId: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function findOperatorByEmail(db: Db, email: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())).executeTakeFirst();
}

/** Everyone who signed in here, the most recent first. */
export async function listOperators(db: Db): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().orderBy('last_signed_in_at', 'desc').orderBy('user_id').execute();
}

export async function deleteOperator(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('operators').where('user_id', '=', userId).execute();
}

export async function setPinHash(db: Db, userId: string, pinHash: string): Promise<void> {
  await db.updateTable('operators').set({ pin_hash: pinHash, failed_pin_attempts: 0, pin_locks: 0, pin_locked_until: null }).where('user_id', '=', userId).execute();
}

export async function setPinFailures(db: Db, userId: string, failures: { attempts: number; locks: number; lockedUntil: Date | null }): Promise<void> {
  await db.updateTable('operators')
    .set({ failed_pin_attempts: failures.attempts, pin_locks: failures.locks, pin_locked_until: failures.lockedUntil?.toISOString() ?? null })
    .where('user_id', '=', userId).execute();
}

export async function getCurrentOperatorId(db: Db): Promise<string | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', CURRENT).executeTakeFirst();
  return row?.value ?? null;
}

export async function setCurrentOperatorId(db: Db, userId: string | null): Promise<void> {
  if (userId === null) {
    await db.deleteFrom('meta').where('key', '=', CURRENT).execute();
    return;
  }
  await db.insertInto('meta').values({ key: CURRENT, value: userId }).onConflict((oc) => oc.column('key').doUpdateSet({ value: userId })).execute();
}

/** The operator at the station now, or undefined when no one is signed in. */
export async function findCurrentOperator(db: Db): Promise<OperatorRow | undefined> {
  return db.selectFrom('meta').innerJoin('operators', 'operators.user_id', 'meta.value').selectAll('operators')
    .where('meta.key', '=', CURRENT).executeTakeFirst();
}
