import { sql, type Kysely } from 'kysely';

// Each scope's key for signing the cursors it hands out (see sync-cursor.ts). It lives in the
// database, so a restored database still recognises the cursors it issued before the backup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_scopes')
    .addColumn('cursor_key', 'text', (c) => c.notNull().defaultTo(sql`md5(random()::text || clock_timestamp()::text)`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_scopes').dropColumn('cursor_key').execute();
}
