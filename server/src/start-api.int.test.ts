import { SYNC_PULL_PATH, type EnrollResponse, type PullResponse } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, createScratchPostgres, openTestDatabase } from '../test/databases';
import { silentLogger } from '../test/logs';
import { runScript } from '../test/spawn';
import { VERSION_HEADERS, deviceHeaders } from '../test/sync';
import { buildApp } from './app';
import { loadServerConfig, type ServerConfig } from './config';
import type { SeedDemoData } from './db/seed-demo.port';
import { StartupError } from './errors/startup.error';
import { startApi } from './start-api';
import { createEnrollmentCode } from './sync/enrollment.service';

function configFor(env: NodeJS.ProcessEnv): ServerConfig {
  return loadServerConfig({ PORT: '0', DEMO_DATA: 'none', ...env });
}

// Records what start-up asked of the demo generator; the generator itself is tested in domains/demo.
function recordingSeed(calls: Parameters<SeedDemoData>[1][]): SeedDemoData {
  return async (db, opts) => {
    calls.push(opts);
    await db.insertInto('tenants').values({ id: 'tnt_demo', name: 'Demo', base_currency: 'EUR' }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('sites').values({ id: 'site_demo', tenant_id: 'tnt_demo', code: 'PLANT-1', name: 'Plant 1', kind: 'plant', timezone: 'Europe/London' })
      .onConflict((oc) => oc.doNothing()).execute();
    return { seeded: true, counts: { tenants: 1 } };
  };
}

describe('startApi', () => {
  let scratch: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    scratch = await createScratchDir('start');
  });
  afterAll(() => scratch.remove());

  it('migrates an empty PGlite folder, seeds it per DEMO_DATA and serves over HTTP', async () => {
    const calls: Parameters<SeedDemoData>[1][] = [];
    const api = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: scratch.dir, DEMO_DATA: 'small' }), {
      logger: silentLogger(), seedDemoData: recordingSeed(calls), demoEndDate: '2026-06-30',
    });
    try {
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(calls).toEqual([expect.objectContaining({ size: 'small', endDate: '2026-06-30' })]);
      const info = await fetch(`${api.url}/trpc/system.info`).then((r) => r.json()) as { result: { data: { database: string } } };
      expect(info.result.data.database).toBe('pglite');
      // What was seeded is replicated and served: a device enrolled over HTTP pulls the seeded site.
      const { code } = await createEnrollmentCode(api.db, { tenantId: 'tnt_demo', siteId: 'site_demo' });
      const post = (path: string, headers: Record<string, string>, body: unknown) =>
        fetch(`${api.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const enrolled = await post('/trpc/sync.enroll', VERSION_HEADERS, { code, name: 'Start test' });
      expect(enrolled.status).toBe(200);
      const { credential } = ((await enrolled.json()) as { result: { data: EnrollResponse } }).result.data;
      const pulled = await post(SYNC_PULL_PATH, deviceHeaders(credential), { cursors: {} });
      expect(pulled.status).toBe(200);
      const page = (await pulled.json()) as PullResponse;
      expect(page.changes.find((c) => c.entity === 'site')?.data).toEqual({ id: 'site_demo', code: 'PLANT-1', name: 'Plant 1', kind: 'plant', timezone: 'Europe/London' });
    } finally {
      await api.close();
    }
  });

  it('does not seed when DEMO_DATA=none and reopens the same folder after close', async () => {
    const calls: Parameters<SeedDemoData>[1][] = [];
    const api = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: scratch.dir }), { logger: silentLogger(), seedDemoData: recordingSeed(calls) });
    await api.close();
    await api.close();
    expect(calls).toEqual([]);
  });

  it('runs on PostgreSQL from DATABASE_URL', async () => {
    const pg = await createScratchPostgres('start');
    try {
      const api = await startApi(configFor({ DATABASE_URL: pg.url }), { logger: silentLogger() });
      const ready = await fetch(`${api.url}/readyz`).then((r) => r.json());
      await api.close();
      expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'not-configured' } });
    } finally {
      await pg.drop();
    }
  });

  it('reports a taken port as a one-line StartupError and releases the database', async () => {
    const first = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: scratch.dir }), { logger: silentLogger() });
    const port = new URL(first.url).port;
    await first.close();
    const blocker = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: `${scratch.dir}/other`, PORT: port }), { logger: silentLogger() });
    try {
      const error = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: scratch.dir, PORT: port }), { logger: silentLogger() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toBe(`cannot listen on 127.0.0.1:${port} (already in use); check HOST and PORT`);
      // The failed start closed its PGlite: the folder opens again.
      const again = await startApi(configFor({ CAPLIQUIFY_DATA_DIR: scratch.dir }), { logger: silentLogger() });
      await again.close();
    } finally {
      await blocker.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then closes the database', async () => {
    const testDb = await openTestDatabase('pglite', 'shutdown');
    const app = await buildApp(configFor({}), { database: testDb.handle, logger: silentLogger() });
    let entered!: () => void;
    let release!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/test/slow', { config: { access: 'public' } }, async () => {
      entered();
      await gate;
      const { rows } = await testDb.handle.db.selectFrom('tenants').select('id').execute().then((r) => ({ rows: r }));
      return { finished: true, tenants: rows.length };
    });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = fetch(`${url}/test/slow`);
      await inHandler;
      let closed = false;
      const closing = app.close().then(() => {
        closed = true;
      });
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(closed).toBe(false);
      release();
      const res = await response;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ finished: true, tenants: 0 });
      await closing;
      await expect(testDb.handle.ping()).rejects.toThrow();
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await testDb.cleanup();
    }
  });
});

describe('server entry (src/server.ts)', () => {
  it.each([
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/capliquify' }, 'capliquify: cannot reach PostgreSQL at 127.0.0.1:1 (connection refused); check DATABASE_URL'],
    [{ PORT: 'abc' }, 'capliquify: PORT must be an integer 0–65535 (got "abc")'],
  ])('prints one line and exits 1 for %o', async (env, line) => {
    const res = await runScript('src/server.ts', [], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`${line}\n`);
  });
});
