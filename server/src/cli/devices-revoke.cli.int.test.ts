import { ErrorCode, type EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { openEvents } from '../../test/events';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { runScript } from '../../test/spawn';
import { deviceHeaders, enrollTestDevice, pull } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { connectRedis, createRedis } from '../redis/create-redis';
import { rebuildScopes } from '../sync/rebuild-scopes.service';

const MAIN = 'src/cli/main.ts';

async function expectRefusedAsRevoked(app: FastifyInstance, device: EnrollResponse): Promise<void> {
  const pulled = await pull(app, device.credential, {});
  expect(pulled.status).toBe(401);
  expect(pulled.error?.data).toMatchObject({ code: ErrorCode.DeviceRevoked });
  const events = await app.inject({ url: '/events', headers: deviceHeaders(device.credential) });
  expect(events.json()).toMatchObject({ code: ErrorCode.DeviceRevoked });
}

describe('devices revoke reaches a running API instance through Redis (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-revoke');
    await insertFixture(testDb.handle.db);
    await rebuildScopes(testDb.handle.db, 'tnt_demo');
    const redis = createRedis(TEST_REDIS_URL);
    expect(await connectRedis(redis)).toBe(true);
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    env = { DATABASE_URL: testDb.config.databaseUrl!, REDIS_URL: TEST_REDIS_URL };
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('ends the device’s event stream and refuses its next pull (CLI in this process)', async () => {
    const device = await enrollTestDevice(app, testDb.handle.db);
    const stream = await openEvents(app, device.credential);
    const res = await runCliHere(['devices', 'revoke', device.deviceId, '--json'], env);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(res.stdout)).toEqual({ command: 'devices revoke', deviceId: device.deviceId, revoked: true, broadcast: 'redis' });
    await stream.ended();
    await expectRefusedAsRevoked(app, device);
  });

  it('makes the API forget the cached credential when the CLI runs in another process', async () => {
    const device = await enrollTestDevice(app, testDb.handle.db);
    // Opening the stream caches the credential in this (the API's) process for 30 s.
    const stream = await openEvents(app, device.credential);
    const res = await runScript(MAIN, ['devices', 'revoke', device.deviceId], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`revoked ${device.deviceId}; every API instance was told over Redis: its event streams end and its next sync is refused\n`);
    await stream.ended();
    // Refused at once: only the message on the bus can have cleared the cache.
    await expectRefusedAsRevoked(app, device);
  });
});

describe('devices revoke on PGlite without Redis', () => {
  let testDb: TestDatabase;
  let device: EnrollResponse;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'cli-revoke-pglite');
    await insertFixture(testDb.handle.db);
    const app = await buildApp(loadServerConfig({}), { database: testDb.handle, logger: silentLogger() });
    device = await enrollTestDevice(app, testDb.handle.db);
    // The embedded database opens in one process at a time: the CLI gets it to itself.
    await app.close();
  });
  afterAll(() => testDb.cleanup());

  it('writes the database and says how long another process may still accept the device’s stream', async () => {
    const env = { CAPLIQUIFY_DATA_DIR: testDb.config.dataDir };
    const res = await runCliHere(['devices', 'revoke', device.deviceId], env);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe(`revoked ${device.deviceId}; its next sync is refused. Without REDIS_URL an API in another process is not told: an open event stream stays open and a new one is accepted for up to 30 s (credential cache)\n`);
    const listed = JSON.parse((await runCliHere(['devices', 'list', '--json'], env)).stdout) as { devices: { id: string; revokedAt: string | null }[] };
    expect(listed.devices.find((d) => d.id === device.deviceId)?.revokedAt).toEqual(expect.any(String));
  });
});
