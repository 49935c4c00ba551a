import { SYNC_PULL_PATH, type EnrollResponse, type PullResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { VERSION_HEADERS, deviceHeaders, enrollTestDevice } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { rebuildScopes } from './rebuild-scopes.service';

describe.each(['postgres', 'pglite'] as const)('POST /sync/pull on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  const post = (body: unknown, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: SYNC_PULL_PATH, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-pull-route');
    await insertFixture(testDb.handle.db);
    await rebuildScopes(testDb.handle.db, 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: testDb.handle, logger: silentLogger() });
    device = await enrollTestDevice(app, testDb.handle.db);
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('bootstraps a device with its scopes: the catalog and its own site', async () => {
    const res = await post({ cursors: {} }, deviceHeaders(device.credential));
    expect(res.statusCode).toBe(200);
    const page = res.json() as PullResponse;
    expect(page.scopes).toEqual(['catalog', 'site:site_a']);
    const keys = page.changes.map((c) => `${c.scope}/${c.entity}/${c.id}`);
    expect(keys).toContain('catalog/item/itm_bolt');
    expect(keys).toContain('site:site_a/site/site_a');
    expect(keys.some((k) => k.includes('itm_secret') || k.includes('site_x'))).toBe(false);
  });

  it('refuses a caller without a device credential as problem+json 401', async () => {
    const res = await post({ cursors: {} }, VERSION_HEADERS);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', requestId: res.headers['x-request-id'] });
  });

  it('names the bad field of a malformed request', async () => {
    const res = await post({ cursors: { catalog: 42 } }, deviceHeaders(device.credential));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.json())).toContain('/cursors/catalog');
  });

  it('tells a client outside the protocol range that an update is required', async () => {
    const res = await post({ cursors: {} }, { ...deviceHeaders(device.credential), 'x-capliquify-protocol': '999' });
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: 'UPDATE_REQUIRED' });
  });
});
