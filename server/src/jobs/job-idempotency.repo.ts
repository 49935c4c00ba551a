import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The key's row when a job with it has completed (its result, as stored), else undefined. */
export async function findCompletedKey(db: Kysely<Database>, key: string): Promise<{ result: unknown } | undefined> {
  return db.selectFrom('job_idempotency').select('result').where('key', '=', key).executeTakeFirst();
}

/**
 * Takes the key; false when it is already taken. Inside a transaction a concurrent taker waits on
 * the unique key until the first commits (then gets false) or rolls back (then takes it).
 */
export async function claimKey(db: Kysely<Database>, key: string, job: string, result: unknown = null): Promise<boolean> {
  const row = await db.insertInto('job_idempotency')
    .values({ key, job, result: storable(result) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function saveKeyResult(db: Kysely<Database>, key: string, result: unknown): Promise<void> {
  await db.updateTable('job_idempotency').set({ result: storable(result) }).where('key', '=', key).execute();
}

// A result that JSON cannot hold (a bigint) is not worth failing a completed job over.
function storable(result: unknown): string | null {
  try {
    return result === undefined ? null : JSON.stringify(result);
  } catch {
    return null;
  }
}
