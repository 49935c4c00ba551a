import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function insertRefreshToken(db: Kysely<Database>, token: { hash: string; signInId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('refresh_tokens').values({ token_hash: token.hash, sign_in_id: token.signInId, expires_at: token.expiresAt }).execute();
}

/**
 * Marks an unused token used, atomically: of two requests presenting the same token, one gets
 * `fresh`, the other `reused`. `unknown` when no such token was ever issued.
 */
export async function consumeRefreshToken(
  db: Kysely<Database>, hash: string, at: Date,
): Promise<{ state: 'fresh' | 'reused'; signInId: string; expiresAt: Date } | { state: 'unknown' }> {
  const used = await db.updateTable('refresh_tokens').set({ used_at: at })
    .where('token_hash', '=', hash).where('used_at', 'is', null)
    .returning(['sign_in_id', 'expires_at']).executeTakeFirst();
  if (used) return { state: 'fresh', signInId: used.sign_in_id, expiresAt: used.expires_at };
  const seen = await db.selectFrom('refresh_tokens').select(['sign_in_id', 'expires_at']).where('token_hash', '=', hash).executeTakeFirst();
  return seen ? { state: 'reused', signInId: seen.sign_in_id, expiresAt: seen.expires_at } : { state: 'unknown' };
}
