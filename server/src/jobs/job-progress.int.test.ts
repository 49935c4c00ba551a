import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import { openEvents } from '../../test/events';
import { enrollTestDevice } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import { rebuildScopes } from '../sync/rebuild-scopes.service';
import { createRedisPokeBus } from '../sync/redis.poke-bus';
import { createBullmqRunner } from './bullmq.runner';
import { createInProcessRunner } from './in-process.runner';
import { progressOnPokeBus } from './job-progress';
import { openJobEvents } from './test/job-events';
import { createTestJobTables, effectJob, scopeTouchJob, TEST_JOBS } from './test/test-jobs';

const config = loadServerConfig({});

async function world(label: string): Promise<TestDatabase> {
  const testDb = await openTestDatabase('postgres', label);
  await insertFixture(testDb.handle.db);
  await testDb.handle.db.insertInto('sites').values({ id: 'site_b', tenant_id: 'tnt_demo', code: 'PLANT-B', name: 'Plant B', kind: 'plant', timezone: 'UTC' }).execute();
  await rebuildScopes(testDb.handle.db, 'tnt_demo');
  await rebuildScopes(testDb.handle.db, 'tnt_other');
  await createTestJobTables(testDb.handle.db);
  return testDb;
}

describe('job progress on the live stream', () => {
  describe('in-process jobs in the API', () => {
    let testDb: TestDatabase;
    let app: FastifyInstance;

    beforeAll(async () => {
      testDb = await world('jobs-progress');
      app = await buildApp(config, {
        database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
        jobs: { runner: (deps) => createInProcessRunner({ ...deps, jobs: TEST_JOBS }) },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await app?.close();
      await testDb?.cleanup();
    });

    it("reaches every device of the job's tenant as `event: job`, and no other tenant's", async () => {
      const atA = await openJobEvents(app, (await enrollTestDevice(app, testDb.handle.db, 'site_a')).credential);
      const atB = await openJobEvents(app, (await enrollTestDevice(app, testDb.handle.db, 'site_b')).credential);
      const other = await openJobEvents(app, (await enrollTestDevice(app, testDb.handle.db, 'site_x', 'tnt_other')).credential);
      const theirs = await app.jobs.enqueue(effectJob, { n: 1, tenantId: 'tnt_other', report: true });
      const ours = await app.jobs.enqueue(effectJob, { n: 2, tenantId: 'tnt_demo', report: true });
      const expected = { job: 'test-effect', jobId: ours, fraction: 0.5, note: 'half of job 2', tenantId: 'tnt_demo' };
      // Each stream's first job event is its own tenant's: the other tenant's never reached it.
      expect(await atA.next()).toEqual(expected);
      expect(await atB.next()).toEqual(expected);
      expect(await other.next()).toEqual({ job: 'test-effect', jobId: theirs, fraction: 0.5, note: 'half of job 1', tenantId: 'tnt_other' });
      for (const stream of [atA, atB, other]) await stream.close();
    });

    it('pokes the stations of the scopes a job changed, even when the job failed after the change', async () => {
      const atA = await openEvents(app, (await enrollTestDevice(app, testDb.handle.db, 'site_a')).credential);
      const atB = await openEvents(app, (await enrollTestDevice(app, testDb.handle.db, 'site_b')).credential);
      await app.jobs.enqueue(scopeTouchJob, { tenantId: 'tnt_demo', scope: 'site:site_b', failAfter: true });
      // B's poke names its own scope; A's first poke is the later change at its site, so the first never reached it.
      expect((await atB.nextPoke()).scopes).toEqual(['site:site_b']);
      await app.jobs.enqueue(scopeTouchJob, { tenantId: 'tnt_demo', scope: 'site:site_a' });
      expect((await atA.nextPoke()).scopes).toEqual(['site:site_a']);
      for (const stream of [atA, atB]) await stream.close();
    });
  });

  describe('BullMQ workers in another process, over Redis', () => {
    let testDb: TestDatabase;
    let api: FastifyInstance;
    const queueName = `test-progress-${randomBytes(4).toString('hex')}`;
    const workerRedis = createRedis(TEST_REDIS_URL);
    let worker: ReturnType<typeof createBullmqRunner>;
    let workerBus: Awaited<ReturnType<typeof createRedisPokeBus>>;

    beforeAll(async () => {
      testDb = await world('jobs-progress-redis');
      const apiRedis = createRedis(TEST_REDIS_URL);
      expect(await connectRedis(apiRedis)).toBe(true);
      api = await buildApp(config, { database: { ...testDb.handle, close: async () => {} }, redis: apiRedis, logger: silentLogger() });
      await api.listen({ port: 0, host: '127.0.0.1' });
      // The worker's own connections, as the workers entry has them.
      expect(await connectRedis(workerRedis)).toBe(true);
      workerBus = await createRedisPokeBus(workerRedis);
      worker = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: TEST_JOBS, reportProgress: progressOnPokeBus(workerBus) }, { redisUrl: TEST_REDIS_URL, queueName });
      await worker.start();
    });
    afterAll(async () => {
      await worker?.queue.obliterate({ force: true });
      await worker?.close();
      await workerBus?.close();
      await closeRedis(workerRedis);
      await api?.close();
      await testDb?.cleanup();
    });

    it('reaches a device whose stream is held by the API', async () => {
      const stream = await openJobEvents(api, (await enrollTestDevice(api, testDb.handle.db, 'site_a')).credential);
      const jobId = await worker.enqueue(effectJob, { n: 3, tenantId: 'tnt_demo', report: true });
      expect(await stream.next()).toEqual({ job: 'test-effect', jobId, fraction: 0.5, note: 'half of job 3', tenantId: 'tnt_demo' });
      expect((await worker.queue.getJob(jobId))?.progress).toEqual({ fraction: 0.5, note: 'half of job 3' });
      await stream.close();
    });
  });
});
