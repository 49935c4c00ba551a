// Jobs for the runners' own tests: real jobs with real effects in a scratch table of the test
// database, so a test counts effects the way an admin would, in the database.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { IntegrationError } from '../../integrations/integration-error';
import { bumpScopeVersion } from '../../sync/sync-rows.repo';
import { completeOnce } from '../complete-once';
import { defineJob, PermanentJobError, type JobDefinition, type RetryOptions } from '../job';

export const FAST_RETRY: RetryOptions = { attempts: 3, backoff: { type: 'exponential', delayMs: 20 } };

/** The scratch tables: every start of a job, every effect, and the gates a test opens. */
export async function createTestJobTables(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists test_job_starts (n integer not null, job_id text not null, attempt integer not null, pid integer not null, at timestamptz not null default now())`.execute(db);
  // No unique key on purpose: an effect applied twice shows as two rows.
  await sql`create table if not exists test_job_effects (n integer not null, job_id text not null, pid integer not null)`.execute(db);
  await sql`create table if not exists test_job_gates (n integer primary key)`.execute(db);
}

export async function openGate(db: Kysely<Database>, n: number): Promise<void> {
  await sql`insert into test_job_gates (n) values (${n}) on conflict do nothing`.execute(db);
}

export async function effectsOf(db: Kysely<Database>): Promise<{ n: number; pid: number }[]> {
  return (await sql<{ n: number; pid: number }>`select n, pid from test_job_effects order by n, pid`.execute(db)).rows;
}

export async function startsOf(db: Kysely<Database>, n: number): Promise<{ attempt: number; pid: number }[]> {
  return (await sql<{ attempt: number; pid: number }>`select attempt, pid from test_job_starts where n = ${n} order by at`.execute(db)).rows;
}

async function gateIsOpen(db: Kysely<Database>, n: number): Promise<boolean> {
  return (await sql`select 1 from test_job_gates where n = ${n}`.execute(db)).rows.length > 0;
}

async function waitForGate(db: Kysely<Database>, n: number): Promise<void> {
  while (!(await gateIsOpen(db, n))) await sleep(25);
}

const input = z.object({
  n: z.number().int(),
  tenantId: z.string().optional(),
  /** Fails (retryably) on every attempt before this one. */
  succeedOnAttempt: z.number().int().min(1).optional(),
  /** Fails permanently while the test has not opened gate n. */
  permanentUntilGate: z.boolean().optional(),
  /** Waits for gate n before its effect, or after it (between the effect and the job's end). */
  holdAt: z.enum(['before', 'after']).optional(),
  /** Fails its first attempt as a vendor's 429 asking to wait this many milliseconds. */
  rateLimitedForMs: z.number().int().min(1).optional(),
  /** Reports progress at 0.5 with a note, before its effect. */
  report: z.boolean().optional(),
});
export type TestJobInput = z.infer<typeof input>;

function testJob(name: string, options: { keyed: boolean }): JobDefinition<TestJobInput, { n: number; applied: boolean }> {
  return defineJob({
    name,
    input,
    retry: FAST_RETRY,
    ...(options.keyed ? { idempotencyKey: (i: TestJobInput) => `${name}:${i.n}` } : {}),
    async perform(i, ctx) {
      await sql`insert into test_job_starts (n, job_id, attempt, pid) values (${i.n}, ${ctx.jobId}, ${ctx.attempt}, ${process.pid})`.execute(ctx.db);
      if (i.rateLimitedForMs && ctx.attempt === 1) throw new IntegrationError('xero', 'rate_limited', 'Xero answered 429', { status: 429, retryAfterMs: i.rateLimitedForMs });
      if (i.succeedOnAttempt && ctx.attempt < i.succeedOnAttempt) throw new Error(`attempt ${ctx.attempt} of job ${i.n} failed`);
      if (i.permanentUntilGate && !(await gateIsOpen(ctx.db, i.n))) throw new PermanentJobError(`job ${i.n} cannot work until its gate opens`);
      if (i.report) await ctx.progress(0.5, `half of job ${i.n}`);
      if (i.holdAt === 'before') await waitForGate(ctx.db, i.n);
      const effect = (db: Kysely<Database>) => sql`insert into test_job_effects (n, job_id, pid) values (${i.n}, ${ctx.jobId}, ${process.pid})`.execute(db);
      let applied = true;
      if (options.keyed) applied = (await completeOnce(ctx, `${name}:${i.n}`, async (trx) => { await effect(trx); return { n: i.n, appliedBy: process.pid }; })).applied;
      else await effect(ctx.db);
      if (i.holdAt === 'after') await waitForGate(ctx.db, i.n);
      return { n: i.n, applied };
    },
  });
}

/** Applies its effect on every successful run. */
export const effectJob = testJob('test-effect', { keyed: false });
/** The same, with an idempotency key per `n` and the effect recorded with the key (`completeOnce`). */
export const keyedEffectJob = testJob('test-keyed-effect', { keyed: true });

/** Scheduled every `everyMs`: each run is one effect row with n = 0. */
export function scheduledJob(everyMs: number): JobDefinition<{ n: number }> {
  return defineJob({
    name: 'test-scheduled',
    input: z.object({ n: z.number().int() }),
    retry: FAST_RETRY,
    schedule: { everyMs, input: { n: 0 } },
    async perform(i, ctx) {
      await sql`insert into test_job_effects (n, job_id, pid) values (${i.n}, ${ctx.jobId}, ${process.pid})`.execute(ctx.db);
    },
  });
}

/** Moves a scope's version as a job replicating rows does, then fails for good when asked to. */
export const scopeTouchJob = defineJob({
  name: 'test-scope-touch',
  input: z.object({ tenantId: z.string(), scope: z.string(), failAfter: z.boolean().optional() }),
  retry: { attempts: 1, backoff: { type: 'exponential', delayMs: 10 } },
  async perform(i, ctx) {
    await ctx.db.transaction().execute((trx) => bumpScopeVersion(trx, i.tenantId, i.scope));
    if (i.failAfter) throw new PermanentJobError('failed after its change was committed');
  },
});

export const TEST_JOBS: readonly JobDefinition[] = [effectJob, keyedEffectJob, scopeTouchJob] as unknown as readonly JobDefinition[];
