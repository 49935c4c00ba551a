import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The highest tombstone version that compaction may drop: every tombstone at or below it was
 * written before `cutoff` and lies below the oldest tombstone written since. Null when there is
 * none. Bounding by the oldest recent tombstone (rather than taking every old one) keeps each
 * tombstone of the window, even when write times and versions disagree a little.
 */
export async function findCompactionHorizon(trx: Transaction<Database>, tenantId: string, scope: string, cutoff: Date): Promise<number | null> {
  const tombstones = trx.selectFrom('sync_rows').where('tenant_id', '=', tenantId).where('scope', '=', scope).where('deleted', '=', true);
  const kept = await tombstones.select((eb) => eb.fn.min('version').as('v')).where('updated_at', '>', cutoff).executeTakeFirst();
  const below = kept?.v ?? null;
  const horizon = await tombstones.select((eb) => eb.fn.max('version').as('v'))
    .$if(below !== null, (q) => q.where('version', '<', below!))
    .executeTakeFirst();
  return horizon?.v == null ? null : Number(horizon.v);
}

/** Deletes the scope's tombstones at or below `horizon` (never a live row); returns how many. */
export async function deleteTombstonesUpTo(trx: Transaction<Database>, tenantId: string, scope: string, horizon: number): Promise<number> {
  const result = await trx.deleteFrom('sync_rows')
    .where('tenant_id', '=', tenantId).where('scope', '=', scope)
    .where('deleted', '=', true).where('version', '<=', String(horizon))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Cursors below the floor can no longer be served incrementally (their tombstones are gone); returns the floor. */
export async function raiseMinVersion(trx: Transaction<Database>, tenantId: string, scope: string, minVersion: number): Promise<number> {
  const row = await trx.updateTable('sync_scopes').set({ min_version: sql`greatest(min_version, ${String(minVersion)}::bigint)` })
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).returning('min_version').executeTakeFirstOrThrow();
  return Number(row.min_version);
}
