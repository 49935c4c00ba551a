import { sql, type Kysely } from 'kysely';

// The append-only, hash-chained audit log (one chain per tenant; `seq` orders it), and
// integration secrets encrypted at rest (AES-256-GCM; `key_id` names the config key that sealed
// each, so keys rotate without a flag day).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('audit_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_device_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_tenant_seq_idx').on('audit_log').columns(['tenant_id', 'seq']).execute();
  // A chain alone cannot show that its newest entries were deleted: each tenant's head (how many
  // entries, the last seq and hash), updated in the appending transaction, is what verify compares.
  await db.schema.createTable('audit_heads')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Append-only in the database too, so a bug or a careless UPDATE cannot rewrite history; only
  // someone able to disable triggers can, and verify shows where.
  await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change()`.execute(db);
  await sql`create function audit_heads_forward_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.tenant_id = old.tenant_id and new.count > old.count and new.last_seq > old.last_seq then
        return new;
      end if;
      raise exception 'audit_heads only moves forward: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_heads_forward_only before update or delete on audit_heads
    for each row execute function audit_heads_forward_only()`.execute(db);
  await sql`create trigger audit_heads_no_truncate before truncate on audit_heads
    for each statement execute function audit_heads_forward_only()`.execute(db);
  await db.schema.createTable('integration_secrets')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('integration_secrets_pk', ['tenant_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_secrets').execute();
  await db.schema.dropTable('audit_heads').execute();
  await db.schema.dropTable('audit_log').execute();
  await sql`drop function audit_heads_forward_only()`.execute(db);
  await sql`drop function audit_log_refuse_change()`.execute(db);
}
