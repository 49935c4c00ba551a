import type { EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { emptyReplica, serverImage, sortedObject, syncReplica, type TestReplica } from '../../test/replica';
import { enrollTestDevice, movementCommand, pull, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { compactTombstonesJob } from '../jobs/compact-tombstones.job';
import { compactTombstones } from './compaction.service';
import { rebuildScopes } from './rebuild-scopes.service';

const SITE = 'site:site_a';
const SCOPES = ['catalog', SITE];

describe.each(BACKENDS)('tombstone compaction on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let writer: EnrollResponse;
  let mutationId = 0;
  const db = () => testDb.handle.db;
  const record = async (args: Record<string, unknown>) => {
    mutationId += 1;
    const res = await push(app, writer.credential, [movementCommand(mutationId, args)]);
    expect(res.data.rejections).toEqual([]);
  };
  /** Empties a stock level (its row becomes a tombstone) and returns the tombstone's version. */
  const tombstone = async (locationId: string, itemId: string) => {
    await record({ kind: 'receipt', locationId, itemId, quantity: 2 });
    const { data } = await db().selectFrom('sync_rows').select('data').where('scope', '=', SITE).where('id', '=', `${locationId}|${itemId}`).executeTakeFirstOrThrow();
    await record({ kind: 'issue', locationId, itemId, quantity: (data as { onHand: number }).onHand });
    const row = await db().selectFrom('sync_rows').select(['version', 'deleted']).where('scope', '=', SITE).where('id', '=', `${locationId}|${itemId}`).executeTakeFirstOrThrow();
    expect(row.deleted).toBe(true);
    return Number(row.version);
  };
  /** Makes rows look written `days` ago, as they would be on a server that has run that long. */
  const age = (ids: string[], days: number) => db().updateTable('sync_rows')
    .set({ updated_at: sql`now() - make_interval(days => ${days})` }).where('scope', '=', SITE).where('id', 'in', ids).execute();
  const tombstoneIds = async () => (await db().selectFrom('sync_rows').select('id').where('scope', '=', SITE).where('deleted', '=', true).orderBy('id').execute()).map((r) => r.id);
  const liveRows = () => db().selectFrom('sync_rows').select(['scope', 'entity', 'id', 'version']).where('deleted', '=', false).orderBy('scope').orderBy('entity').orderBy('id').execute();
  const scopes = () => db().selectFrom('sync_scopes').select(['scope', 'version', 'epoch', 'min_version']).orderBy('scope').execute();
  const expectConverged = async (replica: TestReplica) => {
    expect(sortedObject(replica.rows)).toEqual(sortedObject(await serverImage(db(), 'tnt_demo', SCOPES)));
  };
  const job = () => compactTombstonesJob.perform({ keepDays: 30 }, { db: db(), log: silentLogger(), jobId: 'test', attempt: 1, progress: async () => {} });

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-compaction');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    writer = await enrollTestDevice(app, db());
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('drops only old tombstones, resets a device that last pulled before them and lets a recent one pull on', async () => {
    const stale = emptyReplica();
    const recent = emptyReplica();
    const staleCredential = (await enrollTestDevice(app, db())).credential;
    await syncReplica(app, staleCredential, stale);

    const old = await tombstone('loc_a1', 'itm_frame');
    const recentCredential = (await enrollTestDevice(app, db())).credential;
    await syncReplica(app, recentCredential, recent);
    const kept = await tombstone('loc_a2', 'itm_frame');
    await record({ kind: 'receipt', locationId: 'loc_a1', itemId: 'itm_bolt', quantity: 3 });
    // Everything but the newest tombstone is old, live rows included: age alone never deletes a live row.
    await db().updateTable('sync_rows').set({ updated_at: sql`now() - make_interval(days => 40)` }).where('id', '!=', 'loc_a2|itm_frame').execute();
    const live = await liveRows();

    expect(await job()).toEqual({ tnt_demo: [{ scope: SITE, deleted: 1, minVersion: old }], tnt_other: [] });
    expect(await tombstoneIds()).toEqual(['loc_a2|itm_frame']);
    expect(await liveRows()).toEqual(live);
    expect((await scopes()).find((s) => s.scope === SITE)).toMatchObject({ min_version: String(old) });
    expect(kept).toBeGreaterThan(old);

    // The stale device's cursor is below the deleted tombstone: it would keep a row the server deleted.
    const staleAnswer = await pull(app, staleCredential, stale.cursors);
    expect(staleAnswer.data.resetScopes).toEqual([SITE]);
    await syncReplica(app, staleCredential, stale);
    await expectConverged(stale);
    expect(stale.rows.has(`${SITE}/stock_level/loc_a1|itm_frame`)).toBe(false);

    const pages = await syncReplica(app, recentCredential, recent);
    expect(pages.flatMap((p) => p.resetScopes)).toEqual([]);
    expect(pages.flatMap((p) => p.changes).filter((c) => c.deleted).map((c) => c.id)).toEqual(['loc_a2|itm_frame']);
    await expectConverged(recent);
  });

  it('changes nothing when run again', async () => {
    const before = { scopes: await scopes(), rows: await db().selectFrom('sync_rows').selectAll().orderBy('scope').orderBy('entity').orderBy('id').execute() };
    expect(await job()).toEqual({ tnt_demo: [], tnt_other: [] });
    expect({ scopes: await scopes(), rows: await db().selectFrom('sync_rows').selectAll().orderBy('scope').orderBy('entity').orderBy('id').execute() }).toEqual(before);
  });

  it('keeps every tombstone above the oldest one written within the window, whatever its age', async () => {
    const below = await tombstone('loc_a1', 'itm_frame');
    const inWindow = await tombstone('loc_a2', 'itm_frame');
    const above = await tombstone('loc_a2', 'itm_bolt');
    await age(['loc_a1|itm_frame', 'loc_a2|itm_bolt'], 40);
    await age(['loc_a2|itm_frame'], 10);
    expect(below).toBeLessThan(inWindow);
    expect(inWindow).toBeLessThan(above);

    expect(await compactTombstones(db(), 'tnt_demo', { keepDays: 30 })).toEqual([{ scope: SITE, deleted: 1, minVersion: below }]);
    expect(await tombstoneIds()).toEqual(['loc_a2|itm_bolt', 'loc_a2|itm_frame']);
    // A shorter window lets the 10-day-old tombstone go, and the old one above it with it.
    expect(await compactTombstones(db(), 'tnt_demo', { keepDays: 5 })).toEqual([{ scope: SITE, deleted: 2, minVersion: above }]);
    expect(await tombstoneIds()).toEqual([]);
  });

  it('bootstraps a new device in small pages after compaction without a reset', async () => {
    const fresh = emptyReplica();
    const pages = await syncReplica(app, (await enrollTestDevice(app, db())).credential, fresh, 1);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.flatMap((p) => p.resetScopes)).toEqual([]);
    await expectConverged(fresh);
  });
});
