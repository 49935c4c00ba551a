import { randomBytes } from 'node:crypto';
import { ErrorCode, type DemandForecast, type RoleGrant } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { TEST_REDIS_URL } from '../../../test/env';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import { withTenantScope } from '../../db/tenant-scope';
import { upsertDemandForecasts } from '../../domains/forecasting/demand-forecasts.repo';
import { FORECAST_REFILL_TTL_SECONDS, forecastCacheKey } from '../../domains/forecasting/forecast-cache';
import type { ForecastRunView } from '../../domains/forecasting/forecast-runs.repo';
import { runTenantForecast } from '../../domains/forecasting/forecast.service';
import { AS_OF, insertForecastWorld, naiveEngine } from '../../domains/forecasting/test/forecast-world';
import { closeRedis, connectRedis, createRedis } from '../../redis/create-redis';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));

async function bearer(testDb: TestDatabase, tenantId: string, grants: RoleGrant[]): Promise<Record<string, string>> {
  const person = await insertPerson(testDb.handle.db, { tenantId, grants });
  const signInId = await insertSignIn(testDb.handle.db, person, null, { mfa: false });
  const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: false }, new Date());
  return { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
}

describe.each(BACKENDS)('forecasting procedures on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let runIds: string[];

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'forecasting-router');
    await insertForecastWorld(testDb.handle.db);
    const first = await runTenantForecast(testDb.handle.db, 'tnt_demo', { asOf: AS_OF, engine: naiveEngine });
    const second = await runTenantForecast(testDb.handle.db, 'tnt_demo', { asOf: AS_OF, engine: naiveEngine });
    runIds = [first.runId, second.runId];
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it("shows a viewer of the site an item's latest forecast: history, horizon, weights, accuracy", async () => {
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: 'site_a', role: 'viewer' }]);
    const answer = await query<DemandForecast>(app, 'forecasting.demand', { siteId: 'site_a', itemId: 'itm_bolt' }, viewer);
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ siteId: 'site_a', itemId: 'itm_bolt', runId: runIds[1], weights: { naive: 1 } });
    expect(answer.data.points).toHaveLength(13);
    expect(answer.data.history.at(-1)).toMatchObject({ quantity: 98, stockout: true });
  });

  it('answers NOT_FOUND for an item without a forecast, and for another tenant asking about ours', async () => {
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: null, role: 'viewer' }]);
    const none = await query(app, 'forecasting.demand', { siteId: 'site_b', itemId: 'itm_bolt' }, viewer);
    expect([none.status, none.error?.data.code]).toEqual([404, ErrorCode.NotFound]);
    expect(none.error?.message).toBe('There is no forecast for item itm_bolt at site site_b: the daily forecast covers the items the site sold in the last two years.');
    const stranger = await bearer(testDb, 'tnt_other', [{ siteId: null, role: 'admin' }]);
    const theirs = await query(app, 'forecasting.demand', { siteId: 'site_a', itemId: 'itm_bolt' }, stranger);
    expect([theirs.status, theirs.error?.data.code]).toEqual([404, ErrorCode.NotFound]);
  });

  it("refuses someone with no role at the site, and input without the item", async () => {
    const elsewhere = await bearer(testDb, 'tnt_demo', [{ siteId: 'site_b', role: 'admin' }]);
    const refused = await query(app, 'forecasting.demand', { siteId: 'site_a', itemId: 'itm_bolt' }, elsewhere);
    expect([refused.status, refused.error?.data.code]).toEqual([403, ErrorCode.Forbidden]);
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: 'site_a', role: 'viewer' }]);
    const bad = await query(app, 'forecasting.demand', { siteId: 'site_a' }, viewer);
    expect(bad.status).toBe(400);
  });

  it('lists the latest runs newest first, with their status, items and summary accuracy', async () => {
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: 'site_a', role: 'viewer' }]);
    const runs = await query<ForecastRunView[]>(app, 'forecasting.runs', { siteId: 'site_a' }, viewer);
    expect(runs.status).toBe(200);
    expect(runs.data.map((r) => [r.id, r.status, r.items])).toEqual([[runIds[1], 'succeeded', 3], [runIds[0], 'succeeded', 3]]);
    expect(runs.data[0]!.accuracy.mase).toEqual(expect.any(Number));
    const one = await query<ForecastRunView[]>(app, 'forecasting.runs', { siteId: 'site_a', limit: 1 }, viewer);
    expect(one.data.map((r) => r.id)).toEqual([runIds[1]]);
    const stranger = await bearer(testDb, 'tnt_other', [{ siteId: null, role: 'admin' }]);
    expect((await query<ForecastRunView[]>(app, 'forecasting.runs', { siteId: 'site_x' }, stranger)).data).toEqual([]);
  });
});

