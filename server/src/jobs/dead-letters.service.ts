import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { findDeadLetter, listDeadLetters, resolveDeadLetter, type DeadLetterRow } from './dead-letters.repo';
import type { JobQueue } from './job-runner';

export interface DeadLetter {
  id: string;
  job: string;
  tenantId: string | null;
  input: unknown;
  error: string;
  attempts: number;
  failedAt: string;
  resolvedAt: string | null;
  resolution: 'retried' | 'discarded' | null;
}

/**
 * Who acts on a letter. `tenantId` confines an admin to their tenant's letters (a letter of
 * another tenant, or of no tenant, is "not found"); the operator's CLI leaves it out and reaches
 * every letter. Admins' actions are audited in their tenant's chain.
 */
export interface DeadLetterActor {
  tenantId?: string;
  userId?: string | null;
}

export async function deadLetters(db: Kysely<Database>, options: { tenantId?: string; includeResolved?: boolean; limit?: number }): Promise<DeadLetter[]> {
  const rows = await listDeadLetters(db, { tenantId: options.tenantId, includeResolved: options.includeResolved, limit: options.limit ?? 100 });
  return rows.map(toDeadLetter);
}

/**
 * Queues the letter's job again with its stored input and marks the letter `retried`, both or
 * neither. Its input is checked when the job runs: one that no longer fits the job lands in the
 * dead letters again, with the reason.
 */
export async function retryDeadLetter(db: Kysely<Database>, queue: Pick<JobQueue, 'requeue'>, id: string, actor: DeadLetterActor): Promise<{ deadLetterId: string; job: string; jobId: string }> {
  return db.transaction().execute(async (trx) => {
    const letter = await openLetter(trx, id, actor);
    const jobId = await queue.requeue(letter.job, letter.input);
    await resolveDeadLetter(trx, id, 'retried');
    if (letter.tenant_id) {
      await appendAudit(trx, { tenantId: letter.tenant_id, actorUserId: actor.userId ?? null, action: 'job.retried', subject: `dead_letter:${id}`, details: { job: letter.job, jobId } });
    }
    return { deadLetterId: id, job: letter.job, jobId };
  });
}

/** Marks the letter `discarded`: its job is given up for good (the row stays, for the record). */
export async function discardDeadLetter(db: Kysely<Database>, id: string, actor: DeadLetterActor): Promise<{ deadLetterId: string; job: string }> {
  return db.transaction().execute(async (trx) => {
    const letter = await openLetter(trx, id, actor);
    await resolveDeadLetter(trx, id, 'discarded');
    if (letter.tenant_id) {
      await appendAudit(trx, { tenantId: letter.tenant_id, actorUserId: actor.userId ?? null, action: 'job.discarded', subject: `dead_letter:${id}`, details: { job: letter.job } });
    }
    return { deadLetterId: id, job: letter.job };
  });
}

// Locks the row for the rest of the transaction, so two admins cannot both retry it.
async function openLetter(trx: Kysely<Database>, id: string, actor: DeadLetterActor): Promise<DeadLetterRow> {
  const letter = await findDeadLetter(trx, id, { forUpdate: true });
  if (!letter || (actor.tenantId !== undefined && letter.tenant_id !== actor.tenantId)) {
    throw new AppError(ErrorCode.NotFound, `There is no dead letter ${id}.`);
  }
  if (letter.resolved_at) {
    throw new AppError(ErrorCode.Conflict, `Dead letter ${id} was already ${letter.resolution ?? 'resolved'} at ${letter.resolved_at.toISOString()}.`);
  }
  return letter;
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id, job: row.job, tenantId: row.tenant_id, input: row.input, error: row.error, attempts: row.attempts,
    failedAt: row.failed_at.toISOString(), resolvedAt: row.resolved_at?.toISOString() ?? null, resolution: row.resolution,
  };
}
