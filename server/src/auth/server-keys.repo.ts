import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The key named `name`, created from `fresh` if absent. Concurrent first starts race on the
 * insert; `do nothing` plus the read-back makes every instance use the one that won.
 */
export async function ensureServerKey(db: Kysely<Database>, name: string, fresh: () => string): Promise<string> {
  await db.insertInto('server_keys').values({ name, secret: fresh() }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('server_keys').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}
