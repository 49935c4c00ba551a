import { sql, type Kysely } from 'kysely';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase>;

/**
 * Whether this device recorded a count line at or after `since` (ISO) in a session still being
 * counted. A session can stay open for days; only recent scans mean someone is mid-count now.
 */
export async function countInProgress(db: Db, deviceId: string, since: string): Promise<boolean> {
  const row = await db.selectFrom('count_lines').innerJoin('count_sessions', 'count_sessions.id', 'count_lines.session_id')
    .select('count_lines.id')
    .where('count_sessions.status', '=', 'counting')
    .where('count_lines.device_id', '=', deviceId)
    .where('count_lines.counted_at', '>=', since)
    .limit(1).executeTakeFirst();
  return row !== undefined;
}

/** When the oldest command still in the outbox was made (ISO), null when it is empty. */
export async function oldestPendingAt(db: Db): Promise<string | null> {
  const row = await db.selectFrom('outbox').select('created_at').orderBy('mutation_id').limit(1).executeTakeFirst();
  return row?.created_at ?? null;
}

/**
 * Copies the WAL into the database file and empties it. True when it completed: every committed
 * write, the outbox's included, is then in the main file, whatever happens to the process next.
 */
export async function checkpointWal(db: Db): Promise<boolean> {
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return rows[0]?.busy === 0;
}
