import { ErrorCode, type EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { deviceHeaders, enrollTestDevice, movementCommand, mutate, postPull, pull, push, VERSION_HEADERS } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { DEVICE_REVOKED_MESSAGE } from './device-auth.service';
import { listDevices, revokeDevice } from './devices.service';
import { createEnrollmentCode } from './enrollment.service';
import { rebuildScopes } from './rebuild-scopes.service';

describe.each(['postgres', 'pglite'] as const)('device enrollment and authentication on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-auth');
    await insertFixture(testDb.handle.db);
    await rebuildScopes(testDb.handle.db, 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('trades a one-time code for a device at its site, and stores neither the code nor the secret', async () => {
    const { code } = await createEnrollmentCode(testDb.handle.db, { tenantId: 'tnt_demo', siteId: 'site_a', name: 'Dock scanner' });
    const typed = code.toLowerCase().replaceAll('-', ' ');
    const res = await mutate<EnrollResponse>(app, 'sync.enroll', { code: typed, name: 'PC-17', appVersion: '0.1.0' });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ deviceId: expect.stringMatching(/^dev_/), credential: expect.stringMatching(/^dev_\w+\.[\w-]{40,}$/), siteId: 'site_a', scopes: ['catalog', 'site:site_a'] });
    const [secret] = res.data.credential.split('.').slice(1);
    const stored = JSON.stringify(await testDb.handle.db.selectFrom('devices').selectAll().execute())
      + JSON.stringify(await testDb.handle.db.selectFrom('device_enrollment_codes').selectAll().execute());
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(code.replaceAll('-', ''));
    expect((await listDevices(testDb.handle.db, 'tnt_demo')).find((d) => d.id === res.data.deviceId)).toMatchObject({ name: 'Dock scanner', siteId: 'site_a', appVersion: '0.1.0', lastMutationId: 0 });

    const again = await mutate(app, 'sync.enroll', { code, name: 'PC-18' });
    expect(again.status).toBe(401);
    expect(again.error?.message).toMatch(/already used/);
  });

  it('refuses an expired code and an unknown code', async () => {
    const { code } = await createEnrollmentCode(testDb.handle.db, { tenantId: 'tnt_demo', siteId: 'site_a' });
    await testDb.handle.db.updateTable('device_enrollment_codes').set({ expires_at: new Date(Date.now() - 1_000) }).where('used_at', 'is', null).execute();
    const expired = await mutate(app, 'sync.enroll', { code, name: 'PC' });
    expect(expired.status).toBe(401);
    expect(expired.error?.message).toMatch(/expired/);
    const unknown = await mutate(app, 'sync.enroll', { code: 'AAAA-BBBB-CCCC', name: 'PC' });
    expect(unknown.status).toBe(401);
    expect(unknown.error?.data).toMatchObject({ code: ErrorCode.Unauthorized });
  });

  it('lets exactly one of two devices racing with one code enroll', async () => {
    const { code } = await createEnrollmentCode(testDb.handle.db, { tenantId: 'tnt_demo', siteId: 'site_a' });
    const results = await Promise.all([mutate(app, 'sync.enroll', { code, name: 'A' }), mutate(app, 'sync.enroll', { code, name: 'B' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('answers 401 to every sync call without a credential or with a wrong one', async () => {
    const device = await enrollTestDevice(app, testDb.handle.db);
    const wrongSecret = `${device.deviceId}.${'x'.repeat(43)}`;
    for (const headers of [VERSION_HEADERS, deviceHeaders(wrongSecret), deviceHeaders('dev_nobody.abc'), { ...VERSION_HEADERS, authorization: `Bearer ${device.credential}` }]) {
      const pulled = await postPull(app, { cursors: {} }, headers);
      const pushed = await mutate(app, 'sync.push', { commands: [movementCommand(1, {})] }, headers);
      const events = await app.inject({ url: '/events', headers });
      for (const status of [pulled.status, pushed.status, events.statusCode]) expect(status).toBe(401);
      expect(pulled.error?.data).toMatchObject({ code: ErrorCode.Unauthorized });
      expect(events.json()).toMatchObject({ code: ErrorCode.Unauthorized, status: 401 });
    }
    expect((await pull(app, device.credential, {})).status).toBe(200);
  });

  it('answers a revoked device DEVICE_REVOKED with the message the desktop shows', async () => {
    const device = await enrollTestDevice(app, testDb.handle.db);
    expect((await push(app, device.credential, [movementCommand(1, {})])).status).toBe(200);
    await revokeDevice(testDb.handle.db, device.deviceId);
    const pushed = await push(app, device.credential, [movementCommand(2, {})]);
    const pulled = await pull(app, device.credential, {});
    const events = await app.inject({ url: '/events', headers: deviceHeaders(device.credential) });
    for (const res of [pushed, pulled]) {
      expect(res.status).toBe(401);
      expect(res.error?.message).toBe(DEVICE_REVOKED_MESSAGE);
      expect(res.error?.data).toMatchObject({ code: ErrorCode.DeviceRevoked });
    }
    expect(events.statusCode).toBe(401);
    expect(events.json()).toMatchObject({ code: ErrorCode.DeviceRevoked, detail: DEVICE_REVOKED_MESSAGE });
    const row = await testDb.handle.db.selectFrom('devices').select('last_mutation_id').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(Number(row.last_mutation_id)).toBe(1);
  });

  it('answers UPDATE_REQUIRED to sync calls from a client outside the supported range', async () => {
    const device = await enrollTestDevice(app, testDb.handle.db);
    const old = { ...deviceHeaders(device.credential), 'x-capliquify-protocol': '0' };
    const pushed = await mutate(app, 'sync.push', { commands: [movementCommand(1, {})] }, old);
    const pulled = await postPull(app, { cursors: {} }, { ...deviceHeaders(device.credential), 'x-capliquify-schema': '99' });
    const enrolled = await mutate(app, 'sync.enroll', { code: 'AAAA-BBBB-CCCC', name: 'x' }, { 'x-capliquify-protocol': '2' });
    for (const res of [pushed, pulled, enrolled]) {
      expect(res.status).toBe(412);
      expect(res.error?.data).toMatchObject({ code: ErrorCode.UpdateRequired });
    }
    const events = await app.inject({ url: '/events', headers: old });
    expect(events.statusCode).toBe(412);
    const row = await testDb.handle.db.selectFrom('devices').select('last_mutation_id').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(Number(row.last_mutation_id)).toBe(0);
  });
});
