import { randomBytes } from 'node:crypto';
import { demandForecastSchema } from '@capliquify/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { forecastCacheKey } from '../domains/forecasting/forecast-cache';
import { listForecastRuns } from '../domains/forecasting/forecast-runs.repo';
import { AS_OF, insertForecastWorld, jobContext, naiveEngine, type ProgressCall } from '../domains/forecasting/test/forecast-world';
import { createBullmqRunner } from './bullmq.runner';
import { createForecastJob, forecastJob } from './forecast.job';
import { PermanentJobError, type JobDefinition } from './job';
import { seedDemoJob } from './seed-demo.job';
import type { JobProgress } from './job-runner';
import { waitFor } from './test/wait-for';

describe('the forecast job', () => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  const job = createForecastJob(() => ({ redisUrl: null, engine: naiveEngine }));

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'forecast-job');
    await insertForecastWorld(db());
  });
  afterAll(() => testDb?.cleanup());

  it("forecasts one tenant, reporting progress up to done for the tenant's live stream", async () => {
    const progress: ProgressCall[] = [];
    const result = await job.perform({ tenantId: 'tnt_demo', asOf: AS_OF }, jobContext(db(), progress));
    expect(result).toMatchObject({ items: 3 });
    expect(progress[0]).toEqual({ fraction: 0.05, note: '3 items to forecast' });
    expect(progress.at(-1)).toEqual({ fraction: 1, note: '3 items forecast' });
  });

  it("brings the finance scope's sales outlook in step with the forecasts just written", async () => {
    // A tenant that keeps books here has a finance scope; the outlook comes from the run's forecasts.
    await db().insertInto('customers').values({ id: 'cus_outlook', tenant_id: 'tnt_demo', name: 'Outlook Retail', payment_terms_days: 30, currency: 'EUR', channel: null }).execute();
    await job.perform({ tenantId: 'tnt_demo', asOf: AS_OF }, jobContext(db()));
    const latest = (await listForecastRuns(db(), 'tnt_demo', 1))[0]!;
    const row = await db().selectFrom('sync_rows').select('data').where('tenant_id', '=', 'tnt_demo').where('scope', '=', 'finance').where('entity', '=', 'sales_outlook').executeTakeFirstOrThrow();
    expect(row.data).toMatchObject({ runId: latest.id, pricedItems: expect.any(Number) });
    expect((row.data as { weeks: unknown[] }).weeks.length).toBeGreaterThan(0);
  });

  it('gives up at once on a tenant that does not exist', async () => {
    await expect(job.perform({ tenantId: 'tnt_nobody' }, jobContext(db()))).rejects.toBeInstanceOf(PermanentJobError);
  });

  it('fans out daily to the tenants not forecast in the last 20 hours: queued one each, or run in turn', async () => {
    const queued: { name: string; input: unknown }[] = [];
    const enqueue = async <T>(next: JobDefinition<T>, input: T) => { queued.push({ name: next.name, input }); return `job-${queued.length}`; };
    // tnt_demo was forecast by the first test; tnt_other never was.
    expect(await job.perform({}, jobContext(db(), [], { enqueue }))).toEqual({ results: [{ tenantId: 'tnt_other', jobId: 'job-1' }] });
    expect(queued).toEqual([{ name: 'forecast', input: { tenantId: 'tnt_other' } }]);
    expect(await job.perform({}, jobContext(db()))).toEqual({ results: [{ tenantId: 'tnt_other', items: 1 }] });
    expect(await job.perform({}, jobContext(db()))).toEqual({ results: [] });
  });

  it('runs daily, and retries a failed run', () => {
    expect(forecastJob.schedule).toEqual({ everyMs: 24 * 3_600_000, input: {} });
    expect(forecastJob.retry.attempts).toBeGreaterThan(1);
  });
});

