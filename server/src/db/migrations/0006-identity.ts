import { sql, type Kysely } from 'kysely';

// People and their rights: built-in or Clerk users, roles granted per site (site_id null: every
// site), sign-ins (one per person per device or browser, carrying whether a second factor was
// passed) with rotating refresh tokens, and the server's own signing keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('clerk_org_id', 'text', (c) => c.unique()).execute();
  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull().defaultTo('builtin'))
    .addColumn('external_id', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('users_tenant_email_uq').on('users').columns(['tenant_id', 'email']).unique().execute();
  await db.schema.createIndex('users_external_uq').on('users').columns(['provider', 'external_id']).unique().execute();
  await db.schema.createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('granted_by', 'text')
    .execute();
  // One grant per person and site; coalesce makes "every site" (null) a single slot too.
  await sql`create unique index role_grants_user_site_uq on role_grants (user_id, coalesce(site_id, ''))`.execute(db);
  await db.schema.createTable('sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('device_id', 'text', (c) => c.references('devices.id'))
    .addColumn('mfa', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sign_ins_user_idx').on('sign_ins').column('user_id').execute();
  await db.schema.createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('sign_in_id', 'text', (c) => c.notNull().references('sign_ins.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createTable('server_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['server_keys', 'refresh_tokens', 'sign_ins', 'role_grants', 'users']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('tenants').dropColumn('clerk_org_id').execute();
}
