import { sql, type Kysely } from 'kysely';
import { TENANT_ROLE } from '../tenant-role';
import { protectTenantTable } from './protect-tenant-table';

// Row-level security backs up the tenant filter every query already carries: work done for one
// tenant runs as the `capliquify_tenant` role with `capliquify.tenant_id` set (db/tenant-scope.ts),
// and then sees and writes only that tenant's rows, even through a query that forgot its filter.
// The migrating role owns the tables and is not subject to the policies (migrations, the CLI and
// jobs that work across tenants keep their explicit filters).

export async function up(db: Kysely<unknown>): Promise<void> {
  // Roles belong to the cluster, not the database: another database may have made it already.
  // Two databases migrating at once may both try: the loser's error is harmless.
  await sql`do $$ begin
    if not exists (select 1 from pg_roles where rolname = ${sql.lit(TENANT_ROLE)}) then create role ${sql.raw(TENANT_ROLE)} nologin; end if;
  exception when duplicate_object or unique_violation then null;
  end $$`.execute(db);
  await sql`grant usage on schema public to ${sql.raw(TENANT_ROLE)}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${sql.raw(TENANT_ROLE)}`.execute(db);
  await sql`grant usage, select on all sequences in schema public to ${sql.raw(TENANT_ROLE)}`.execute(db);
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to ${sql.raw(TENANT_ROLE)}`.execute(db);
  await sql`alter default privileges in schema public grant usage, select on sequences to ${sql.raw(TENANT_ROLE)}`.execute(db);
  for (const table of await tenantTables(db)) await protectTenantTable(db, table);
  await protectTenantTable(db, 'tenants', 'id');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...await tenantTables(db), 'tenants']) {
    await sql`drop policy if exists tenant_isolation on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
  }
}

/** Every table of this schema with a tenant_id column. */
export async function tenantTables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}
