import { sql, type Kysely } from 'kysely';

// The cash forecast's plan (open purchase orders, the sales outlook) joins the finance rows. A
// build that did not know these entities kept them in confirmed state only: bring them over, so
// the forecast takes them without waiting for the server to resend. Nothing new to create.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into finance_rows (entity, id, data)
    select entity, id, data from confirmed_rows
    where entity in ('planned_purchase', 'sales_outlook')
    on conflict (entity, id) do update set data = excluded.data`.execute(db);
  await sql`update finance_state set revision = revision + 1
    where id = 1 and exists (select 1 from finance_rows where entity in ('planned_purchase', 'sales_outlook'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from finance_rows where entity in ('planned_purchase', 'sales_outlook')`.execute(db);
}