describe('forecasting.demand with Redis', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const redis = createRedis(TEST_REDIS_URL);
  // A site of this test alone: the cache is shared with every other test on this Redis.
  const siteId = `site_${randomBytes(4).toString('hex')}`;
  const key = forecastCacheKey('tnt_demo', siteId, 'itm_bolt');
  let stored: DemandForecast;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'forecasting-redis');
    const db = testDb.handle.db;
    await insertForecastWorld(db);
    await db.insertInto('sites').values({ id: siteId, tenant_id: 'tnt_demo', code: siteId, name: 'Redis plant', kind: 'plant', timezone: 'UTC' }).execute();
    await runTenantForecast(db, 'tnt_demo', { asOf: AS_OF, engine: naiveEngine });
    const bolt = (await db.selectFrom('demand_forecasts').select('run_id').where('item_id', '=', 'itm_bolt').executeTakeFirstOrThrow()).run_id;
    stored = { siteId, itemId: 'itm_bolt', runId: bolt, generatedAt: new Date().toISOString(), history: [], points: [{ period: '2026-03-02', yhat: 5, lo95: 1, hi95: 9 }], weights: { naive: 1 }, accuracy: { mase: null, smape: null, bias: null }, demandClass: 'smooth' };
    await withTenantScope(db, 'tnt_demo', (trx) => upsertDemandForecasts(trx, 'tnt_demo', [stored]));
    expect(await connectRedis(redis)).toBe(true);
    const appRedis = createRedis(TEST_REDIS_URL);
    expect(await connectRedis(appRedis)).toBe(true);
    app = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, redis: appRedis, logger: silentLogger() });
  });
  afterAll(async () => {
    await redis.del(key).catch(() => undefined);
    await closeRedis(redis);
    await app?.close();
    await testDb?.cleanup();
  });

  it('reads PostgreSQL on a miss and puts the forecast back in Redis for an hour', async () => {
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: null, role: 'viewer' }]);
    await redis.del(key);
    const answer = await query<DemandForecast>(app, 'forecasting.demand', { siteId, itemId: 'itm_bolt' }, viewer);
    expect(answer.data).toEqual(stored);
    expect(JSON.parse((await redis.get(key))!)).toEqual(stored);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(FORECAST_REFILL_TTL_SECONDS);
  });

  it('answers from Redis first when it holds the forecast, and from PostgreSQL when what it holds is unreadable', async () => {
    const viewer = await bearer(testDb, 'tnt_demo', [{ siteId: null, role: 'viewer' }]);
    const hot = { ...stored, runId: 'fcr_from_redis' };
    await redis.set(key, JSON.stringify(hot), 'EX', 60);
    expect((await query<DemandForecast>(app, 'forecasting.demand', { siteId, itemId: 'itm_bolt' }, viewer)).data).toEqual(hot);
    await redis.set(key, '{"siteId": 42', 'EX', 60);
    expect((await query<DemandForecast>(app, 'forecasting.demand', { siteId, itemId: 'itm_bolt' }, viewer)).data).toEqual(stored);
  });
});
