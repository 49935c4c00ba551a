import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { insertDeadLetter } from './dead-letters.repo';
import { PermanentJobError, type JobConfig, type JobContext, type JobDefinition } from './job';
import { deadLetterId, describeError, inputMismatch, isPermanent, tenantOf } from './job-failure';
import { claimKey, findCompletedKey } from './job-idempotency.repo';
import { jobs as registeredJobs } from './registry';
import { watchScopes, type AnnounceScopes } from './scope-announcer';

/** Jobs waiting, running and waiting out a backoff, per job name. */
export interface JobCounts { job: string; waiting: number; active: number; delayed: number }

/** What producers (API routes, tRPC procedures, fan-out jobs, the CLI) need: putting jobs on the queue. */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  /**
   * Validates the input and queues the job; resolves with its id once queued. A job with an
   * idempotency key already queued or running is not queued twice: its id comes back.
   */
  enqueue<TInput>(job: JobDefinition<TInput>, input: TInput): Promise<string>;
  /**
   * Queues a job by name with input as stored (a dead letter's retry). The input is checked when
   * it runs, so one that no longer fits the job is dead-lettered again with the reason.
   */
  requeue(name: string, input: unknown): Promise<string>;
  counts(): Promise<JobCounts[]>;
}

export interface JobRunner extends JobQueue {
  /** Starts taking jobs. */
  start(): Promise<void>;
  /** Runs every job that has a `schedule` every `everyMs` (one schedule however many runners); returns their names. */
  startSchedules(): Promise<string[]>;
  /** Stops taking jobs and lets the running one finish; queued jobs stay queued (BullMQ) or are dropped (in-process). */
  close(): Promise<void>;
}

export interface JobProgress {
  job: string;
  jobId: string;
  /** 0–1. */
  fraction: number;
  note?: string;
  /** The tenant the job works for (its input's tenantId); null for jobs across tenants. */
  tenantId: string | null;
}

export interface JobRunnerDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** The jobs this runner knows; the registry of `*.job.ts` files unless a test brings its own. */
  jobs?: readonly JobDefinition[];
  /** Where `ctx.progress` goes (the live stream); progress is only logged without it. */
  reportProgress?: (progress: JobProgress) => Promise<void>;
  /** The process's configuration, handed to every job as `ctx.config`. */
  config?: JobConfig;
  /** Pokes the stations of the scopes a job changed (the poke bus); without it they wait for their next poll. */
  announceScopes?: AnnounceScopes;
}

/** One attempt of one queued job, as both runners describe it. */
export interface JobRun {
  name: string;
  input: unknown;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Attempts allowed in all. */
  attempts: number;
  /** Names this queued run uniquely (queue, id, time queued): its dead letter's id derives from it. */
  runKey: string;
}

export function jobsOf(deps: Pick<JobRunnerDeps, 'jobs'>): readonly JobDefinition[] {
  return deps.jobs ?? (registeredJobs as unknown as readonly JobDefinition[]);
}

export function findJobIn(deps: Pick<JobRunnerDeps, 'jobs'>, name: string): JobDefinition | undefined {
  return jobsOf(deps).find((job) => job.name === name);
}

/** The key a run would be deduplicated on, when its input fits the job; undefined otherwise. */
export function idempotencyKeyOf(job: JobDefinition | undefined, input: unknown): string | undefined {
  if (!job?.idempotencyKey) return undefined;
  const parsed = job.input.safeParse(input);
  return parsed.success ? job.idempotencyKey(parsed.data) : undefined;
}

/**
 * Runs one attempt of a queued job: the single path both runners share. Unknown job names and
 * input outside the job's schema fail permanently; a job whose idempotency key is already
 * recorded completes at once without running; after a success the key is recorded (when the job
 * did not record it with its effect through `completeOnce`).
 */
export async function performJob(
  run: Pick<JobRun, 'name' | 'input' | 'jobId' | 'attempt'>,
  deps: JobRunnerDeps,
  hooks: { enqueue: JobContext['enqueue']; onProgress?: (progress: JobProgress) => Promise<void> },
): Promise<unknown> {
  const job = findJobIn(deps, run.name);
  if (!job) throw new PermanentJobError(`unknown job "${run.name}": this version of the server has no such job`);
  const parsed = job.input.safeParse(run.input);
  if (!parsed.success) throw inputMismatch(run.name, parsed.error);
  const input = parsed.data;
  const log = deps.logger.child({ job: run.name, jobId: run.jobId, attempt: run.attempt });
  const key = job.idempotencyKey?.(input);
  if (key) {
    const done = await findCompletedKey(deps.db, key);
    if (done) {
      log.info({ key }, 'already completed under its idempotency key; nothing to do');
      return done.result;
    }
  }
  const tenantId = tenantOf(input);
  const ctx: JobContext = {
    db: deps.db, log, jobId: run.jobId, attempt: run.attempt, job: run.name, enqueue: hooks.enqueue, config: deps.config,
    progress: async (fraction, note) => {
      const progress: JobProgress = { job: run.name, jobId: run.jobId, fraction: Math.min(1, Math.max(0, fraction)), note, tenantId };
      log.debug({ fraction: progress.fraction, note }, 'job progress');
      // Progress is a courtesy to the people watching: failing to report it never fails the job.
      try {
        await hooks.onProgress?.(progress);
        await deps.reportProgress?.(progress);
      } catch (error) {
        log.warn({ err: error }, 'could not report job progress');
      }
    },
  };
  const watch = deps.announceScopes ? await watchScopes(deps.db, deps.announceScopes, log) : null;
  try {
    const result = await job.perform(input, ctx);
    if (key) await claimKey(deps.db, key, run.name, result);
    return result;
  } finally {
    await watch?.announce();
  }
}

/**
 * After a failed attempt: 'retry' while attempts remain and the error is not permanent;
 * otherwise the job goes to the dead letters (job, input, reason, attempts, tenant) and
 * 'dead-lettered' comes back.
 */
export async function settleFailure(run: JobRun, error: unknown, deps: Pick<JobRunnerDeps, 'db' | 'logger'>): Promise<'retry' | 'dead-lettered'> {
  const log = deps.logger.child({ job: run.name, jobId: run.jobId, attempt: run.attempt });
  const permanent = isPermanent(error);
  if (!permanent && run.attempt < run.attempts) {
    log.warn({ err: error }, `job failed (attempt ${run.attempt} of ${run.attempts}); will retry`);
    return 'retry';
  }
  const id = deadLetterId(run.runKey);
  try {
    await insertDeadLetter(deps.db, { id, tenantId: tenantOf(run.input), job: run.name, input: run.input, error: describeError(error), attempts: run.attempt });
    log.error({ err: error, deadLetterId: id }, permanent ? 'job failed permanently; kept in the dead letters' : 'job failed on its last attempt; kept in the dead letters');
  } catch (writeError) {
    log.error({ err: error, writeError, deadLetterId: id }, 'job failed for good and its dead letter could not be written');
  }
  return 'dead-lettered';
}
