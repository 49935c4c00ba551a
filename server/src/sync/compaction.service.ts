import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { listTenantIds } from './sync-documents.repo';
import { listScopeNames, lockScope } from './sync-rows.repo';
import { deleteTombstonesUpTo, findCompactionHorizon, raiseMinVersion } from './tombstones.repo';

export const DEFAULT_KEEP_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1_000;

export interface ScopeCompaction {
  scope: string;
  /** Tombstones deleted. */
  deleted: number;
  /** The scope's new floor: a cursor below it is reset. */
  minVersion: number;
}

export interface CompactionOptions {
  /** Tombstones written within this many days are kept, with every tombstone above them. */
  keepDays: number;
  now?: Date;
}

/**
 * Deletes a tenant's old tombstones, scope by scope, and raises each scope's `min_version` to
 * the newest one deleted in the same transaction, under the scope's lock: a device whose cursor is
 * below it would miss those deletes, so its next pull resets the scope. A device that pulled
 * within `keepDays` is past every deleted tombstone and pulls on incrementally. Live rows are never
 * touched; a second run finds nothing to do. Returns the scopes that changed.
 */
export async function compactTombstones(db: Kysely<Database>, tenantId: string, options: CompactionOptions): Promise<ScopeCompaction[]> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.keepDays * DAY_MS);
  const compacted: ScopeCompaction[] = [];
  for (const scope of (await listScopeNames(db, tenantId)).sort()) {
    const done = await db.transaction().execute(async (trx) => {
      await lockScope(trx, tenantId, scope);
      const horizon = await findCompactionHorizon(trx, tenantId, scope, cutoff);
      if (horizon === null) return null;
      const deleted = await deleteTombstonesUpTo(trx, tenantId, scope, horizon);
      return { scope, deleted, minVersion: await raiseMinVersion(trx, tenantId, scope, horizon) };
    });
    if (done) compacted.push(done);
  }
  return compacted;
}

/** `compactTombstones` for every tenant, keyed by tenant id. */
export async function compactAllTombstones(db: Kysely<Database>, options: CompactionOptions): Promise<Record<string, ScopeCompaction[]>> {
  const results: Record<string, ScopeCompaction[]> = {};
  for (const tenantId of await listTenantIds(db)) results[tenantId] = await compactTombstones(db, tenantId, options);
  return results;
}
