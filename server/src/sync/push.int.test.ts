import { randomUUID } from 'node:crypto';
import { ErrorCode, type EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { enrollTestDevice, movementCommand, pullAll, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { readOnHand } from '../domains/inventory/stock-level.repo';
import { listDevices } from './devices.service';
import { rebuildScopes } from './rebuild-scopes.service';

describe.each(['postgres', 'pglite'] as const)('sync.push on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  const db = () => testDb.handle.db;
  const lastMutationId = async () => Number((await db().selectFrom('devices').select('last_mutation_id').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).last_mutation_id);
  const boltAtA1 = () => readOnHand(db(), 'tnt_demo', 'loc_a1', 'itm_bolt');

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-push');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  beforeEach(async () => {
    device = await enrollTestDevice(app, db());
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('applies commands once: a replayed batch (the response was lost) is acknowledged without effect', async () => {
    const before = await boltAtA1();
    const batch = [movementCommand(1, { quantity: 5 }), movementCommand(2, { kind: 'issue', quantity: 2 })];
    const first = await push(app, device.credential, batch);
    expect(first.data).toEqual({ lastMutationId: 2, rejections: [] });
    expect(await boltAtA1()).toBe(before + 3);
    const replay = await push(app, device.credential, batch);
    expect(replay.data).toEqual({ lastMutationId: 2, rejections: [] });
    const overlapping = await push(app, device.credential, [batch[1]!, movementCommand(3, { quantity: 1 })]);
    expect(overlapping.data).toEqual({ lastMutationId: 3, rejections: [] });
    expect(await boltAtA1()).toBe(before + 4);
  });

  it('replicates the new stock level to the site scope, so a pull shows it', async () => {
    const { cursors } = await pullAll(app, device.credential, {});
    await push(app, device.credential, [movementCommand(1, { locationId: 'loc_a2', itemId: 'itm_frame', quantity: 7 })]);
    const { pages } = await pullAll(app, device.credential, cursors);
    const changes = pages.flatMap((p) => p.changes).filter((c) => c.id === 'loc_a2|itm_frame');
    expect(changes).toEqual([{ scope: 'site:site_a', entity: 'stock_level', id: 'loc_a2|itm_frame', version: expect.any(Number), deleted: false, data: { siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_frame', onHand: expect.any(Number) } }]);
    expect(changes[0]!.data!.onHand).toBe(await readOnHand(db(), 'tnt_demo', 'loc_a2', 'itm_frame'));
    expect(pages.at(-1)!.lastMutationId).toBe(1);
  });

  it('refuses a gap with MUTATION_GAP and applies nothing', async () => {
    const before = await boltAtA1();
    const res = await push(app, device.credential, [movementCommand(2, {}), movementCommand(3, {})]);
    expect(res.status).toBe(409);
    expect(res.error?.data).toMatchObject({ code: ErrorCode.MutationGap, details: { lastMutationId: 0 } });
    const holey = await push(app, device.credential, [movementCommand(1, {}), movementCommand(3, {})]);
    expect(holey.error?.data).toMatchObject({ code: ErrorCode.MutationGap });
    expect(await boltAtA1()).toBe(before);
    expect(await lastMutationId()).toBe(0);
  });

  it('rejects poison commands for good, with reasons, while the later commands still apply', async () => {
    const before = await boltAtA1();
    const res = await push(app, device.credential, [
      movementCommand(1, { quantity: 1 }),
      movementCommand(2, { kind: 'issue', quantity: 1_000_000 }),
      { mutationId: 3, name: 'inventory.teleport', args: {}, createdAt: new Date().toISOString() },
      movementCommand(4, { quantity: 'lots' }),
      movementCommand(5, { siteId: 'site_x', locationId: 'loc_x1', itemId: 'itm_secret' }),
      movementCommand(6, { locationId: 'loc_nowhere' }),
      movementCommand(7, { quantity: 2 }),
    ]);
    expect(res.status).toBe(200);
    expect(res.data.lastMutationId).toBe(7);
    expect(res.data.rejections).toEqual([
      { mutationId: 2, name: 'inventory.recordMovement', code: ErrorCode.CommandRejected, reason: `Issue of 1000000 exceeds on-hand ${before + 1} of item BOLT-M8 at A-01.` },
      { mutationId: 3, name: 'inventory.teleport', code: ErrorCode.NotFound, reason: 'This server does not know the command "inventory.teleport".' },
      { mutationId: 4, name: 'inventory.recordMovement', code: ErrorCode.ValidationFailed, reason: expect.stringContaining('quantity') },
      { mutationId: 5, name: 'inventory.recordMovement', code: ErrorCode.Forbidden, reason: expect.stringContaining('cannot record movements at site site_x') },
      { mutationId: 6, name: 'inventory.recordMovement', code: ErrorCode.NotFound, reason: 'There is no location loc_nowhere at site site_a.' },
    ]);
    expect(await boltAtA1()).toBe(before + 3);
    const stored = await db().selectFrom('sync_rejections').select(['mutation_id', 'code', 'args']).where('device_id', '=', device.deviceId).orderBy('mutation_id').execute();
    expect(stored.map((r) => Number(r.mutation_id))).toEqual([2, 3, 4, 5, 6]);
    expect(stored[1]!.args).toEqual({});
    // The response was lost: the replay repeats the rejections the device never saw.
    const replay = await push(app, device.credential, [movementCommand(2, {}), movementCommand(3, {})]);
    expect(replay.data.rejections.map((r) => r.mutationId)).toEqual([2, 3]);
    expect((await listDevices(db(), 'tnt_demo')).find((d) => d.id === device.deviceId)?.rejections).toBe(5);
  });

  it('posts a movementId once even when it arrives under two mutation ids', async () => {
    const before = await boltAtA1();
    const movementId = randomUUID();
    const res = await push(app, device.credential, [movementCommand(1, { movementId, quantity: 4 }), movementCommand(2, { movementId, quantity: 4 })]);
    expect(res.data).toEqual({ lastMutationId: 2, rejections: [] });
    expect(await boltAtA1()).toBe(before + 4);
    const rows = await db().selectFrom('stock_movements').select('quantity').where('movement_id', '=', movementId).execute();
    expect(rows.map((r) => Number(r.quantity))).toEqual([4]);
  });

  describe('with a database that fails transiently on a marked movement', () => {
    beforeAll(async () => {
      // A real serialization failure raised by the database itself (SQLSTATE 40001), on demand.
      await sql`create function fail_marked() returns trigger language plpgsql as $$
        begin
          if new.reference = 'transient' then raise exception 'could not serialize access' using errcode = '40001'; end if;
          return new;
        end $$`.execute(db());
      await sql`create trigger fail_marked before insert on stock_movements for each row execute function fail_marked()`.execute(db());
    });
    afterAll(async () => {
      await sql`drop trigger if exists fail_marked on stock_movements`.execute(db());
    });

    it('stops the batch at a transient failure and returns what was done; the retry applies the rest', async () => {
      const before = await boltAtA1();
      const batch = [movementCommand(1, { quantity: 1 }), movementCommand(2, { quantity: 10, note: 'transient' }), movementCommand(3, { quantity: 100 })];
      const res = await push(app, device.credential, batch);
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ lastMutationId: 1, rejections: [] });
      expect(await boltAtA1()).toBe(before + 1);
      expect(await lastMutationId()).toBe(1);

      const stillFailing = await push(app, device.credential, batch.slice(1));
      expect(stillFailing.status).toBe(503);
      expect(stillFailing.error?.data).toMatchObject({ code: ErrorCode.ServiceUnavailable });
      expect(await lastMutationId()).toBe(1);

      await sql`drop trigger fail_marked on stock_movements`.execute(db());
      const retried = await push(app, device.credential, batch);
      expect(retried.data).toEqual({ lastMutationId: 3, rejections: [] });
      expect(await boltAtA1()).toBe(before + 111);
    });
  });
});
