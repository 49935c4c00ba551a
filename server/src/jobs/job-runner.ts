import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { JobContext, JobDefinition } from './job';
import { findJob } from './registry';

export interface JobRunner {
  readonly kind: 'bullmq' | 'in-process';
  /** Validates the input and queues the job; resolves with its id once queued. */
  enqueue<TInput>(job: JobDefinition<TInput>, input: TInput): Promise<string>;
  /** Starts taking jobs. */
  start(): Promise<void>;
  /** Lets the running job finish, then stops; queued jobs stay queued (BullMQ) or are dropped. */
  close(): Promise<void>;
}

export interface JobRunnerDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** Where job names are looked up; the registry of `*.job.ts` files unless a test brings its own. */
  findJob?: (name: string) => JobDefinition | undefined;
  /** Where `ctx.progress` goes (the live stream); progress is dropped without it. */
  reportProgress?: (progress: { job: string; jobId: string; fraction: number; note?: string }) => Promise<void>;
}

/** Runs one attempt of a named job: the single path both runners share. */
export async function performJob(
  name: string,
  rawInput: unknown,
  meta: { jobId: string; attempt: number },
  deps: JobRunnerDeps,
): Promise<unknown> {
  const job = (deps.findJob ?? findJob)(name);
  if (!job) throw new Error(`unknown job "${name}"`);
  const input = job.input.parse(rawInput);
  const ctx: JobContext = {
    db: deps.db, log: deps.logger.child({ job: name, jobId: meta.jobId }), jobId: meta.jobId, attempt: meta.attempt,
    progress: async (fraction, note) => { await deps.reportProgress?.({ job: name, jobId: meta.jobId, fraction, note }); },
  };
  return job.perform(input, ctx);
}
