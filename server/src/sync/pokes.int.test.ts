import type { EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { openEvents } from '../../test/events';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { enrollTestDevice, movementCommand, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { createDatabase, type DatabaseHandle } from '../db/create-database';
import { connectRedis, createRedis } from '../redis/create-redis';
import { rebuildScopes } from './rebuild-scopes.service';

const config = loadServerConfig({});

async function seed(testDb: TestDatabase): Promise<void> {
  await insertFixture(testDb.handle.db);
  await testDb.handle.db.insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'WH-B', name: 'Warehouse B', kind: 'warehouse', timezone: 'UTC' }).execute();
  await testDb.handle.db.insertInto('locations').values({ id: 'loc_b1', tenant_id: 'tnt_demo', site_id: 'site_b', code: 'B-01', name: 'Bay 1' }).execute();
  await rebuildScopes(testDb.handle.db, 'tnt_demo');
}

describe('SSE pokes in one process (PGlite, in-process bus)', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'sync-pokes');
    await seed(testDb);
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('pokes a device whose scope changed, and only for its own scopes', async () => {
    expect(app.pokeBus.kind).toBe('in-process');
    const atA = await enrollTestDevice(app, testDb.handle.db, 'site_a');
    const atB = await enrollTestDevice(app, testDb.handle.db, 'site_b');
    const streamA = await openEvents(app, atA.credential);
    const streamB = await openEvents(app, atB.credential);
    expect(streamA.contentType).toMatch(/^text\/event-stream/);
    await push(app, atA.credential, [movementCommand(1, {})]);
    expect((await streamA.nextPoke()).scopes).toEqual(['site:site_a']);
    await push(app, atB.credential, [movementCommand(1, { siteId: 'site_b', locationId: 'loc_b1' })]);
    // B's first poke is its own site's: the change at site A never reached it.
    expect((await streamB.nextPoke()).scopes).toEqual(['site:site_b']);
    await streamA.close();
    await streamB.close();
  });
});

describe('SSE pokes across two API instances on one PostgreSQL and Redis', () => {
  let testDb: TestDatabase;
  let second: DatabaseHandle;
  let apiA: FastifyInstance;
  let apiB: FastifyInstance;
  let atA: EnrollResponse;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'sync-pokes-2');
    await seed(testDb);
    second = await createDatabase(testDb.config);
    const instance = async (database: DatabaseHandle) => {
      const redis = createRedis(TEST_REDIS_URL);
      expect(await connectRedis(redis)).toBe(true);
      const app = await buildApp(config, { database, redis, logger: silentLogger() });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return app;
    };
    apiA = await instance({ ...testDb.handle, close: async () => {} });
    apiB = await instance(second);
    atA = await enrollTestDevice(apiA, testDb.handle.db, 'site_a');
  });
  afterAll(async () => {
    await apiA?.close();
    await apiB?.close();
    await testDb.cleanup();
  });

  it('a push through instance A pokes a device streaming from instance B', async () => {
    expect(apiB.pokeBus.kind).toBe('redis');
    const atB = await enrollTestDevice(apiB, second.db, 'site_b');
    const streamA = await openEvents(apiB, atA.credential);
    const streamB = await openEvents(apiB, atB.credential);
    const pushed = await push(apiA, atA.credential, [movementCommand(1, { quantity: 2 })]);
    expect(pushed.data).toEqual({ lastMutationId: 1, rejections: [] });
    const poke = await streamA.nextPoke();
    expect(poke.scopes).toEqual(['site:site_a']);
    expect(Date.parse(poke.at)).not.toBeNaN();
    await push(apiA, atB.credential, [movementCommand(1, { siteId: 'site_b', locationId: 'loc_b1' })]);
    expect((await streamB.nextPoke()).scopes).toEqual(['site:site_b']);
    await streamA.close();
    await streamB.close();
  });

  it('closes open event streams when the app closes', async () => {
    const stream = await openEvents(apiB, atA.credential);
    await apiB.close();
    await expect(stream.nextPoke()).rejects.toThrow(/ended/);
  });
});
