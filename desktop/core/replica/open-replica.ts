import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateReplica } from './migrate-replica';
import { registerRawSqlite } from './raw-statements';
import type { ReplicaDatabase } from './replica.schema';

export interface Replica {
  db: Kysely<ReplicaDatabase>;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the replica file and migrates it. Pass `':memory:'` in tests.
 *
 * WAL lets the renderer's reads run while a snapshot page is written. `synchronous=NORMAL` is safe
 * against application crashes and only risks the last commits on a power cut; that is acceptable
 * here because the replica holds nothing but copies of server state that the next sync fetches
 * again. The outbox of unsent commands (a later issue) must not accept that window: it gets
 * `synchronous=FULL` or its own database.
 */
export async function openReplica(file: string): Promise<Replica> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A second process (a stray host, a test) holding the lock should delay us, not fail us.
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<ReplicaDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  registerRawSqlite(db, sqlite);
  try {
    await migrateReplica(db as unknown as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, close: () => db.destroy() };
}
