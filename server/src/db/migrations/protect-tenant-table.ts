import { sql, type Kysely } from 'kysely';
import { TENANT_SETTING } from '../tenant-role';

/**
 * Row-level security for one table: inside a tenant scope (db/tenant-scope.ts) only the scope's
 * tenant's rows are visible or writable. Every migration that creates a tenant table calls it
 * (tenant-scope.int.test.ts fails for a table that was forgotten).
 */
export async function protectTenantTable(db: Kysely<unknown>, table: string, column = 'tenant_id'): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  const matches = sql`${sql.ref(column)} = current_setting(${sql.lit(TENANT_SETTING)}, true)`;
  await sql`create policy tenant_isolation on ${sql.table(table)} using (${matches}) with check (${matches})`.execute(db);
}
