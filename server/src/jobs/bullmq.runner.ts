import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { JobDefinition } from './job';
import { performJob, type JobRunner, type JobRunnerDeps } from './job-runner';

export const DEFAULT_QUEUE_NAME = 'capliquify-jobs';

export interface BullmqRunnerOptions {
  redisUrl: string;
  /** One queue carries every job type; tests use a unique name each. */
  queueName?: string;
  /** Jobs run at once in this process. */
  concurrency?: number;
  /** false for an API process that only enqueues. */
  consume?: boolean;
}

/**
 * Production jobs: BullMQ on Redis. Retries, backoff and persistence are BullMQ's; the job files
 * and `performJob` are the same as in-process.
 */
export function createBullmqRunner(deps: JobRunnerDeps, options: BullmqRunnerOptions): JobRunner & { queue: Queue } {
  // BullMQ's blocking worker connection must retry forever rather than fail a pending command.
  const connection: ConnectionOptions = { url: options.redisUrl, maxRetriesPerRequest: null };
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const queue = new Queue(queueName, { connection });
  const log = deps.logger.child({ runner: 'bullmq', queue: queueName });
  let worker: Worker | undefined;

  return {
    kind: 'bullmq',
    queue,
    async enqueue<TInput>(job: JobDefinition<TInput>, input: TInput) {
      const added = await queue.add(job.name, job.input.parse(input), {
        attempts: job.retry.attempts,
        backoff: { type: job.retry.backoff.type, delay: job.retry.backoff.delayMs },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 5_000 },
      });
      return String(added.id);
    },
    async start() {
      if (options.consume === false || worker) return;
      worker = new Worker(
        queueName,
        (job) => performJob(job.name, job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 }, deps),
        { connection, concurrency: options.concurrency ?? 1, autorun: false },
      );
      worker.on('failed', (job, error) => log.warn({ err: error, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed'));
      worker.on('error', (error) => log.error({ err: error }, 'worker error'));
      void worker.run();
      await worker.waitUntilReady();
    },
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
