import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { JobContext } from './job';
import { claimKey, saveKeyResult } from './job-idempotency.repo';

export type CompleteOnceOutcome<T> = { applied: true; result: T } | { applied: false };

/**
 * Runs `effect` and records `key` in job_idempotency in ONE transaction: either both commit or
 * neither does. A job retried after its effect committed (a worker killed before the queue heard
 * of the success), or run twice at once, finds the key taken and applies nothing.
 *
 * @example
 * await completeOnce(ctx, `shopify-webhook:${input.eventId}`, (trx) => upsertOrder(trx, order));
 */
export async function completeOnce<T>(ctx: Pick<JobContext, 'db' | 'job'>, key: string, effect: (trx: Transaction<Database>) => Promise<T>): Promise<CompleteOnceOutcome<T>> {
  return ctx.db.transaction().execute(async (trx) => {
    // Taking the key first makes a concurrent run wait here rather than apply the effect too.
    if (!(await claimKey(trx, key, ctx.job ?? key))) return { applied: false } as const;
    const result = await effect(trx);
    await saveKeyResult(trx, key, result);
    return { applied: true, result } as const;
  });
}
