import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { insertFixture } from '../../test/fixture';
import { silentLogger } from '../../test/logs';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { createBullmqRunner } from './bullmq.runner';
import { deadLetters, discardDeadLetter, retryDeadLetter } from './dead-letters.service';
import { createInProcessRunner } from './in-process.runner';
import type { JobRunner } from './job-runner';
import { createTestJobTables, effectJob, effectsOf, keyedEffectJob, openGate, startsOf, TEST_JOBS } from './test/test-jobs';
import { waitFor } from './test/wait-for';

// The same rules on both runners: the in-process runner on PGlite (the embedded default) and
// BullMQ on the real Redis with PostgreSQL (production).

interface Harness {
  db: Kysely<Database>;
  runner: JobRunner;
  /** Resolves once nothing is queued, running or waiting out a backoff. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const harnesses: [string, () => Promise<Harness>][] = [
  ['in-process runner on PGlite', async () => {
    const testDb = await openTestDatabase('pglite', 'jobs-in-process');
    const runner = createInProcessRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: TEST_JOBS });
    return { db: testDb.handle.db, runner, settle: () => runner.idle(), close: async () => { await runner.close(); await testDb.cleanup(); } };
  }],
  ['BullMQ runner on Redis and PostgreSQL', async () => {
    const testDb = await openTestDatabase('postgres', 'jobs-bullmq');
    const runner = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: TEST_JOBS }, { redisUrl: TEST_REDIS_URL, queueName: `test-jobs-${randomBytes(4).toString('hex')}` });
    const settle = () => waitFor('the queue to drain', async () => (await runner.counts()).length === 0).then(() => undefined);
    return { db: testDb.handle.db, runner, settle, close: async () => { await runner.queue.obliterate({ force: true }); await runner.close(); await testDb.cleanup(); } };
  }],
];

describe.each(harnesses)('%s', (_label, open) => {
  let h: Harness;
  const letterOf = async (n: number) => (await deadLetters(h.db, { includeResolved: true })).find((l) => (l.input as { n?: unknown }).n === n);

  beforeAll(async () => {
    h = await open();
    await insertFixture(h.db);
    await createTestJobTables(h.db);
    await h.runner.start();
  });
  afterAll(() => h?.close());

  it('retries a failing job with its backoff until it succeeds', async () => {
    await h.runner.enqueue(effectJob, { n: 1, succeedOnAttempt: 3 });
    await h.settle();
    expect((await startsOf(h.db, 1)).map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect((await effectsOf(h.db)).filter((e) => e.n === 1)).toHaveLength(1);
    expect(await letterOf(1)).toBeUndefined();
  });

  it('keeps a job that failed its last attempt in the dead letters, with input, reason, attempts and tenant', async () => {
    await h.runner.enqueue(effectJob, { n: 2, succeedOnAttempt: 99, tenantId: 'tnt_demo' });
    await h.settle();
    expect((await startsOf(h.db, 2)).map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(await letterOf(2)).toMatchObject({
      job: 'test-effect', input: { n: 2, succeedOnAttempt: 99, tenantId: 'tnt_demo' }, error: 'attempt 3 of job 2 failed',
      attempts: 3, tenantId: 'tnt_demo', resolution: null,
    });
  });

  it('dead-letters a permanent error at once, with its reason; a tenant id naming no tenant is kept as none', async () => {
    await h.runner.enqueue(effectJob, { n: 3, permanentUntilGate: true, tenantId: 'tnt_nobody' });
    await h.settle();
    expect((await startsOf(h.db, 3)).map((s) => s.attempt)).toEqual([1]);
    expect(await letterOf(3)).toMatchObject({ error: 'job 3 cannot work until its gate opens', attempts: 1, tenantId: null });
  });

  it('retries a dead letter with the same input: it runs again, succeeds, and the letter is marked retried once', async () => {
    const letter = (await letterOf(3))!;
    await openGate(h.db, 3);
    const retried = await retryDeadLetter(h.db, h.runner, letter.id, {});
    expect(retried).toMatchObject({ deadLetterId: letter.id, job: 'test-effect' });
    await h.settle();
    expect((await effectsOf(h.db)).filter((e) => e.n === 3)).toHaveLength(1);
    expect(await letterOf(3)).toMatchObject({ id: letter.id, resolution: 'retried' });
    const again = await retryDeadLetter(h.db, h.runner, letter.id, {}).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe('CONFLICT');
  });

  it('discards a dead letter: it leaves the open list and is kept as discarded', async () => {
    const letter = (await letterOf(2))!;
    expect(await discardDeadLetter(h.db, letter.id, {})).toEqual({ deadLetterId: letter.id, job: 'test-effect' });
    expect((await deadLetters(h.db, {})).map((l) => l.id)).not.toContain(letter.id);
    expect(await letterOf(2)).toMatchObject({ resolution: 'discarded' });
    expect((await effectsOf(h.db)).filter((e) => e.n === 2)).toEqual([]);
  });

  it('dead-letters input that fails the job schema, or a job it does not know, with a readable reason, and goes on working', async () => {
    await h.runner.requeue('test-effect', { n: 'five' });
    await h.runner.requeue('no-such-job', { n: 5 });
    await h.runner.enqueue(effectJob, { n: 6 });
    await h.settle();
    const letters = await deadLetters(h.db, {});
    expect(letters.find((l) => l.job === 'test-effect' && (l.input as { n: unknown }).n === 'five')).toMatchObject({
      error: 'input does not match the "test-effect" job: n: expected number, received string', attempts: 1,
    });
    expect(letters.find((l) => l.job === 'no-such-job')).toMatchObject({ error: 'unknown job "no-such-job": this version of the server has no such job', attempts: 1 });
    expect((await effectsOf(h.db)).filter((e) => e.n === 6)).toHaveLength(1);
  });

  it('refuses input outside the schema when a job is enqueued', async () => {
    await expect(h.runner.enqueue(effectJob, { n: 'one' } as unknown as { n: number })).rejects.toThrow();
  });

  it('runs a job once per idempotency key, however often it is enqueued', async () => {
    const [first, second] = await Promise.all([h.runner.enqueue(keyedEffectJob, { n: 7 }), h.runner.enqueue(keyedEffectJob, { n: 7 })]);
    expect(second).toBe(first);
    await h.settle();
    await h.runner.enqueue(keyedEffectJob, { n: 7 });
    await h.settle();
    expect((await effectsOf(h.db)).filter((e) => e.n === 7)).toHaveLength(1);
    const key = await h.db.selectFrom('job_idempotency').select(['key', 'job']).where('key', '=', 'test-keyed-effect:7').executeTakeFirst();
    expect(key).toEqual({ key: 'test-keyed-effect:7', job: 'test-keyed-effect' });
  });

  it('completes a job whose key is already recorded without running it', async () => {
    await h.db.insertInto('job_idempotency').values({ key: 'test-keyed-effect:8', job: 'test-keyed-effect' }).execute();
    await h.runner.enqueue(keyedEffectJob, { n: 8 });
    await h.settle();
    expect(await startsOf(h.db, 8)).toEqual([]);
    expect((await effectsOf(h.db)).filter((e) => e.n === 8)).toEqual([]);
  });

  it('counts queued and running jobs per job', async () => {
    await h.runner.enqueue(effectJob, { n: 9, holdAt: 'before' });
    await h.runner.enqueue(effectJob, { n: 10 });
    await waitFor('job 9 to start', async () => (await startsOf(h.db, 9)).length > 0);
    expect(await h.runner.counts()).toEqual([{ job: 'test-effect', waiting: 1, active: 1, delayed: 0 }]);
    await openGate(h.db, 9);
    await h.settle();
    expect((await effectsOf(h.db)).filter((e) => e.n === 9 || e.n === 10).map((e) => e.n)).toEqual([9, 10]);
  });
});

describe('BullMQ retry delays', () => {
  let testDb: TestDatabase;
  let runner: ReturnType<typeof createBullmqRunner>;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'jobs-retry-after');
    await createTestJobTables(testDb.handle.db);
    runner = createBullmqRunner({ db: testDb.handle.db, logger: silentLogger(), jobs: TEST_JOBS }, { redisUrl: TEST_REDIS_URL, queueName: `test-retry-after-${randomBytes(4).toString('hex')}` });
    await runner.start();
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await testDb?.cleanup();
  });

  it("waits as long as the vendor's Retry-After before the next attempt, not just the backoff", async () => {
    const id = await runner.enqueue(effectJob, { n: 1, rateLimitedForMs: 60_000 });
    const job = await waitFor('the rate-limited attempt to be put off', async () => {
      const found = await runner.queue.getJob(id);
      return (await found?.getState()) === 'delayed' && found;
    });
    expect(job.delay).toBe(60_000);
    expect(job.attemptsMade).toBe(1);
  });
});
