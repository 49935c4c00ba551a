import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Vendor } from '../../db/schema';

// One-time OAuth `state` values (migration 0011). Only the hash is stored; consuming one is a
// single conditional UPDATE, so two callbacks racing with the same state cannot both win.

export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

export async function insertOAuthState(
  db: Kysely<Database>, row: { state: string; tenantId: string; userId: string; vendor: Vendor; expiresAt: Date },
): Promise<void> {
  await db.insertInto('oauth_states')
    .values({ state_hash: hashState(row.state), tenant_id: row.tenantId, user_id: row.userId, vendor: row.vendor, expires_at: row.expiresAt })
    .execute();
}

/** Who started the flow, if the state is ours, unused and unexpired; it is spent either way it matched. */
export async function consumeOAuthState(db: Kysely<Database>, state: string, vendor: Vendor, now: Date): Promise<{ tenantId: string; userId: string } | null> {
  const row = await db.updateTable('oauth_states').set({ used_at: now })
    .where('state_hash', '=', hashState(state)).where('vendor', '=', vendor).where('used_at', 'is', null).where('expires_at', '>', now)
    .returning(['tenant_id', 'user_id']).executeTakeFirst();
  return row ? { tenantId: row.tenant_id, userId: row.user_id } : null;
}

/** States spent or expired before `before`: nothing can use them any more. */
export async function deleteOldOAuthStates(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_states').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
