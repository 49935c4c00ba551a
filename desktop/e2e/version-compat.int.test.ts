// Old clients against a new server and the reverse, each a real engine against a real server that
// is redeployed with another accepted range on the same database: inside the range a station
// syncs; outside it the station stops, says which side must update and keeps its outbox; after the
// update nothing is lost and nothing counts twice. Also data a newer server sends that this build
// does not know (an entity, extra fields) must not break its pull.
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../server/test/databases';
import { waitForStatus } from '../core/sync-engine/test/engine-harness';
import { openBackOffice, ledgerCounts, openStation, replicaStock, serverStock, startTestServer, TENANT, type Station, type TestServer } from './support/sync-server';

const accepts = (protocol: [number, number]) => ({ protocol: { min: protocol[0], max: protocol[1] }, schema: { min: 1, max: 1 } });

describe.each(BACKENDS)('version compatibility on %s', (backend) => {
  let server: TestServer | null = null;
  const stations: Station[] = [];
  afterEach(async () => {
    for (const s of stations.splice(0)) {
      await s.quit().catch(() => undefined);
      await s.network.close();
    }
    await server?.close();
    server = null;
  });

  async function open(file: string, options: Parameters<typeof openStation>[2] = {}, from?: Station): Promise<Station> {
    const station = await openStation(server!, path.join(server!.database.config.dataDir, file), options, from?.network);
    if (!from) stations.push(station);
    else stations[stations.indexOf(from)] = station;
    return station;
  }

  /** Queues three movements while the station's network is down. */
  async function queueOffline(station: Station): Promise<string[]> {
    station.network.setMode('offline');
    await station.record('receipt', 'loc_a1', 'itm_bolt', 5);
    await station.record('issue', 'loc_a1', 'itm_bolt', 2);
    await station.record('receipt', 'loc_a2', 'itm_frame', 1);
    station.network.setMode('online');
    return station.queued.map((q) => q.movementId);
  }

  async function expectConverged(station: Station, movementIds: string[]): Promise<void> {
    expect(station.engine.status.get()).toMatchObject({ connection: 'online', lastError: null, pendingCount: 0, updateRequired: false });
    expect([...(await ledgerCounts(server!.db(), movementIds)).values()]).toEqual(movementIds.map(() => 1));
    expect(await replicaStock(station)).toEqual(await serverStock(server!.db()));
  }

  it('a) a client at the oldest version the server still accepts syncs normally', async () => {
    server = await startTestServer(backend, 'compat-a', { supportedVersions: accepts([1, 2]) });
    const old = await open('old.sqlite', { versions: { protocolVersion: 1 } });
    const current = await open('new.sqlite', { versions: { protocolVersion: 2 } });
    for (const station of [old, current]) {
      const ids = await queueOffline(station);
      await station.engine.syncNow();
      await expectConverged(station, ids);
    }
    await old.engine.syncNow();
    expect(await replicaStock(old)).toEqual(await serverStock(server.db()));
  });

  it('b) a client older than the server accepts stops, keeps its outbox, and after its update pushes it exactly once', async () => {
    server = await startTestServer(backend, 'compat-b', { supportedVersions: accepts([1, 2]) });
    let station = await open('station.sqlite', { versions: { protocolVersion: 1 } });
    await station.engine.syncNow();
    const ids = await queueOffline(station);
    // The server drops protocol 1 while the station is offline.
    await server.redeploy({ supportedVersions: accepts([2, 2]) });

    const stopped = await station.engine.syncNow();
    expect(stopped).toMatchObject({ updateRequired: true, connection: 'online', pendingCount: 3, nextRetryAt: null });
    expect(stopped.lastError).toBe('Update required: This app is older than the sync server accepts (the server accepts protocol 2–2; this app speaks 1): install the app update. Your unsent work is kept.');
    const exported = await station.engine.exportOutbox();
    expect(exported.commands.map((c) => (c.args as { movementId: string }).movementId)).toEqual(ids);
    expect([...(await ledgerCounts(server.db(), ids)).values()]).toEqual([0, 0, 0]);
    // Work goes on while stopped: it is queued behind the rest.
    await station.record('receipt', 'loc_a2', 'itm_bolt', 1);
    expect(station.engine.status.get()).toMatchObject({ updateRequired: true, pendingCount: 4 });
    const all = station.queued.map((q) => q.movementId);

    // The app updates: the same replica, a build speaking protocol 2.
    await station.quit();
    station = await open('station.sqlite', { versions: { protocolVersion: 2 } }, station);
    await station.engine.syncNow();
    await expectConverged(station, all);
  });

  it('c) a client newer than the server stops saying the server is older, and resumes by itself once it is upgraded', async () => {
    server = await startTestServer(backend, 'compat-c', { supportedVersions: accepts([1, 1]) });
    let station = await open('station.sqlite', { versions: { protocolVersion: 1 } });
    await station.engine.syncNow();
    const ids = await queueOffline(station);
    // The app updated itself before the server was deployed.
    await station.quit();
    station = await open('station.sqlite', { versions: { protocolVersion: 2 }, engine: { backoff: { initialMs: 20, maxMs: 100 }, pollMs: 3_600_000 } }, station);
    station.engine.start();

    const stopped = await waitForStatus(station.engine, (s) => s.updateRequired);
    expect(stopped.lastError).toBe('The sync server is older than this app (the server accepts protocol 1–1; this app speaks 2): the server must be updated. Syncing resumes by itself then; your unsent work is kept.');
    expect(stopped.pendingCount).toBe(3);
    expect((await station.engine.exportOutbox()).commands).toHaveLength(3);
    expect([...(await ledgerCounts(server.db(), ids)).values()]).toEqual([0, 0, 0]);

    await server.redeploy({ supportedVersions: accepts([1, 2]) });
    await waitForStatus(station.engine, (s) => s.pendingCount === 0 && s.lastError === null);
    await expectConverged(station, ids);
  });

  it('d) an older client keeps rows of an entity it does not know and fields it does not know, and applies the rest', async () => {
    server = await startTestServer(backend, 'compat-d');
    const station = await open('station.sqlite');
    await station.engine.syncNow();
    const office = await openBackOffice(server);

    // A newer server build adds an entity and a field; the back office moves stock meanwhile.
    const db = server.db();
    const location = await db.selectFrom('sync_rows').select('data').where('entity', '=', 'location').where('id', '=', 'loc_a1').executeTakeFirstOrThrow();
    const newer = { ...(location.data as Record<string, unknown>), name: 'Aisle 1 (north)', temperatureZone: 'ambient' };
    const scope = 'site:site_a';
    await db.transaction().execute(async (trx) => {
      const { version } = await trx.updateTable('sync_scopes').set({ version: sql`version + 1` }).where('tenant_id', '=', TENANT).where('scope', '=', scope)
        .returning('version').executeTakeFirstOrThrow();
      await trx.updateTable('locations').set({ name: 'Aisle 1 (north)' }).where('id', '=', 'loc_a1').execute();
      await trx.updateTable('sync_rows').set({ data: JSON.stringify(newer), version }).where('entity', '=', 'location').where('id', '=', 'loc_a1').execute();
      await trx.insertInto('sync_rows').values([
        { tenant_id: TENANT, scope, entity: 'maintenance_order', id: 'mo_1', version, deleted: false, data: JSON.stringify({ siteId: 'site_a', title: 'Oil the conveyor', due: '2026-02-01' }) },
        { tenant_id: TENANT, scope, entity: 'maintenance_order', id: 'mo_2', version, deleted: false, data: JSON.stringify({ siteId: 'site_a', title: 'Replace belt' }) },
      ]).execute();
    });
    await office.post('receipt', 'loc_a2', 'itm_bolt', 7);

    const synced = await station.engine.syncNow();
    expect(synced).toMatchObject({ connection: 'online', lastError: null });
    const confirmed = async (entity: string) => (await station.replica.db.selectFrom('confirmed_rows').select(['id', 'data']).where('entity', '=', entity).orderBy('id').execute())
      .map((r) => ({ id: r.id, data: JSON.parse(r.data) as unknown }));
    expect(await confirmed('maintenance_order')).toEqual([
      { id: 'mo_1', data: { siteId: 'site_a', title: 'Oil the conveyor', due: '2026-02-01' } },
      { id: 'mo_2', data: { siteId: 'site_a', title: 'Replace belt' } },
    ]);
    expect((await confirmed('location')).find((r) => r.id === 'loc_a1')?.data).toEqual(newer);
    expect(await station.engine.locations()).toContainEqual(expect.objectContaining({ id: 'loc_a1', name: 'Aisle 1 (north)' }));
    expect(await replicaStock(station)).toEqual(await serverStock(db));

    // A tombstone of the unknown entity removes the kept row; local work still round-trips.
    await db.transaction().execute(async (trx) => {
      const { version } = await trx.updateTable('sync_scopes').set({ version: sql`version + 1` }).where('tenant_id', '=', TENANT).where('scope', '=', scope)
        .returning('version').executeTakeFirstOrThrow();
      await trx.updateTable('sync_rows').set({ deleted: true, data: null, version }).where('entity', '=', 'maintenance_order').where('id', '=', 'mo_2').execute();
    });
    await station.record('receipt', 'loc_a1', 'itm_frame', 2);
    await station.engine.syncNow();
    expect((await confirmed('maintenance_order')).map((r) => r.id)).toEqual(['mo_1']);
    await expectConverged(station, station.queued.map((q) => q.movementId));
  });
});
