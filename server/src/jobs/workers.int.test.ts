import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { silentLogger } from '../../test/logs';
import { runScript } from '../../test/spawn';
import { createBullmqRunner } from './bullmq.runner';
import { spawnWorker, type WorkerProcess, type WorkerProcessOptions } from './test/spawn-worker';
import { createTestJobTables, effectsOf, keyedEffectJob, openGate, startsOf, TEST_JOBS } from './test/test-jobs';
import { waitFor } from './test/wait-for';

// Real worker processes on the real Redis and PostgreSQL: killed mid-job, stopped politely.
describe('workers processes', () => {
  let testDb: TestDatabase;
  let producer: ReturnType<typeof createBullmqRunner>;
  let options: WorkerProcessOptions;
  const spawned: WorkerProcess[] = [];
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'jobs-workers');
    await createTestJobTables(db());
    const queueName = `test-workers-${randomBytes(4).toString('hex')}`;
    // Short locks so a dead worker's job is recovered in about a second, not BullMQ's 30 s.
    options = { databaseUrl: testDb.config.databaseUrl!, redisUrl: TEST_REDIS_URL, queueName, concurrency: 2, lockDurationMs: 1_000, stalledIntervalMs: 500 };
    producer = createBullmqRunner({ db: db(), logger: silentLogger(), jobs: TEST_JOBS }, { redisUrl: TEST_REDIS_URL, queueName, consume: false });
  });
  afterAll(async () => {
    for (const worker of spawned) worker.child.kill('SIGKILL');
    await producer?.queue.obliterate({ force: true });
    await producer?.close();
    await testDb?.cleanup();
  });

  async function worker(overrides: Partial<WorkerProcessOptions> = {}): Promise<WorkerProcess> {
    const started = await spawnWorker({ ...options, ...overrides });
    spawned.push(started);
    return started;
  }

  it('completes every job exactly once in effect when a worker is killed mid-job and another takes over', async () => {
    // Job 1 is killed after its effect committed, job 2 before its effect; 3 and 4 wait in the queue.
    const ids = [
      await producer.enqueue(keyedEffectJob, { n: 1, holdAt: 'after' }),
      await producer.enqueue(keyedEffectJob, { n: 2, holdAt: 'before' }),
      await producer.enqueue(keyedEffectJob, { n: 3 }),
      await producer.enqueue(keyedEffectJob, { n: 4 }),
    ];
    const first = await worker();
    const firstPid = first.child.pid!;
    await waitFor('job 1 to apply its effect and job 2 to start', async () =>
      (await effectsOf(db())).some((e) => e.n === 1) && (await startsOf(db(), 2)).length > 0);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await openGate(db(), 1);
    await openGate(db(), 2);

    const second = await worker();
    await waitFor('all four jobs to complete', async () => (await producer.queue.getJobCounts('completed')).completed === 4);
    expect((await effectsOf(db())).map((e) => e.n)).toEqual([1, 2, 3, 4]);
    const jobs = await Promise.all(ids.map((id) => producer.queue.getJob(id)));
    // Jobs 1 and 2 were put back after their worker died…
    expect(jobs.map((job) => job?.stalledCounter)).toEqual([1, 1, 0, 0]);
    // …job 1's effect is the dead worker's, kept rather than applied again; job 2's is the new worker's.
    expect(jobs[0]?.returnvalue).toEqual({ n: 1, appliedBy: firstPid });
    expect((await effectsOf(db())).find((e) => e.n === 2)?.pid).toBe(second.child.pid);
    expect(await db().selectFrom('dead_letters').select('id').execute()).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('on SIGTERM stops taking jobs, lets the running one finish, and exits cleanly', async () => {
    const running = await producer.enqueue(keyedEffectJob, { n: 5, holdAt: 'before' });
    const waiting = await producer.enqueue(keyedEffectJob, { n: 6 });
    const started = await worker({ concurrency: 1 });
    await waitFor('job 5 to start', async () => (await startsOf(db(), 5)).length > 0);
    started.child.kill('SIGTERM');
    await waitFor('the worker to begin stopping', async () => started.output().includes('SIGTERM: stopping'));
    await openGate(db(), 5);
    expect(await started.exited).toBe(0);
    expect(await (await producer.queue.getJob(running))?.getState()).toBe('completed');
    expect(await (await producer.queue.getJob(waiting))?.getState()).toBe('waiting');
    expect((await effectsOf(db())).filter((e) => e.n >= 5).map((e) => e.n)).toEqual([5]);
  });

  it('refuses to start without REDIS_URL, saying why', async () => {
    const result = await runScript('src/workers.ts', [], { DATABASE_URL: testDb.config.databaseUrl! });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('capliquify workers: the workers need REDIS_URL (BullMQ); without Redis the API runs the jobs in its own process\n');
  });
});
