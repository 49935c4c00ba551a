import type { Kysely } from 'kysely';

// Signed-in people (issue 5): everyone who signed in online on this station, with what the
// server said about them (grants, second factor, the sign-in their commands are checked under)
// and their station PIN for signing in again offline. Queued commands carry who made them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('operators')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('grants_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sign_in_id', 'text', (c) => c.notNull())
    .addColumn('refresh_token', 'text')
    // scrypt, with its parameters and salt; null until the person sets a PIN here.
    .addColumn('pin_hash', 'text')
    .addColumn('failed_pin_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Locks so far since the last good PIN: each one lasts twice as long as the one before.
    .addColumn('pin_locks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pin_locked_until', 'text')
    .addColumn('last_signed_in_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('operators_email_ix').on('operators').column('email').execute();
  // `{ userId, signInId }` as JSON; null for commands queued before sign-in existed.
  await db.schema.alterTable('outbox').addColumn('actor', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('actor').execute();
  await db.schema.dropTable('operators').execute();
}
