import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { PermanentJobError } from './job';

/** Retrying cannot help: a PermanentJobError, an IntegrationError of kind auth/needs_reauth/bad_payload… */
export function isPermanent(error: unknown): boolean {
  return (error as { permanent?: unknown } | null)?.permanent === true;
}

/** One line an admin can act on, kept for the dead letter (never a stack). */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || (error instanceof Error ? error.name : 'unknown error');
}

/**
 * The input a queue handed over does not fit the job's schema (an older producer, a hand-edited
 * queue): retrying the same input cannot work, so the job is dead-lettered at once with the
 * fields at fault, e.g. `input does not match the "compact-tombstones" job: keepDays: expected
 * number, received string`.
 */
export function inputMismatch(jobName: string, error: z.ZodError): PermanentJobError {
  const issues = error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message.replace(/^Invalid input: /, '')}`);
  return new PermanentJobError(`input does not match the "${jobName}" job: ${issues.join('; ')}`);
}

/** The tenant a job works for, when its input says (`tenantId`); dead letters and progress go to that tenant. */
export function tenantOf(input: unknown): string | null {
  const tenantId = (input as { tenantId?: unknown } | null)?.tenantId;
  return typeof tenantId === 'string' && tenantId.length > 0 ? tenantId : null;
}

/**
 * The dead letter's id for one run of a job (queue, job id and when it was queued): a worker that
 * dies after writing it and fails the same run again writes the same row, not a second one.
 */
export function deadLetterId(run: string): string {
  return `dl_${createHash('sha256').update(run).digest('hex').slice(0, 26)}`;
}

/**
 * BullMQ job ids may not contain `:` nor be integers; idempotency keys (`shopify:evt_1`) may.
 * Encoded one-to-one, so one key is one job id.
 */
export function jobIdForKey(key: string): string {
  return `key-${encodeURIComponent(key)}`;
}
