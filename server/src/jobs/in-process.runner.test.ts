import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../test/logs';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import { createInProcessRunner } from './in-process.runner';
import { defineJob, type JobDefinition } from './job';

// A real (if small) job: it fails until its third attempt, recording each try.
function flakyJob(tries: number[], failUntil: number) {
  return defineJob({
    name: 'flaky',
    input: z.object({ n: z.number() }),
    retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 1 } },
    async perform(input, ctx) {
      tries.push(ctx.attempt);
      if (ctx.attempt < failUntil) throw new Error(`attempt ${ctx.attempt} failed`);
      return input.n;
    },
  });
}

describe('in-process job runner', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  function runnerWith(job: JobDefinition<never>) {
    const runner = createInProcessRunner({
      db: {} as Kysely<Database>,
      logger: silentLogger(),
      findJob: (name) => (name === job.name ? (job as unknown as JobDefinition) : undefined),
    });
    close = () => runner.close();
    return runner;
  }

  it('retries a failing job with its retry options until it succeeds', async () => {
    const tries: number[] = [];
    const job = flakyJob(tries, 3);
    const runner = runnerWith(job as unknown as JobDefinition<never>);
    await runner.start();
    await runner.enqueue(job, { n: 1 });
    await runner.idle();
    expect(tries).toEqual([1, 2, 3]);
  });

  it('gives up after the last attempt and goes on with the next job', async () => {
    const tries: number[] = [];
    const job = flakyJob(tries, 99);
    const runner = runnerWith(job as unknown as JobDefinition<never>);
    await runner.start();
    await runner.enqueue(job, { n: 1 });
    await runner.enqueue(job, { n: 2 });
    await runner.idle();
    expect(tries).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('validates input when a job is enqueued', async () => {
    const job = flakyJob([], 1);
    const runner = runnerWith(job as unknown as JobDefinition<never>);
    await expect(runner.enqueue(job, { n: 'one' } as unknown as { n: number })).rejects.toThrow();
  });
});
