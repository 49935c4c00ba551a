import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// One-time OAuth `state` values (Xero's authorization-code flow): each binds the vendor's redirect
// to the tenant and the admin who started it. Only a hash is stored, so a copy of the database
// cannot complete someone else's consent; `used_at` makes each one good for a single callback.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await protectTenantTable(db, 'oauth_states');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oauth_states').execute();
}
