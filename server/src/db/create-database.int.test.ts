import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, createScratchPostgres, openTestDatabase, type TestDatabase } from '../../test/databases';
import { StartupError } from '../errors/startup.error';
import { createDatabase } from './create-database';
import { migrationState, migrateToLatest } from './migrate';
import { migrations } from './migrations';

describe.each(['postgres', 'pglite'] as const)('database on %s', (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'create-db', { migrate: false });
  });
  afterAll(() => testDb.cleanup());

  it('migrates an empty database, then has nothing pending', async () => {
    expect((await migrationState(testDb.handle.db)).pending).toContain('0001-initial');
    await migrateToLatest(testDb.handle.db);
    expect(await migrationState(testDb.handle.db)).toEqual({ applied: Object.keys(migrations), pending: [] });
    expect(await migrateToLatest(testDb.handle.db)).toEqual([]);
    const tables = await testDb.handle.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['tenants', 'items', 'stock_movements']));
  });

  it('reports its kind and answers a ping', async () => {
    expect(testDb.handle.kind).toBe(kind);
    await expect(testDb.handle.ping()).resolves.toBeUndefined();
  });
});

describe('createDatabase start-up failures', () => {
  async function startupError(config: { databaseUrl: string | null; pgliteDir: string }): Promise<StartupError> {
    const error: unknown = await createDatabase(config).then(
      (handle) => handle.close().then(() => new Error('expected a StartupError')),
      (e: unknown) => e,
    );
    if (error instanceof StartupError) return error;
    throw error;
  }

  it('turns a refused PostgreSQL connection into one human line', async () => {
    const error = await startupError({ databaseUrl: 'postgres://postgres@127.0.0.1:1/capliquify', pgliteDir: '/unused' });
    expect(error.message).toBe('cannot reach PostgreSQL at 127.0.0.1:1 (connection refused); check DATABASE_URL');
  });

  it('names a missing database and hides the password', async () => {
    const scratch = await createScratchPostgres('missing');
    await scratch.drop();
    const url = new URL(scratch.url);
    url.password = 'hunter2';
    const error = await startupError({ databaseUrl: url.toString(), pgliteDir: '/unused' });
    expect(error.message).toMatch(/^cannot reach PostgreSQL at [^ ]+ \(database does not exist\); check DATABASE_URL$/);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a PGlite folder another live process holds', async () => {
    const scratch = await createScratchDir('lock');
    const first = await createDatabase({ databaseUrl: null, pgliteDir: `${scratch.dir}/pglite` });
    try {
      const { writeFile } = await import('node:fs/promises');
      // The parent of this test process stands in for another server holding the folder.
      await writeFile(`${scratch.dir}/pglite/capliquify.lock`, String(process.ppid));
      const error = await startupError({ databaseUrl: null, pgliteDir: `${scratch.dir}/pglite` });
      expect(error.message).toBe(`the embedded database in ${scratch.dir}/pglite is in use by process ${process.ppid}; stop it first or set DATABASE_URL`);
    } finally {
      await first.close();
      await scratch.remove();
    }
  });

  it('takes over a lock left by a process that is gone, and keeps the data', async () => {
    const scratch = await createScratchDir('stale');
    const dir = `${scratch.dir}/pglite`;
    try {
      const first = await createDatabase({ databaseUrl: null, pgliteDir: dir });
      await migrateToLatest(first.db);
      await first.db.insertInto('tenants').values({ id: 't1', name: 'T', base_currency: 'EUR' }).execute();
      await first.close();
      const { writeFile } = await import('node:fs/promises');
      await writeFile(`${dir}/capliquify.lock`, '999999999');
      const second = await createDatabase({ databaseUrl: null, pgliteDir: dir });
      expect(await second.db.selectFrom('tenants').select('id').execute()).toEqual([{ id: 't1' }]);
      await second.close();
    } finally {
      await scratch.remove();
    }
  });
});
