import type { EnrollResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { openEvents } from '../../test/events';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { enrollTestDevice, pull, pullAll } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { connectRedis, createRedis } from '../redis/create-redis';
import { rebuildScopes } from '../sync/rebuild-scopes.service';

describe('capliquify sync reset-scope and compact (PostgreSQL, Redis)', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  let env: Record<string, string>;
  const db = () => testDb.handle.db;
  const epochs = async () => Object.fromEntries((await db().selectFrom('sync_scopes').select(['scope', 'epoch']).where('tenant_id', '=', 'tnt_demo').orderBy('scope').execute()).map((s) => [s.scope, s.epoch]));

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-sync');
    await insertFixture(db());
    await rebuildScopes(db(), 'tnt_demo');
    const redis = createRedis(TEST_REDIS_URL);
    expect(await connectRedis(redis)).toBe(true);
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, redis, logger: silentLogger() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    device = await enrollTestDevice(app, db());
    env = { DATABASE_URL: testDb.config.databaseUrl! };
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('reset-scope raises one scope’s epoch, pokes the devices holding it, and their next pull re-bootstraps it', async () => {
    const { cursors } = await pullAll(app, device.credential, {});
    const stream = await openEvents(app, device.credential);
    const res = await runCliHere(['sync', 'reset-scope', 'site:site_a', '--json'], { ...env, REDIS_URL: TEST_REDIS_URL });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(res.stdout)).toEqual({
      command: 'sync reset-scope', tenantId: 'tnt_demo', broadcast: 'redis',
      scopes: [{ scope: 'site:site_a', epoch: 2, version: expect.any(Number), minVersion: 0 }],
    });
    expect(await epochs()).toEqual({ catalog: 1, 'site:site_a': 2 });
    expect((await stream.nextPoke()).scopes).toEqual(['site:site_a']);
    await stream.close();
    const answer = await pull(app, device.credential, cursors);
    expect(answer.data.resetScopes).toEqual(['site:site_a']);
    const { pages } = await pullAll(app, device.credential, cursors);
    expect(pages.flatMap((p) => p.changes).map((c) => c.scope)).toContain('site:site_a');
  });

  it('reset-scope --all raises every scope of the tenant, in text', async () => {
    const res = await runCliHere(['sync', 'reset-scope', '--all'], env);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe([
      'catalog                  epoch 1 → 2',
      'site:site_a              epoch 2 → 3',
      'devices re-bootstrap on their next pull (without REDIS_URL no API instance is told to poke them)',
      '',
    ].join('\n'));
    expect(await epochs()).toEqual({ catalog: 2, 'site:site_a': 3 });
  });

  it.each([
    [['sync', 'reset-scope', 'site:nope'], 'capliquify: failed: No scope "site:nope"; `capliquify sync status` lists the scopes.'],
    [['sync', 'reset-scope'], 'capliquify: sync reset-scope needs one scope or --all; `capliquify sync status` lists the scopes'],
    [['sync', 'reset-scope', 'catalog', '--all'], 'capliquify: sync reset-scope needs one scope or --all; `capliquify sync status` lists the scopes'],
    [['sync', 'compact', '--keep-days=soon'], 'capliquify: --keep-days must be a whole number of days, 0 or more (got "soon")'],
    [['sync', 'compact', 'now'], 'capliquify: unexpected argument "now"; run `capliquify help`'],
    [['sync', 'fly'], 'capliquify: sync needs status, rebuild, reset-scope or compact (got "fly")'],
  ])('fails %j with one line, changing nothing', async (args, line) => {
    const before = await epochs();
    const res = await runCliHere(args, env);
    expect(res).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
    expect(await epochs()).toEqual(before);
  });

  it('compact deletes tombstones older than --keep-days, reports them, and finds nothing the second time', async () => {
    await db().insertInto('stock_movements').values({
      tenant_id: 'tnt_demo', site_id: 'site_a', location_id: 'loc_a1', item_id: 'itm_frame', kind: 'shipment', quantity: -3,
      unit_cost_minor: 0, occurred_at: new Date(), reference: null,
    }).execute();
    expect((await rebuildScopes(db(), 'tnt_demo')).changed).toEqual({ 'site:site_a': 1 });
    const { version } = await db().selectFrom('sync_rows').select('version').where('id', '=', 'loc_a1|itm_frame').executeTakeFirstOrThrow();

    const recent = await runCliHere(['sync', 'compact'], env);
    expect(recent.stdout).toBe('tnt_demo: nothing older than the window\ntnt_other: nothing older than the window\n'
      + 'tombstones written in the last 30 days are kept; a device that has not pulled since re-bootstraps the scope\n');
    await db().updateTable('sync_rows').set({ updated_at: sql`now() - make_interval(days => 3)` }).where('deleted', '=', true).execute();
    const res = await runCliHere(['sync', 'compact', '--keep-days', '2', '--json'], env);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(res.stdout)).toEqual({ command: 'sync compact', keepDays: 2, tenants: { tnt_demo: [{ scope: 'site:site_a', deleted: 1, minVersion: Number(version) }], tnt_other: [] } });
    const again = await runCliHere(['sync', 'compact', '--keep-days', '2', '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ command: 'sync compact', keepDays: 2, tenants: { tnt_demo: [], tnt_other: [] } });
    const status = await runCliHere(['sync', 'status'], env);
    expect(status.stdout).toMatch(new RegExp(`^ {2}site:site_a +version ${version} {2}epoch 3 {2}min version ${version}$`, 'm'));
  });

  it('lists the new actions in help', async () => {
    const res = await runCliHere(['help'], {});
    expect(res.stdout).toContain('sync status | sync rebuild | sync reset-scope <scope>|--all | sync compact [--keep-days 30]');
  });
});
