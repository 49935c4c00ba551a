import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../db/schema';

/** What a job gets to do its work; nothing else (no HTTP request, no global state). */
export interface JobContext {
  db: Kysely<Database>;
  /** Carries `jobId` and `job` on every line. */
  log: Logger;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
}

export interface RetryOptions {
  attempts: number;
  backoff: { type: 'exponential'; delayMs: number };
}

/** One job per `*.job.ts` file: a name, its input schema, `perform()` and how to retry it. */
export interface JobDefinition<TInput = unknown, TResult = unknown> {
  name: string;
  input: z.ZodType<TInput>;
  retry: RetryOptions;
  perform(input: TInput, ctx: JobContext): Promise<TResult>;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, backoff: { type: 'exponential', delayMs: 1_000 } };

/** Keeps the input type of `perform` tied to the schema. */
export function defineJob<TInput, TResult>(job: JobDefinition<TInput, TResult>): JobDefinition<TInput, TResult> {
  return job;
}

/** Delay before retry number `attempt` (2, 3, …): delay, 2×delay, 4×delay… */
export function backoffDelay(retry: RetryOptions, attempt: number): number {
  return retry.backoff.delayMs * 2 ** Math.max(0, attempt - 2);
}
