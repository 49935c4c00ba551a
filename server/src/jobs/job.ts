import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import type { ServerConfig } from '../config';

/** What a job gets to do its work; nothing else (no HTTP request, no global state). */
export interface JobContext {
  db: Kysely<Database>;
  /** Carries `jobId` and `job` on every line. */
  log: Logger;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Reports how far the job got (0–1) with a short note; reaches admins' desktops over the live stream. */
  progress(fraction: number, note?: string): Promise<void>;
  /** The running job's name (the runners set it; `completeOnce` records it with the key). */
  job?: string;
  /**
   * Queues another job (a scheduled fan-out queuing one job per integration, say). The runners set
   * it; a test calling `perform()` directly may leave it out, and the job then does the work itself.
   */
  enqueue?<TInput>(job: JobDefinition<TInput>, input: TInput): Promise<string>;
  /**
   * The configuration the process's entry read (the API's, the workers', the CLI's): what a job
   * needs besides the database, such as Redis, the reports folder or the SMTP server. Absent in a
   * test that calls `perform()` without one.
   */
  config?: JobConfig;
}

/** What of the process's configuration jobs read. */
export type JobConfig = Partial<Pick<ServerConfig, 'redisUrl' | 'reports'>>;

/** How often a scheduled job runs (the runner adds it once; BullMQ keeps one schedule across workers). */
export interface JobSchedule {
  everyMs: number;
  /** The input each scheduled run gets. */
  input: unknown;
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
  /** Runs by itself this often (a fan-out job that enqueues one job per integration, say). */
  schedule?: JobSchedule;
  /**
   * The same key means the same effect: a job enqueued twice, or retried after it completed,
   * runs once (the key is kept in job_idempotency once the job succeeds).
   */
  idempotencyKey?(input: TInput): string;
  perform(input: TInput, ctx: JobContext): Promise<TResult>;
}

/**
 * A failure that retrying cannot fix (a malformed payload, a dead credential): the runner puts
 * the job in the dead letters at once, with this message as the reason. Anything with
 * `permanent === true` (IntegrationError) counts too.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
  readonly permanent = true;
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

/**
 * Delay before retry number `attempt` after `error`: the backoff, or longer when the vendor said
 * how long to wait (an IntegrationError's `details.retryAfterMs`: a 429's Retry-After, a spent
 * daily quota), so the retries are not spent while the vendor still refuses.
 */
export function retryDelay(retry: RetryOptions, attempt: number, error: unknown): number {
  const asked = (error as { details?: { retryAfterMs?: unknown } } | null)?.details?.retryAfterMs;
  const retryAfter = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? asked : 0;
  return Math.max(backoffDelay(retry, attempt), Math.ceil(retryAfter));
}