describe('the forecast job with the product ensemble', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'forecast-product');
    await insertForecastWorld(testDb.handle.db);
  });
  afterAll(() => testDb?.cleanup());

  it('forecasts a small tenant with the default models on worker threads', async () => {
    const product = createForecastJob(() => ({ redisUrl: null }));
    const result = await product.perform({ tenantId: 'tnt_demo', asOf: AS_OF }, jobContext(testDb.handle.db));
    expect(result).toMatchObject({ items: 3, skipped: 0 });
    const rows = await testDb.handle.db.selectFrom('demand_forecasts').select(['item_id', 'weights', 'points']).where('tenant_id', '=', 'tnt_demo').execute();
    for (const row of rows) {
      const weights = row.weights as Record<string, number>;
      expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (const p of row.points as { yhat: number; lo95: number; hi95: number }[]) {
        expect(p.lo95).toBeLessThanOrEqual(p.yhat);
        expect(p.hi95).toBeGreaterThanOrEqual(p.yhat);
      }
    }
  });
});

describe('the demo seeded by its job (the workers with Redis)', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'forecast-seed');
  });
  afterAll(() => testDb?.cleanup());

  it("queues the demo's first forecast once it has seeded it, and not when the demo was there already", async () => {
    const queued: { name: string; input: unknown }[] = [];
    const enqueue = async <T>(next: JobDefinition<T>, input: T) => { queued.push({ name: next.name, input }); return 'queued'; };
    await seedDemoJob.perform({ size: 'small' }, jobContext(testDb.handle.db, [], { enqueue }));
    await seedDemoJob.perform({ size: 'small' }, jobContext(testDb.handle.db, [], { enqueue }));
    expect(queued).toEqual([{ name: 'forecast', input: { tenantId: 'tnt_demo' } }]);
  });
});

describe('the forecast job through BullMQ on Redis', () => {
  let testDb: TestDatabase;
  let runner: ReturnType<typeof createBullmqRunner>;
  const redis = new Redis(TEST_REDIS_URL);
  const reported: JobProgress[] = [];

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'forecast-bullmq');
    await insertForecastWorld(testDb.handle.db);
    const job = createForecastJob(() => ({ redisUrl: TEST_REDIS_URL, engine: naiveEngine }));
    runner = createBullmqRunner(
      { db: testDb.handle.db, logger: silentLogger(), jobs: [job as unknown as JobDefinition], reportProgress: async (p) => { reported.push(p); } },
      { redisUrl: TEST_REDIS_URL, queueName: `test-forecast-${randomBytes(4).toString('hex')}` },
    );
    await runner.start();
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await redis.quit();
    await testDb?.cleanup();
  });

  it("runs a tenant's forecast on a worker: progress on the tenant's stream, hot results in Redis with a TTL", async () => {
    const jobId = await runner.enqueue(forecastJob, { tenantId: 'tnt_demo', asOf: AS_OF });
    const run = await waitFor('the forecast run to finish', async () => {
      const [latest] = await listForecastRuns(testDb.handle.db, 'tnt_demo', 1);
      return latest?.status === 'succeeded' ? latest : undefined;
    });
    expect(run.items).toBe(3);
    await waitFor('the last progress report', async () => reported.some((p) => p.fraction === 1));
    expect(reported.every((p) => p.jobId === jobId && p.tenantId === 'tnt_demo' && p.job === 'forecast')).toBe(true);
    const key = forecastCacheKey('tnt_demo', 'site_a', 'itm_bolt');
    const cached = demandForecastSchema.parse(JSON.parse((await redis.get(key))!));
    expect(cached).toMatchObject({ siteId: 'site_a', itemId: 'itm_bolt', runId: run.id });
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(2 * 24 * 3_600);
    expect(ttl).toBeLessThanOrEqual(3 * 24 * 3_600);
    expect(await redis.exists(forecastCacheKey('tnt_demo', 'site_b', 'itm_frame'))).toBe(1);
    await redis.del(forecastCacheKey('tnt_demo', 'site_a', 'itm_bolt'), forecastCacheKey('tnt_demo', 'site_a', 'itm_frame'), forecastCacheKey('tnt_demo', 'site_b', 'itm_frame'));
  });
});
