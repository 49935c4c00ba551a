import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// Scheduled finance reports: which views in which formats, when (daily or weekly at an hour in a
// time zone), where to (e-mail recipients, or a folder under the data folder's reports/), and how
// the last run went. `next_run_at` is the next due slot, computed when the schedule is saved and
// moved on when the job claims a run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('finance_report_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('views', 'jsonb', (c) => c.notNull())
    .addColumn('formats', 'jsonb', (c) => c.notNull())
    .addColumn('period_days', 'integer', (c) => c.notNull().defaultTo(90).check(sql`period_days between 1 and 3650`))
    .addColumn('cadence', 'text', (c) => c.notNull().check(sql`cadence in ('daily', 'weekly')`))
    // ISO weekday, 1 = Monday; weekly schedules only.
    .addColumn('weekday', 'smallint', (c) => c.check(sql`weekday between 1 and 7`))
    .addColumn('hour', 'smallint', (c) => c.notNull().check(sql`hour between 0 and 23`))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('email', 'folder')`))
    .addColumn('recipients', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Relative to <data>/reports/<tenant>/; folder deliveries only.
    .addColumn('folder', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('next_run_at', 'timestamptz')
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('last_status', 'text', (c) => c.check(sql`last_status in ('delivered', 'failed')`))
    .addColumn('last_error', 'text')
    .addColumn('last_files', 'jsonb')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('finance_report_schedules_name_uq', ['tenant_id', 'name'])
    .addCheckConstraint('finance_report_schedules_weekday_ck', sql`(cadence = 'weekly') = (weekday is not null)`)
    .addCheckConstraint('finance_report_schedules_folder_ck', sql`(delivery = 'folder') = (folder is not null)`)
    .execute();
  // The job's question every few minutes: which enabled schedules are due.
  await db.schema.createIndex('finance_report_schedules_due_idx').on('finance_report_schedules').column('next_run_at').where(sql.ref('enabled'), '=', true).execute();
  await protectTenantTable(db, 'finance_report_schedules');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('finance_report_schedules').execute();
}
