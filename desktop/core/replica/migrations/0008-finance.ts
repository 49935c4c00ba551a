import { sql, type Kysely } from 'kysely';

// The Finance section (issue 8). A finance workstation holds the tenant's finance scope: every
// contact, invoice, bill, credit, FX rate, inventory month and the profile, each a document the
// working-capital engine reads whole, so one table keyed by (entity, id) holds them all. Its
// revision moves with every write, which is how the core knows its prepared book went stale.
// Scenarios are the section's own: saved on the server when online, kept here otherwise.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('finance_rows')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finance_rows_pk', ['entity', 'id'])
    .execute();
  await db.schema.createTable('finance_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into finance_state (id, revision) values (1, 0)`.execute(db);

  await db.schema.createTable('finance_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // The scenario as JSON (shared/src/finance/scenario.schema.ts).
    .addColumn('data', 'text', (c) => c.notNull())
    // 'server': a copy of one saved on the server; 'local': saved here while offline (or refused there).
    .addColumn('origin', 'text', (c) => c.notNull())
    // Why a local scenario is not on the server yet (offline, a refusal), for the screen.
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A build that knew the entities but had no table kept pulled finance rows in confirmed state
  // only: bring them over, so the section shows them without waiting for the server to resend.
  await sql`insert into finance_rows (entity, id, data)
    select entity, id, data from confirmed_rows
    where entity in ('finance_contact', 'finance_document', 'fx_rate', 'inventory_month', 'finance_profile')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('finance_scenarios').execute();
  await db.schema.dropTable('finance_state').execute();
  await db.schema.dropTable('finance_rows').execute();
}
