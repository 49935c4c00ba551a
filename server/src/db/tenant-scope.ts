import { sql, type Kysely, type Transaction } from 'kysely';
import { TENANT_ROLE, TENANT_SETTING } from './tenant-role';
import type { Database } from './schema';

/**
 * Runs `work` in a transaction that PostgreSQL confines to one tenant: the tenant role with the
 * tenant id set, both local to the transaction (so a pooled connection comes back clean).
 * Queries still filter by tenant; this is the second lock on the door.
 */
export async function withTenantScope<T>(db: Kysely<Database>, tenantId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await enterTenantScope(trx, tenantId);
    return work(trx);
  });
}

/** Confines an open transaction to one tenant, for callers that manage their own transaction. */
export async function enterTenantScope(trx: Transaction<Database>, tenantId: string): Promise<void> {
  // One round trip: `role` is a setting like any other, so set_config sets both.
  await sql`select set_config('role', ${TENANT_ROLE}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(trx);
}
