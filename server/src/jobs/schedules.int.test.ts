import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { createBullmqRunner } from './bullmq.runner';
import { createInProcessRunner } from './in-process.runner';
import type { JobDefinition } from './job';
import { jobs } from './registry';
import { createTestJobTables, effectJob, effectsOf, openGate, scheduledJob, startsOf } from './test/test-jobs';
import { waitFor } from './test/wait-for';

const EVERY_MS = 150;
const scheduled = [scheduledJob(EVERY_MS), effectJob] as unknown as readonly JobDefinition[];

describe('job schedules and stopping', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(): Promise<TestDatabase> {
    const testDb = await openTestDatabase('postgres', 'jobs-schedules');
    cleanups.push(() => testDb.cleanup());
    await createTestJobTables(testDb.handle.db);
    return testDb;
  }

  it('gives the tombstone compaction a daily schedule whose input fits the job', () => {
    const compaction = jobs.find((job) => job.name === 'compact-tombstones');
    expect(compaction?.schedule?.everyMs).toBe(24 * 60 * 60 * 1_000);
    for (const job of jobs) if (job.schedule) expect(job.input.safeParse(job.schedule.input).success).toBe(true);
  });

  it('in-process: runs a scheduled job every everyMs until the runner closes', async () => {
    const testDb = await database();
    const runner = createInProcessRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: scheduled });
    cleanups.push(() => runner.close());
    await runner.start();
    expect(await runner.startSchedules()).toEqual(['test-scheduled']);
    await waitFor('three scheduled runs', async () => (await effectsOf(testDb.handle.db)).length >= 3);
    await runner.close();
    const runs = (await effectsOf(testDb.handle.db)).length;
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS * 3));
    expect((await effectsOf(testDb.handle.db)).length).toBe(runs);
  });

  it('BullMQ: keeps one schedule however many workers start it, and runs it every everyMs', async () => {
    const testDb = await database();
    const queueName = `test-schedules-${randomBytes(4).toString('hex')}`;
    const runners = [1, 2].map(() => createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: scheduled }, { redisUrl: TEST_REDIS_URL, queueName }));
    cleanups.push(async () => {
      await runners[0]!.queue.obliterate({ force: true });
      for (const runner of runners) await runner.close();
    });
    for (const runner of runners) {
      await runner.start();
      expect(await runner.startSchedules()).toEqual(['test-scheduled']);
    }
    const schedulers = await runners[0]!.queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([['test-scheduled', EVERY_MS]]);
    expect(schedulers[0]?.template?.opts).toMatchObject({ attempts: 3 });
    await waitFor('three scheduled runs', async () => (await effectsOf(testDb.handle.db)).length >= 3);
  });

  it('BullMQ: drops the schedule of a job that no longer has one', async () => {
    const testDb = await database();
    const queueName = `test-schedules-${randomBytes(4).toString('hex')}`;
    const before = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: scheduled }, { redisUrl: TEST_REDIS_URL, queueName, consume: false });
    const after = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: [effectJob] as unknown as readonly JobDefinition[] }, { redisUrl: TEST_REDIS_URL, queueName, consume: false });
    cleanups.push(async () => {
      await before.queue.obliterate({ force: true });
      await before.close();
      await after.close();
    });
    await before.startSchedules();
    expect(await after.startSchedules()).toEqual([]);
    expect(await after.queue.getJobSchedulers()).toEqual([]);
  });

  it('in-process: closing lets the running job finish and takes no other', async () => {
    const testDb = await database();
    const runner = createInProcessRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: scheduled });
    await runner.start();
    await runner.enqueue(effectJob, { n: 1, holdAt: 'before' });
    await runner.enqueue(effectJob, { n: 2 });
    await waitFor('job 1 to start', async () => (await startsOf(testDb.handle.db, 1)).length > 0);
    const closed = runner.close();
    await openGate(testDb.handle.db, 1);
    await closed;
    expect((await effectsOf(testDb.handle.db)).map((e) => e.n)).toEqual([1]);
    expect(await startsOf(testDb.handle.db, 2)).toEqual([]);
    await expect(runner.enqueue(effectJob, { n: 3 })).rejects.toThrow('the job runner is closed');
  });
});
