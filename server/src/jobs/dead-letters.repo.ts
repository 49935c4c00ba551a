import type { Kysely, Selectable } from 'kysely';
import type { Database, DeadLettersTable } from '../db/schema';

export type DeadLetterRow = Selectable<DeadLettersTable>;

export interface NewDeadLetter {
  id: string;
  tenantId: string | null;
  job: string;
  input: unknown;
  error: string;
  attempts: number;
}

/**
 * Keeps a job that will not be retried. The same id twice (a worker that died after writing it
 * and failed the run again) keeps the first row. A tenant id that names no tenant (malformed
 * input) is stored as null rather than failing the insert on the foreign key.
 */
export async function insertDeadLetter(db: Kysely<Database>, letter: NewDeadLetter): Promise<void> {
  await db.insertInto('dead_letters')
    .values((eb) => ({
      id: letter.id,
      tenant_id: letter.tenantId === null ? null : eb.selectFrom('tenants').select('id').where('id', '=', letter.tenantId),
      job: letter.job,
      input: JSON.stringify(letter.input ?? null),
      error: letter.error,
      attempts: letter.attempts,
    }))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface DeadLetterFilter {
  /** One tenant's letters; undefined for every letter (the operator's CLI). */
  tenantId?: string;
  /** Retried and discarded letters too. */
  includeResolved?: boolean;
  limit: number;
}

export async function listDeadLetters(db: Kysely<Database>, filter: DeadLetterFilter): Promise<DeadLetterRow[]> {
  let query = db.selectFrom('dead_letters').selectAll().orderBy('failed_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (!filter.includeResolved) query = query.where('resolved_at', 'is', null);
  return query.execute();
}

/** `forUpdate` locks the row until the caller's transaction ends. */
export async function findDeadLetter(db: Kysely<Database>, id: string, options: { forUpdate?: boolean } = {}): Promise<DeadLetterRow | undefined> {
  const query = db.selectFrom('dead_letters').selectAll().where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Marks an open letter resolved; false when it was resolved already (two admins at once). */
export async function resolveDeadLetter(db: Kysely<Database>, id: string, resolution: 'retried' | 'discarded'): Promise<boolean> {
  const result = await db.updateTable('dead_letters')
    .set({ resolved_at: new Date(), resolution })
    .where('id', '=', id).where('resolved_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
