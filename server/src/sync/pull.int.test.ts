import { randomUUID } from 'node:crypto';
import type { Change, EnrollResponse, PullResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { emptyReplica, serverImage, sortedObject, syncReplica } from '../../test/replica';
import { silentLogger } from '../../test/logs';
import { enrollTestDevice, movementCommand, pull, pullAll, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { rebuildScopes } from './rebuild-scopes.service';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor';

const BOOTSTRAP_KEYS = [
  'catalog/item/itm_bolt', 'catalog/item/itm_frame',
  'site:site_a/location/loc_a1', 'site:site_a/location/loc_a2', 'site:site_a/site/site_a',
  'site:site_a/stock_level/loc_a1|itm_bolt', 'site:site_a/stock_level/loc_a1|itm_frame', 'site:site_a/stock_level/loc_a2|itm_bolt',
];

function keys(changes: Change[]): string[] {
  return changes.map((c) => `${c.scope}/${c.entity}/${c.id}`);
}

describe.each(['postgres', 'pglite'] as const)('pull on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  let mutationId = 0;
  const db = () => testDb.handle.db;
  const cursorKey = async (scope: string) => (await db().selectFrom('sync_scopes').select('cursor_key').where('tenant_id', '=', 'tnt_demo').where('scope', '=', scope).executeTakeFirstOrThrow()).cursor_key;
  const scopeState = (scope: string) => db().selectFrom('sync_scopes').select(['epoch', 'version', 'min_version']).where('tenant_id', '=', 'tnt_demo').where('scope', '=', scope).executeTakeFirstOrThrow();
  const record = async (args: Record<string, unknown>) => {
    mutationId += 1;
    const res = await push(app, device.credential, [movementCommand(mutationId, args)]);
    expect(res.data.rejections).toEqual([]);
  };

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'sync-pull');
    await insertFixture(db());
    await db().insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'WH-B', name: 'Warehouse B', kind: 'warehouse', timezone: 'Europe/Paris' }).execute();
    await db().insertInto('locations').values({ id: 'loc_b1', tenant_id: 'tnt_demo', site_id: 'site_b', code: 'B-01', name: 'Bay 1' }).execute();
    expect(Object.keys((await rebuildScopes(db(), 'tnt_demo')).changed)).toEqual(['catalog', 'site:site_a', 'site:site_b']);
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    device = await enrollTestDevice(app, db());
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('rebuilds idempotently: a second backfill changes nothing', async () => {
    const versions = await db().selectFrom('sync_scopes').select(['scope', 'version']).orderBy('scope').execute();
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
    expect(await db().selectFrom('sync_scopes').select(['scope', 'version']).orderBy('scope').execute()).toEqual(versions);
  });

  it('bootstraps in bounded pages, scope by scope, with the shared documents and never another tenant’s rows', async () => {
    const { pages, cursors } = await pullAll(app, device.credential, {}, 3);
    expect(pages.map((p) => p.changes.length)).toEqual([3, 3, 2]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    const changes = pages.flatMap((p) => p.changes);
    expect(keys(changes)).toEqual(BOOTSTRAP_KEYS.slice(0, 2).concat(keys(changes).slice(2)));
    expect(keys(changes).sort()).toEqual([...BOOTSTRAP_KEYS].sort());
    expect(changes.find((c) => c.id === 'itm_bolt')?.data).toEqual({
      id: 'itm_bolt', sku: 'BOLT-M8', name: 'Bolt M8', type: 'raw', category: 'parts', unit: 'ea', barcodes: ['4006381333931', '4006381333948'],
      costMinor: 12, currency: 'EUR', reorderPoint: 100.5, safetyStock: 40, leadTimeDays: 7, supplierId: null,
    });
    expect(changes.find((c) => c.id === 'site_a')?.data).toEqual({ id: 'site_a', code: 'PLANT-A', name: 'Plant A', kind: 'plant', timezone: 'Europe/Berlin' });
    expect(changes.find((c) => c.id === 'loc_a1|itm_bolt')?.data).toEqual({ siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 200.5 });
    expect(Object.keys(cursors).sort()).toEqual(['catalog', 'site:site_a']);
    expect(pages[0]!.scopes).toEqual(['catalog', 'site:site_a']);
    const again = await pull(app, device.credential, cursors);
    expect(again.data).toMatchObject({ changes: [], resetScopes: [], leftScopes: [], hasMore: false });
  });

  it('sends a tombstone to a device that held the row, per scope, and skips it in every later bootstrap page', async () => {
    const { cursors } = await pullAll(app, device.credential, {});
    await record({ kind: 'issue', itemId: 'itm_frame', quantity: 3 });
    const res = await pull(app, device.credential, cursors);
    expect(res.data.changes).toEqual([{ scope: 'site:site_a', entity: 'stock_level', id: 'loc_a1|itm_frame', version: expect.any(Number), deleted: true, data: null }]);
    expect(res.data.lastMutationId).toBe(mutationId);
    // Only the site scope moved: the catalog cursor still serves nothing.
    const catalogOnly = await pull(app, device.credential, { catalog: res.data.cursors.catalog!, 'site:site_a': res.data.cursors['site:site_a']! });
    expect(catalogOnly.data.changes).toEqual([]);

    const fresh = await enrollTestDevice(app, db());
    const { pages } = await pullAll(app, fresh.credential, {}, 1);
    const changes = pages.flatMap((p) => p.changes);
    expect(changes.filter((c) => c.deleted)).toEqual([]);
    expect(keys(changes).sort()).toEqual(BOOTSTRAP_KEYS.filter((k) => !k.endsWith('loc_a1|itm_frame')).sort());
    expect(pages.every((p) => p.changes.length <= 1)).toBe(true);
  });

  it('resets a scope whose cursor is ahead of a restored server, once, and serves it again from the start', async () => {
    const { cursors: before } = await pullAll(app, device.credential, {});
    // A backup of the site's replicated rows and counter, then a movement the backup will not hold.
    const backup = await db().selectFrom('sync_rows').selectAll().where('scope', '=', 'site:site_a').execute();
    const restorePoint = await db().selectFrom('sync_scopes').select('version').where('scope', '=', 'site:site_a').executeTakeFirstOrThrow();
    const movementId = randomUUID();
    await record({ quantity: 5, movementId });
    const { cursors: ahead } = await pullAll(app, device.credential, before);
    expect(JSON.parse(Buffer.from(ahead['site:site_a']!, 'base64url').toString()).v).toBeGreaterThan(Number(restorePoint.version));
    await db().transaction().execute(async (trx) => {
      await trx.deleteFrom('stock_movements').where('movement_id', '=', movementId).execute();
      await trx.deleteFrom('sync_rows').where('scope', '=', 'site:site_a').execute();
      await trx.insertInto('sync_rows').values(backup.map((r) => ({ ...r, data: r.data === null ? null : JSON.stringify(r.data) }))).execute();
      await trx.updateTable('sync_scopes').set({ version: restorePoint.version }).where('scope', '=', 'site:site_a').execute();
    });

    const first = await pull(app, device.credential, ahead);
    expect(first.data).toMatchObject({ resetScopes: ['site:site_a'], hasMore: true });
    expect(first.data.changes.filter((c) => c.scope === 'site:site_a')).toEqual([]);
    expect(first.data.cursors['site:site_a']).toBeUndefined();
    const { pages, cursors } = await pullAll(app, device.credential, { ...ahead, 'site:site_a': null });
    expect(pages.flatMap((p) => p.resetScopes)).toEqual([]);
    expect(keys(pages.flatMap((p) => p.changes)).filter((k) => k.startsWith('site:')).length).toBeGreaterThan(0);
    expect((await pull(app, device.credential, cursors)).data).toMatchObject({ resetScopes: [], changes: [], hasMore: false });
  });

  it('raises the epoch on the first cursor found ahead of a restore, so a device that pulls later is reset rather than served a gap', async () => {
    const site = 'site:site_a';
    const [one, two] = [await enrollTestDevice(app, db()), await enrollTestDevice(app, db())];
    const [replicaOne, replicaTwo] = [emptyReplica(), emptyReplica()];
    const backup = await db().selectFrom('sync_rows').selectAll().where('scope', '=', site).execute();
    const restorePoint = await scopeState(site);
    const lost = [randomUUID(), randomUUID()];
    for (const movementId of lost) await record({ quantity: 5, movementId });
    await syncReplica(app, one.credential, replicaOne);
    await syncReplica(app, two.credential, replicaTwo);
    const twoAt = decodeSyncCursor(replicaTwo.cursors[site]!)!;
    expect(twoAt).toMatchObject({ e: restorePoint.epoch, v: Number(restorePoint.version) + lost.length });

    await db().transaction().execute(async (trx) => {
      await trx.deleteFrom('stock_movements').where('movement_id', 'in', lost).execute();
      await trx.deleteFrom('sync_rows').where('scope', '=', site).execute();
      await trx.insertInto('sync_rows').values(backup.map((r) => ({ ...r, data: r.data === null ? null : JSON.stringify(r.data) }))).execute();
      await trx.updateTable('sync_scopes').set({ version: restorePoint.version }).where('scope', '=', site).execute();
    });
    const first = await pull(app, one.credential, replicaOne.cursors);
    expect(first.data.resetScopes).toEqual([site]);
    expect((await scopeState(site)).epoch).toBe(restorePoint.epoch + 1);
    await syncReplica(app, one.credential, replicaOne);
    expect(decodeSyncCursor(replicaOne.cursors[site]!)!.e).toBe(restorePoint.epoch + 1);

    // New writes overtake device two's old cursor; the first touches a row it would never hear of.
    await record({ locationId: 'loc_a2', quantity: 4 });
    while (Number((await scopeState(site)).version) <= twoAt.v) await record({ quantity: 1 });
    const second = await pull(app, two.credential, replicaTwo.cursors);
    expect(second.data.resetScopes).toEqual([site]);
    expect(second.data.changes.filter((c) => c.scope === site)).toEqual([]);
    await syncReplica(app, two.credential, replicaTwo);
    await syncReplica(app, one.credential, replicaOne);
    const server = sortedObject(await serverImage(db(), 'tnt_demo', ['catalog', site]));
    expect(sortedObject(replicaOne.rows)).toEqual(server);
    expect(sortedObject(replicaTwo.rows)).toEqual(server);
    expect((await scopeState(site)).epoch).toBe(restorePoint.epoch + 1);
  });

  it('raises the epoch once when several devices show cursors ahead at the same time', async () => {
    const site = 'site:site_a';
    const devices = [await enrollTestDevice(app, db()), await enrollTestDevice(app, db()), await enrollTestDevice(app, db())];
    const { cursors } = await pullAll(app, devices[0]!.credential, {});
    const before = await scopeState(site);
    const key = await cursorKey(site);
    // Different cursors (as the server would have signed them before a restore), so the pulls are not coalesced into one read.
    const answers = await Promise.all(devices.map((d, i) => pull(app, d.credential, {
      ...cursors, [site]: encodeSyncCursor({ e: before.epoch, v: Number(before.version) + 1 + i, k: null }, key),
    })));
    expect(answers.map((a) => a.data.resetScopes)).toEqual([[site], [site], [site]]);
    expect(await scopeState(site)).toEqual({ ...before, epoch: before.epoch + 1 });
  });

  it('resets only the device that made up a cursor ahead of its scope, leaving the epoch (and the fleet) alone', async () => {
    const site = 'site:site_a';
    const { cursors } = await pullAll(app, device.credential, {});
    const before = await scopeState(site);
    const ahead = { e: before.epoch, v: Number(before.version) + 5, k: null };
    for (const forged of [encodeSyncCursor(ahead), encodeSyncCursor(ahead, 'a guessed key')]) {
      const answer = await pull(app, device.credential, { ...cursors, [site]: forged });
      expect(answer.data.resetScopes).toEqual([site]);
      expect(await scopeState(site)).toEqual(before);
    }
    // The cursors the server itself issued still serve incrementally: nobody else is reset.
    expect((await pull(app, device.credential, cursors)).data).toMatchObject({ resetScopes: [], changes: [], hasMore: false });
  });

  it('resets a bootstrap whose starting version is ahead of a restored scope', async () => {
    const site = 'site:site_a';
    const fresh = await enrollTestDevice(app, db());
    const before = await scopeState(site);
    const page = await pull(app, fresh.credential, { catalog: null, [site]: null }, 1);
    const cursor = decodeSyncCursor(page.data.cursors.catalog!)!;
    // The device is one row into its bootstrap of the catalog; the catalog's counter goes back.
    const catalog = await scopeState('catalog');
    expect(cursor).toMatchObject({ e: catalog.epoch, s: Number(catalog.version) });
    await db().updateTable('sync_scopes').set({ version: Number(catalog.version) - 1 }).where('scope', '=', 'catalog').execute();
    const next = await pull(app, fresh.credential, { catalog: page.data.cursors.catalog!, [site]: null });
    expect(next.data.resetScopes).toEqual(['catalog']);
    expect((await scopeState('catalog')).epoch).toBe(catalog.epoch + 1);
    await db().updateTable('sync_scopes').set({ version: catalog.version }).where('scope', '=', 'catalog').execute();
    expect(await scopeState(site)).toEqual(before);
  });

  it('resets on another epoch and on a cursor that is not ours, without looping', async () => {
    const { cursors } = await pullAll(app, device.credential, {});
    await db().updateTable('sync_scopes').set((eb) => ({ epoch: eb('epoch', '+', 1) })).where('scope', '=', 'catalog').execute();
    const res = await pull(app, device.credential, { ...cursors, 'site:site_a': 'not-a-cursor' });
    expect(res.data.resetScopes).toEqual(['catalog', 'site:site_a']);
    expect(res.data.changes).toEqual([]);
    const followed = await pullAll(app, device.credential, { ...cursors, 'site:site_a': 'not-a-cursor' });
    expect(followed.pages.length).toBe(2);
    expect(keys(followed.pages[1]!.changes).sort()).toEqual(BOOTSTRAP_KEYS.filter((k) => !k.endsWith('loc_a1|itm_frame')).sort());
    const settled: PullResponse = (await pull(app, device.credential, followed.cursors)).data;
    expect(settled).toMatchObject({ resetScopes: [], changes: [], hasMore: false });
  });

  it('lists a scope the device left (it moved site) apart from deletes, and bootstraps the new one', async () => {
    const { cursors } = await pullAll(app, device.credential, {});
    await db().updateTable('devices').set({ site_id: 'site_b' }).where('id', '=', device.deviceId).execute();
    const res = await pull(app, device.credential, cursors);
    expect(res.data.leftScopes).toEqual(['site:site_a']);
    expect(res.data.scopes).toEqual(['catalog', 'site:site_b']);
    expect(res.data.changes.filter((c) => c.deleted)).toEqual([]);
    expect(keys(res.data.changes)).toEqual(['site:site_b/location/loc_b1', 'site:site_b/site/site_b']);
    await db().updateTable('devices').set({ site_id: 'site_a' }).where('id', '=', device.deviceId).execute();
  });

  it('pages within one version without splitting or skipping rows', async () => {
    // One backfill writes every item at one version: a page boundary falls inside it.
    const item = { category: 'bulk', unit: 'ea', currency: 'EUR', lead_time_days: 1, supplier_id: null, home_site_id: 'site_a', type: 'raw' as const, cost_minor: 1, reorder_point: 0, safety_stock: 0 };
    await db().insertInto('items').values(Array.from({ length: 7 }, (_, i) => ({ ...item, id: `itm_bulk_${i}`, tenant_id: 'tnt_demo', sku: `BULK-${i}`, name: `Bulk ${i}` }))).execute();
    const { cursors } = await pullAll(app, device.credential, {});
    expect((await rebuildScopes(db(), 'tnt_demo')).changed).toEqual({ catalog: 7 });
    const { pages } = await pullAll(app, device.credential, cursors, 2);
    const ids = pages.flatMap((p) => p.changes.map((c) => c.id));
    expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => `itm_bulk_${i}`));
    expect(new Set(pages.flatMap((p) => p.changes.map((c) => c.version))).size).toBe(1);
  });
});
