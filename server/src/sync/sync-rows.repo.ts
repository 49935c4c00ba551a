import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, SyncScopesTable } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface ScopeState {
  scope: string;
  version: number;
  epoch: number;
  minVersion: number;
  /** Signs the cursors of this scope; '' for a scope never written (nothing it signs verifies). */
  cursorKey: string;
}

/** What operators see of a scope: never its cursor key. */
export type ScopeSummary = Omit<ScopeState, 'cursorKey'>;

export interface SyncRowWrite {
  entity: string;
  id: string;
  /** Null writes a tombstone. */
  data: Record<string, unknown> | null;
}

export interface SyncRowRead {
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown> | null;
}

/** A scope that has never been written reads as version 0 of epoch 1, as its first write creates it. */
export const EMPTY_SCOPE = { version: 0, epoch: 1, minVersion: 0, cursorKey: '' } as const;

/**
 * Takes the scope's next version. The upsert holds the scope row's lock until the caller's
 * transaction ends, so a later writer gets a higher version only after this one commits: versions
 * become visible in commit order, which a plain sequence would not guarantee.
 */
export async function bumpScopeVersion(trx: Transaction<Database>, tenantId: string, scope: string): Promise<number> {
  const row = await trx
    .insertInto('sync_scopes')
    .values({ tenant_id: tenantId, scope, version: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope']).doUpdateSet({ version: sql`sync_scopes.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Every scope of every tenant with where it stands (`epoch:version`): a change moves it. */
export async function listScopeVersions(db: Kysely<Database>): Promise<{ tenantId: string; scope: string; at: string }[]> {
  const rows = await db.selectFrom('sync_scopes').select(['tenant_id', 'scope', 'epoch', 'version']).execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, scope: r.scope, at: `${r.epoch}:${r.version}` }));
}

/** Locks the scope row (creating it at version 0) without taking a version yet. */
export async function lockScope(trx: Transaction<Database>, tenantId: string, scope: string): Promise<void> {
  await trx.insertInto('sync_scopes').values({ tenant_id: tenantId, scope, version: 0 })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope']).doNothing()).execute();
  await trx.selectFrom('sync_scopes').select('version').where('tenant_id', '=', tenantId).where('scope', '=', scope).forUpdate().execute();
}

export async function upsertSyncRows(trx: Transaction<Database>, tenantId: string, scope: string, version: number, rows: SyncRowWrite[]): Promise<void> {
  // 7 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 parameter limit.
  for (let i = 0; i < rows.length; i += 1_000) {
    await trx
      .insertInto('sync_rows')
      .values(rows.slice(i, i + 1_000).map((r) => ({
        tenant_id: tenantId, scope, entity: r.entity, id: r.id, version,
        deleted: r.data === null, data: r.data === null ? null : JSON.stringify(r.data),
      })))
      .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'entity', 'id']).doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'), deleted: eb.ref('excluded.deleted'), data: eb.ref('excluded.data'), updated_at: sql`now()`,
      })))
      .execute();
  }
}

/**
 * Raises the scope's epoch when it is still `seen.epoch` and its version still below `below`: a
 * cursor ahead of the scope means the database was restored, and no cursor of the old epoch can be
 * trusted any more (new writes would overtake it and hide a gap). The conditional upsert locks the
 * row and re-checks after any concurrent writer, so racing pulls raise it once. Returns the new
 * epoch, or null when there was nothing to raise.
 */
export async function raiseEpochIfAhead(db: Db, tenantId: string, scope: string, seen: { epoch: number; below: number }): Promise<number | null> {
  const row = await db.insertInto('sync_scopes')
    // A scope row lost with the restore comes back at version 0 of the next epoch.
    .values({ tenant_id: tenantId, scope, version: 0, epoch: seen.epoch + 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope'])
      .doUpdateSet({ epoch: sql`sync_scopes.epoch + 1` })
      .where('sync_scopes.epoch', '=', seen.epoch)
      .where('sync_scopes.version', '<', String(seen.below)))
    .returning('epoch')
    .executeTakeFirst();
  return row?.epoch ?? null;
}

/** Raises the epoch of the named scopes (every scope of the tenant when null); returns their new states. */
export async function raiseEpochs(db: Db, tenantId: string, scopes: string[] | null): Promise<ScopeSummary[]> {
  const rows = await db.updateTable('sync_scopes').set({ epoch: sql`epoch + 1` })
    .where('tenant_id', '=', tenantId)
    .$if(scopes !== null, (q) => q.where('scope', 'in', scopes!.length > 0 ? scopes! : ['']))
    .returningAll().execute();
  return rows.map(toScopeState).sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}

export async function listScopeStates(db: Db, tenantId: string): Promise<ScopeSummary[]> {
  const rows = await db.selectFrom('sync_scopes').selectAll().where('tenant_id', '=', tenantId).orderBy('scope').execute();
  return rows.map(toScopeState);
}

function toScopeState(r: Selectable<SyncScopesTable>): ScopeSummary {
  return { scope: r.scope, version: Number(r.version), epoch: r.epoch, minVersion: Number(r.min_version) };
}

export interface ChangeQuery {
  tenantId: string;
  scope: string;
  /** Rows strictly after this keyset position; `key: null` means after every row of `version`. */
  after: { version: number; key: [string, string] | null } | null;
  /** Tombstones at or below this version are left out (a bootstrap never held those rows). */
  skipTombstonesUpTo: number | null;
  limit: number;
}

/** The query behind `listChanges`, for statements that read several scopes at once. */
export function changesQuery(db: Db, q: ChangeQuery) {
  return db
    .selectFrom('sync_rows')
    .select(['entity', 'id', 'version', 'deleted', 'data'])
    .where('tenant_id', '=', q.tenantId)
    .where('scope', '=', q.scope)
    .$if(q.after !== null, (qb) => {
      const after = q.after!;
      return after.key === null
        ? qb.where('version', '>', String(after.version))
        : qb.where((eb) => eb(eb.refTuple('version', 'entity', 'id'), '>', eb.tuple(String(after.version), after.key![0], after.key![1])));
    })
    .$if(q.skipTombstonesUpTo !== null, (qb) =>
      qb.where((eb) => eb.or([eb('deleted', '=', false), eb('version', '>', String(q.skipTombstonesUpTo))])))
    .orderBy('version')
    .orderBy('entity')
    .orderBy('id')
    .limit(q.limit);
}

/** One page of a scope's rows in (version, entity, id) order. */
export async function listChanges(db: Db, q: ChangeQuery): Promise<SyncRowRead[]> {
  const rows = await changesQuery(db, q).execute();
  return rows.map((r) => ({ entity: r.entity, id: r.id, version: Number(r.version), deleted: r.deleted, data: r.data }));
}

/** Every live row of a scope, for the backfill's comparison. */
export async function listLiveRows(db: Db, tenantId: string, scope: string): Promise<{ entity: string; id: string; data: Record<string, unknown> | null }[]> {
  return db.selectFrom('sync_rows').select(['entity', 'id', 'data'])
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).where('deleted', '=', false).execute();
}

/** Scopes of a tenant that hold rows, for the backfill to notice a site that disappeared. */
export async function listScopeNames(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db.selectFrom('sync_scopes').select('scope').where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => r.scope);
}
