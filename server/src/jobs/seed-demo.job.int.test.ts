import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { createBullmqRunner } from './bullmq.runner';
import { seedDemoJob } from './seed-demo.job';

const END_DATE = '2026-06-30';

describe('seed-demo job', () => {
  describe('perform() on PGlite', () => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await openTestDatabase('pglite', 'seed-job');
    });
    afterAll(() => testDb.cleanup());

    it('seeds an empty database once, then does nothing', async () => {
      const ctx = { db: testDb.handle.db, log: silentLogger(), jobId: 'direct-1', attempt: 1, progress: async () => {} };
      const first = await seedDemoJob.perform({ size: 'small', endDate: END_DATE }, ctx);
      expect(first.seeded).toBe(true);
      expect(first.counts.items).toBeGreaterThan(0);
      const second = await seedDemoJob.perform({ size: 'small', endDate: END_DATE }, ctx);
      expect(second).toEqual({ seeded: false, counts: {} });
      expect(await testDb.handle.db.selectFrom('tenants').select('id').execute()).toEqual([{ id: 'tnt_demo' }]);
    });

    it('refuses input outside its schema', () => {
      expect(seedDemoJob.input.safeParse({ size: 'huge' }).success).toBe(false);
      expect(seedDemoJob.input.safeParse({ size: 'small', endDate: '30/06/2026' }).success).toBe(false);
    });
  });

  describe('through BullMQ on Redis, on PostgreSQL', () => {
    let testDb: TestDatabase;
    const queueName = `test-seed-demo-${randomBytes(4).toString('hex')}`;
    let runner: ReturnType<typeof createBullmqRunner>;
    let events: QueueEvents;

    beforeAll(async () => {
      testDb = await openTestDatabase('postgres', 'seed-bullmq');
      runner = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger() }, { redisUrl: TEST_REDIS_URL, queueName });
      events = new QueueEvents(queueName, { connection: { url: TEST_REDIS_URL } });
      await events.waitUntilReady();
      await runner.start();
    });
    afterAll(async () => {
      await events?.close();
      await runner?.queue.obliterate({ force: true });
      await runner?.close();
      await testDb?.cleanup();
    });

    it('runs the job from the queue with its retry options', async () => {
      const id = await runner.enqueue(seedDemoJob, { size: 'small', endDate: END_DATE });
      const job = await runner.queue.getJob(id);
      // Exponential from 1 s, lengthened when a vendor asks for more (the runner's own backoff strategy).
      expect(job?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential-retry-after', delay: 1_000 } });
      const result = (await job!.waitUntilFinished(events)) as { seeded: boolean };
      expect(result.seeded).toBe(true);
      const tenants = await testDb.handle.db.selectFrom('tenants').select('id').execute();
      expect(tenants).toEqual([{ id: 'tnt_demo' }]);
    });
  });
});
