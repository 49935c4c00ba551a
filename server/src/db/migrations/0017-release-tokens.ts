import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// Publish tokens for the release workflow: a CI runner uploads releases with one instead of a
// person's short-lived access token. Only a hash of the secret is stored (a copy of the database
// cannot publish); a token is good for `POST /api/releases/upload` only, until revoked or expired.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('release_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // sha256 of the secret, hex: the secret is 256 random bits, so a slow hash adds nothing.
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await protectTenantTable(db, 'release_tokens');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('release_tokens').execute();
}
