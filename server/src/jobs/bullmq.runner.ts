import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import { retryDelay, type JobDefinition, type RetryOptions } from './job';
import { jobIdForKey } from './job-failure';
import { findJobIn, idempotencyKeyOf, jobsOf, performJob, settleFailure, type JobCounts, type JobRun, type JobRunner, type JobRunnerDeps } from './job-runner';

export const DEFAULT_QUEUE_NAME = 'capliquify-jobs';
// Our own backoff type, so a vendor's Retry-After can lengthen the wait (worker settings below).
const BACKOFF_TYPE = 'exponential-retry-after';

export interface BullmqRunnerOptions {
  redisUrl: string;
  /** One queue carries every job type; tests use a unique name each. */
  queueName?: string;
  /** Jobs run at once in this process. */
  concurrency?: number;
  /** false for an API process that only enqueues. */
  consume?: boolean;
  /**
   * How long a worker's claim on a running job lasts without renewal (BullMQ default 30 s): a
   * worker that died mid-job (SIGKILL, lost node) leaves a lock that expires after this long.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired and put them back (BullMQ default 30 s). */
  stalledIntervalMs?: number;
  /** How many times one job may be recovered that way before it fails (and is dead-lettered). */
  maxStalledCount?: number;
}

/** BullMQ's job options for a job's retry rules. */
export function bullmqRetryOptions(retry: RetryOptions): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: retry.attempts, backoff: { type: BACKOFF_TYPE, delay: retry.backoff.delayMs } };
}

const KEEP: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } };

/**
 * Production jobs: BullMQ on Redis, persistent across restarts, one schedule per job across any
 * number of workers, stalled jobs (their worker died) put back after `lockDurationMs`. The job
 * files, `performJob` and the dead-letter rules are the same as in-process.
 */
export function createBullmqRunner(deps: JobRunnerDeps, options: BullmqRunnerOptions): JobRunner & { readonly queue: Queue } {
  // BullMQ's blocking worker connection must retry forever rather than fail a pending command.
  const connection: ConnectionOptions = { url: options.redisUrl, maxRetriesPerRequest: null };
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const log = deps.logger.child({ runner: 'bullmq', queue: queueName });
  // Made on first use: an API instance that never enqueues opens no connection.
  let queue: Queue | undefined;
  const queueOf = () => (queue ??= new Queue(queueName, { connection }));
  let worker: Worker | undefined;

  async function add(name: string, input: unknown, key: string | undefined, retry: RetryOptions): Promise<string> {
    const jobId = key ? jobIdForKey(key) : undefined;
    if (jobId) {
      // A failed run of the key had no effect (the key is recorded only on success): make room for a new one.
      const previous = await queueOf().getJob(jobId);
      if (previous && (await previous.isFailed())) await previous.remove();
    }
    const added = await queueOf().add(name, input, { ...bullmqRetryOptions(retry), ...KEEP, jobId });
    return String(added.id);
  }

  function runOf(job: Job): JobRun {
    return {
      name: job.name, input: job.data, jobId: String(job.id), attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1, runKey: `${queueName}/${String(job.id)}/${job.timestamp}`,
    };
  }

  async function processJob(job: Job): Promise<unknown> {
    const run = runOf(job);
    try {
      return await performJob(run, deps, {
        enqueue: (next, input) => runner.enqueue(next, input),
        onProgress: (progress) => job.updateProgress({ fraction: progress.fraction, note: progress.note ?? null }),
      });
    } catch (error) {
      const outcome = await settleFailure(run, error, deps);
      // Attempts remain but the error is permanent: BullMQ must not retry it.
      if (outcome === 'dead-lettered' && run.attempt < run.attempts) throw new UnrecoverableError((error as Error)?.message ?? String(error));
      throw error;
    }
  }

  const runner: JobRunner & { readonly queue: Queue } = {
    kind: 'bullmq',
    get queue() {
      return queueOf();
    },
    async enqueue<TInput>(job: JobDefinition<TInput>, input: TInput) {
      const parsed = job.input.parse(input);
      return add(job.name, parsed, job.idempotencyKey?.(parsed), job.retry);
    },
    async requeue(name, input) {
      const job = findJobIn(deps, name);
      return add(name, input, idempotencyKeyOf(job, input), job?.retry ?? { attempts: 1, backoff: { type: 'exponential', delayMs: 1_000 } });
    },
    async counts() {
      const byJob = new Map<string, JobCounts>();
      const states = { waiting: ['waiting', 'prioritized', 'paused'], active: ['active'], delayed: ['delayed'] } as const;
      for (const [field, types] of Object.entries(states) as [keyof typeof states, readonly string[]][]) {
        for (const job of await queueOf().getJobs([...types] as never, 0, 9_999)) {
          const row = byJob.get(job.name) ?? { job: job.name, waiting: 0, active: 0, delayed: 0 };
          row[field] += 1;
          byJob.set(job.name, row);
        }
      }
      return [...byJob.values()].sort((a, b) => a.job.localeCompare(b.job));
    },
    async start() {
      if (options.consume === false || worker) return;
      worker = new Worker(queueName, processJob, {
        connection, concurrency: options.concurrency ?? 1, autorun: false,
        // Unset options must be absent, not undefined: BullMQ would take undefined over its defaults.
        ...definedOnly({ lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs, maxStalledCount: options.maxStalledCount }),
        settings: {
          backoffStrategy: (attemptsMade, _type, error, job) => {
            const delayMs = typeof job?.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 1_000) : 1_000;
            return retryDelay({ attempts: job?.opts.attempts ?? 1, backoff: { type: 'exponential', delayMs } }, attemptsMade + 1, error);
          },
        },
      });
      worker.on('failed', (job, error) => {
        // A job failed without our processor (stalled too often, its worker dying each time):
        // dead-letter it here. Same run, same letter id, so a letter already written is kept.
        if (!job || error.name !== 'UnrecoverableError' || !/stalled|started more than/.test(error.message)) return;
        void settleFailure({ ...runOf(job), attempt: Math.max(job.attemptsMade, 1), attempts: 0 }, error, deps);
      });
      worker.on('error', (error) => log.error({ err: error }, 'worker error'));
      void worker.run();
      await worker.waitUntilReady();
    },
    async startSchedules() {
      const scheduled = jobsOf(deps).filter((job) => job.schedule);
      for (const job of scheduled) {
        await queueOf().upsertJobScheduler(job.name, { every: job.schedule!.everyMs }, {
          name: job.name, data: job.schedule!.input, opts: { ...bullmqRetryOptions(job.retry), ...KEEP },
        });
      }
      // A job that lost its schedule in this version stops running by itself.
      const names = new Set(scheduled.map((job) => job.name));
      for (const existing of await queueOf().getJobSchedulers()) {
        if (existing.key && !names.has(existing.key)) await queueOf().removeJobScheduler(existing.key);
      }
      return scheduled.map((job) => job.name);
    },
    async close() {
      // BullMQ's close waits for the running jobs to finish and takes no new ones.
      await worker?.close();
      await queue?.close();
    },
  };
  return runner;
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
