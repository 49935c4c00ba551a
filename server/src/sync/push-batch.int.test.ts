import { ErrorCode, type EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { enrollTestDevice, movementCommand, pull, pullAll, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { readOnHand } from '../domains/inventory/stock-level.repo';
import { rebuildScopes } from './rebuild-scopes.service';

describe.each(['postgres', 'pglite'] as const)('push batches and shared pulls on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const db = () => testDb.handle.db;
  const siteVersion = async () => Number((await db().selectFrom('sync_scopes').select('version').where('scope', '=', 'site:site_a').executeTakeFirstOrThrow()).version);

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-batch');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('gives every row a batch writes to a scope one new version, and leaves a rejected command no row', async () => {
    const device = await enrollTestDevice(app, db());
    const before = await siteVersion();
    const frameAtA2 = await readOnHand(db(), 'tnt_demo', 'loc_a2', 'itm_frame');
    const res = await push(app, device.credential, [
      movementCommand(1, { quantity: 2 }),
      movementCommand(2, { locationId: 'loc_a2', itemId: 'itm_frame', kind: 'issue', quantity: frameAtA2 + 1 }),
      movementCommand(3, { locationId: 'loc_a1', itemId: 'itm_frame', quantity: 1.25 }),
      movementCommand(4, { quantity: 3 }),
    ]);
    expect(res.data.lastMutationId).toBe(4);
    expect(res.data.rejections.map((r) => [r.mutationId, r.code])).toEqual([[2, ErrorCode.CommandRejected]]);
    expect(await siteVersion()).toBe(before + 1);
    const rows = await db().selectFrom('sync_rows').select(['id', 'version', 'data']).where('scope', '=', 'site:site_a').where('version', '>', String(before)).orderBy('id').execute();
    expect(rows.map((r) => [r.id, Number(r.version), (r.data as { onHand: number }).onHand])).toEqual([
      ['loc_a1|itm_bolt', before + 1, await readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_bolt')],
      ['loc_a1|itm_frame', before + 1, await readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_frame')],
    ]);
  });

  it('applies a batch pushed twice at the same moment exactly once', async () => {
    const device = await enrollTestDevice(app, db());
    const before = await readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_bolt');
    const batch = [movementCommand(1, { quantity: 1 }), movementCommand(2, { quantity: 10 }), movementCommand(3, { quantity: 100 })];
    const results = await Promise.all([push(app, device.credential, batch), push(app, device.credential, batch)]);
    expect(results.map((r) => r.data)).toEqual([{ lastMutationId: 3, rejections: [] }, { lastMutationId: 3, rejections: [] }]);
    expect(await readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_bolt')).toBe(before + 111);
  });

  it('serves devices pulling the same page at once each its own lastMutationId', async () => {
    const devices: EnrollResponse[] = [];
    for (let i = 0; i < 6; i += 1) devices.push(await enrollTestDevice(app, db()));
    const { cursors } = await pullAll(app, devices[0]!.credential, {});
    for (const [i, device] of devices.entries()) {
      if (i > 0) expect((await push(app, device.credential, Array.from({ length: i }, (_, k) => movementCommand(k + 1, {})))).data.lastMutationId).toBe(i);
    }
    const pages = await Promise.all(devices.map((d) => pull(app, d.credential, cursors)));
    expect(pages.map((p) => p.data.lastMutationId)).toEqual([0, 1, 2, 3, 4, 5]);
    const changes = pages.map((p) => JSON.stringify([p.data.changes, p.data.cursors]));
    expect(new Set(changes).size).toBe(1);
    expect(pages[0]!.data.changes.map((c) => c.id)).toEqual(['loc_a1|itm_bolt']);
  });

  it('refuses a device revoked behind the server’s back (its credential still cached) on pull and push', async () => {
    const device = await enrollTestDevice(app, db());
    expect((await pull(app, device.credential, {})).status).toBe(200);
    await db().updateTable('devices').set({ revoked_at: new Date() }).where('id', '=', device.deviceId).execute();
    const pulled = await pull(app, device.credential, {});
    const pushed = await push(app, device.credential, [movementCommand(1, {})]);
    for (const res of [pulled, pushed]) expect(res.error?.data).toMatchObject({ code: ErrorCode.DeviceRevoked });
  });
});
