import { sql, type Kysely } from 'kysely';
import type { CountLine, CountSession, CountSessionStatus } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { toLine } from './count-rows.repo';

type Db = Kysely<ReplicaDatabase>;

export interface SessionCounts { lineCount: number; countedRows: number; expectedRows: number }

/** Sessions newest first, with their documents. */
export async function listSessions(db: Db, status?: CountSessionStatus): Promise<CountSession[]> {
  const rows = await db.selectFrom('count_sessions').select('data')
    .$if(status !== undefined, (qb) => qb.where('status', '=', status as CountSessionStatus))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => JSON.parse(r.data) as CountSession);
}

/**
 * Per session: lines not voided, locations and items counted (known items only), rows expected.
 * Three grouped scans of the counting tables, whatever the number of sessions.
 */
export async function countSessionRows(db: Db, sessionIds: readonly string[]): Promise<Map<string, SessionCounts>> {
  const counts = new Map<string, SessionCounts>(sessionIds.map((id) => [id, { lineCount: 0, countedRows: 0, expectedRows: 0 }]));
  if (sessionIds.length === 0) return counts;
  const lines = await db.selectFrom('count_lines')
    .select((eb) => [
      'session_id', eb.fn.countAll<number>().as('lines'),
      sql<number>`count(distinct case when item_id is not null then location_id || '|' || item_id end)`.as('rows'),
    ])
    .where('voided', '=', 0).where('session_id', 'in', [...sessionIds]).groupBy('session_id').execute();
  for (const l of lines) {
    const c = counts.get(l.session_id);
    if (c) Object.assign(c, { lineCount: Number(l.lines), countedRows: Number(l.rows) });
  }
  const expected = await db.selectFrom('count_expected').select((eb) => ['session_id', eb.fn.countAll<number>().as('n')])
    .where('session_id', 'in', [...sessionIds]).groupBy('session_id').execute();
  for (const e of expected) {
    const c = counts.get(e.session_id);
    if (c) c.expectedRows = Number(e.n);
  }
  return counts;
}

/** Whether this station has commands about the session still waiting for the server. */
export async function sessionHasQueuedCommands(db: Db, sessionId: string): Promise<boolean> {
  const row = await db.selectFrom('outbox').select('mutation_id')
    .where(sql<string>`json_extract(args, '$.sessionId')`, '=', sessionId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * This device's latest line of the session that is not voided: what "undo" takes back. Latest as
 * recorded, not by `countedAt`, which can step back when a sync answer corrects the clock offset.
 * Rows are inserted in recording order: pulled lines in the server's commit order, pending ones
 * re-applied in outbox order after them.
 */
export async function lastDeviceLine(db: Db, sessionId: string, deviceId: string): Promise<CountLine | null> {
  const row = await db.selectFrom('count_lines').selectAll()
    .where('session_id', '=', sessionId).where('device_id', '=', deviceId).where('voided', '=', 0)
    .orderBy(sql`rowid`, 'desc').limit(1).executeTakeFirst();
  return row ? toLine(row) : null;
}

/** The sites this station replicates (its `site:<id>` scopes): where it may create sessions. */
export async function stationSiteIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('sync_cursors').select('scope').where('scope', 'like', 'site:%').execute();
  return rows.map((r) => r.scope.slice('site:'.length));
}
