import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseHandle, type DatabaseKind } from '../src/db/create-database';
import { migrateToLatest } from '../src/db/migrate';
import { TEST_DATABASE_URL } from './env';

export const BACKENDS: DatabaseKind[] = ['postgres', 'pglite'];

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface ScratchPostgres {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named PostgreSQL database on the test server; `drop()` removes it. */
export async function createScratchPostgres(label = 'test'): Promise<ScratchPostgres> {
  const name = `cq_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/** A fresh temporary folder for PGlite (and anything else a test writes); `remove()` deletes it. */
export async function createScratchDir(label = 'test'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `capliquify-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestDatabase {
  kind: DatabaseKind;
  handle: DatabaseHandle;
  /** The config fields that reach this database (for startApi, the CLI and the workers). */
  config: { databaseUrl: string | null; pgliteDir: string; dataDir: string };
  /** Makes the database unreachable for the open handle (drops it, or closes PGlite). */
  breakIt(): Promise<void>;
  /** Closes the handle and removes the database; safe after `breakIt`. */
  cleanup(): Promise<void>;
}

/** Opens a fresh database of `kind`, migrated unless `migrate: false`. */
export async function openTestDatabase(kind: DatabaseKind, label: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const scratch = await createScratchDir(label);
  const postgres = kind === 'postgres' ? await createScratchPostgres(label) : null;
  const config = { databaseUrl: postgres?.url ?? null, pgliteDir: path.join(scratch.dir, 'pglite'), dataDir: scratch.dir };
  const handle = await createDatabase(config);
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    kind,
    handle,
    config,
    breakIt: async () => {
      if (postgres) await postgres.drop();
      else await handle.close();
    },
    cleanup: async () => {
      await handle.close().catch(() => undefined);
      await postgres?.drop();
      await scratch.remove();
    },
  };
}
