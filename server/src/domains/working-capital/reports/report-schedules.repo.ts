import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FinanceReportSchedulesTable } from '../../../db/finance-reports.schema';
import type { Database } from '../../../db/schema';
import type { ReportScheduleSpec } from './report-schedule.schema';

type Db = Kysely<Database> | Transaction<Database>;
export type ScheduleRow = Selectable<FinanceReportSchedulesTable>;

function columns(spec: ReportScheduleSpec, nextRunAt: Date | null) {
  return {
    name: spec.name, views: JSON.stringify(spec.views), formats: JSON.stringify(spec.formats), period_days: spec.periodDays,
    cadence: spec.cadence, weekday: spec.cadence === 'weekly' ? spec.weekday! : null, hour: spec.hour, timezone: spec.timezone,
    delivery: spec.delivery.kind, recipients: JSON.stringify(spec.delivery.kind === 'email' ? spec.delivery.recipients : []),
    folder: spec.delivery.kind === 'folder' ? spec.delivery.folder : null, enabled: spec.enabled, next_run_at: nextRunAt,
  };
}

export async function listScheduleRows(db: Db, tenantId: string): Promise<ScheduleRow[]> {
  return db.selectFrom('finance_report_schedules').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function findScheduleRow(db: Db, tenantId: string, id: string): Promise<ScheduleRow | undefined> {
  return db.selectFrom('finance_report_schedules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findScheduleByName(db: Db, tenantId: string, name: string): Promise<ScheduleRow | undefined> {
  return db.selectFrom('finance_report_schedules').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

export async function insertSchedule(db: Db, row: { id: string; tenantId: string; spec: ReportScheduleSpec; nextRunAt: Date | null; createdBy: string | null }): Promise<ScheduleRow> {
  return db.insertInto('finance_report_schedules')
    .values({ id: row.id, tenant_id: row.tenantId, created_by: row.createdBy, ...columns(row.spec, row.nextRunAt) })
    .returningAll().executeTakeFirstOrThrow();
}

export async function updateSchedule(db: Db, tenantId: string, id: string, spec: ReportScheduleSpec, nextRunAt: Date | null): Promise<ScheduleRow | undefined> {
  return db.updateTable('finance_report_schedules').set({ ...columns(spec, nextRunAt), updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteScheduleRow(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('finance_report_schedules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Enabled schedules of every tenant due at `now`, earliest first. */
export async function listDueRows(db: Db, now: Date, limit: number): Promise<ScheduleRow[]> {
  return db.selectFrom('finance_report_schedules').selectAll()
    .where('enabled', '=', true).where('next_run_at', '<=', now)
    .orderBy('next_run_at').limit(limit).execute();
}

/**
 * Moves a due schedule on to its next slot, if nobody else did first: whoever moves it owns the
 * run of the slot it was due at. False when another tick (or an edit) got there before.
 */
export async function claimSlot(db: Db, id: string, dueAt: Date, next: Date): Promise<boolean> {
  const result = await db.updateTable('finance_report_schedules').set({ next_run_at: next })
    .where('id', '=', id).where('enabled', '=', true).where('next_run_at', '=', dueAt).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordRun(db: Db, tenantId: string, id: string, run: { at: Date; status: 'delivered' | 'failed'; error: string | null; files: string[] | null }): Promise<void> {
  await db.updateTable('finance_report_schedules')
    .set({ last_run_at: run.at, last_status: run.status, last_error: run.error, last_files: run.files === null ? null : JSON.stringify(run.files) })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The tenant's company name and item names, for report titles and DIO by item. */
export async function reportNames(db: Db, tenantId: string, withItems: boolean): Promise<{ company: string | null; items: Map<string, string> }> {
  const tenant = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  const items = withItems ? await db.selectFrom('items').select(['id', 'sku', 'name']).where('tenant_id', '=', tenantId).execute() : [];
  return { company: tenant?.name ?? null, items: new Map(items.map((i) => [i.id, `${i.sku} ${i.name}`])) };
}
