import { sql, type Kysely, type Transaction } from 'kysely';
import type { Entity } from '@capliquify/shared';
import { rawStatement } from '../replica/raw-statements';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

export interface ConfirmedRow { scope: string; entity: Entity; id: string; version: number; data: unknown }

/**
 * A power cut must not lose a scan: the outbox shares this file, so every commit is fsynced
 * (`synchronous=FULL`) instead of WAL's default `NORMAL`, which only survives application crashes.
 * Costs a few milliseconds per transaction; local writes are one transaction per command.
 */
export async function enableDurableWrites(db: Kysely<ReplicaDatabase>): Promise<void> {
  await sql`pragma synchronous = FULL`.execute(db);
}

export async function getConfirmedRow(db: Db, entity: Entity, id: string): Promise<ConfirmedRow | null> {
  const row = await db.selectFrom('confirmed_rows').selectAll().where('entity', '=', entity).where('id', '=', id).executeTakeFirst();
  return row ? { scope: row.scope, entity: row.entity as Entity, id: row.id, version: Number(row.version), data: JSON.parse(row.data) as unknown } : null;
}

const UPSERT_CONFIRMED = `insert into confirmed_rows (scope, entity, id, version, data, stale) values (?, ?, ?, ?, ?, 0)
  on conflict (entity, id) do update set scope = excluded.scope, version = excluded.version, data = excluded.data, stale = 0`;

/**
 * Upserts a pull page's confirmed rows with one prepared statement (bootstrap pages are thousands).
 * `entity` is any name: rows of an entity a newer server added are kept here too.
 */
export async function upsertConfirmedRows(trx: Transaction<ReplicaDatabase>, rows: readonly (Omit<ConfirmedRow, 'entity'> & { entity: string })[]): Promise<void> {
  const upsert = rawStatement(trx, UPSERT_CONFIRMED);
  for (const r of rows) upsert.run(r.scope, r.entity, r.id, r.version, JSON.stringify(r.data));
}

export async function deleteConfirmedRow(db: Db, entity: string, id: string): Promise<void> {
  await db.deleteFrom('confirmed_rows').where('entity', '=', entity).where('id', '=', id).execute();
}

/** Marks a scope's rows as awaiting its re-bootstrap; they stay visible until it completes. */
export async function markScopeStale(db: Db, scope: string): Promise<void> {
  await db.updateTable('confirmed_rows').set({ stale: 1 }).where('scope', '=', scope).execute();
}

export async function listRowKeys(db: Db, filter: { scope?: string; staleOnly?: boolean }): Promise<{ entity: Entity; id: string }[]> {
  const rows = await db.selectFrom('confirmed_rows').select(['entity', 'id'])
    .$if(filter.scope !== undefined, (qb) => qb.where('scope', '=', filter.scope as string))
    .$if(filter.staleOnly === true, (qb) => qb.where('stale', '=', 1))
    .execute();
  return rows.map((r) => ({ entity: r.entity as Entity, id: r.id }));
}

export async function listCursors(db: Db): Promise<Record<string, string | null>> {
  const rows = await db.selectFrom('sync_cursors').selectAll().orderBy('scope').execute();
  return Object.fromEntries(rows.map((r) => [r.scope, r.cursor]));
}

export async function setCursor(db: Db, scope: string, cursor: string | null): Promise<void> {
  await db.insertInto('sync_cursors').values({ scope, cursor })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ cursor }))
    .execute();
}

export async function deleteCursor(db: Db, scope: string): Promise<void> {
  await db.deleteFrom('sync_cursors').where('scope', '=', scope).execute();
}
