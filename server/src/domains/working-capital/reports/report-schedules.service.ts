import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import { financeReportViewSchema } from '@capliquify/shared/finance/reports/finance-report';
import { REPORT_FORMATS } from '@capliquify/shared/reports/render-report';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../../../audit/audit.service';
import type { Database } from '../../../db/schema';
import { AppError, badRequest, notFound } from '../../../errors/app.error';
import { describeCadence, nextRunAt } from './report-cadence';
import { cadenceOf, reportScheduleInputSchema, type ReportSchedule, type ReportScheduleInput, type ReportScheduleSpec } from './report-schedule.schema';
import { deleteScheduleRow, findScheduleByName, findScheduleRow, insertSchedule, listScheduleRows, updateSchedule, type ScheduleRow } from './report-schedules.repo';

// Saving, listing and removing scheduled finance reports, one name per tenant; each change is
// audited (ids, counts and settings: never the recipients' addresses).

export interface ScheduleActor {
  tenantId: string;
  /** Null from the CLI. */
  userId: string | null;
}

const stored = z.object({
  views: z.array(financeReportViewSchema),
  formats: z.array(z.enum(REPORT_FORMATS)),
  recipients: z.array(z.string()),
  lastFiles: z.array(z.string()).nullable(),
});

export function toSchedule(row: ScheduleRow): ReportSchedule {
  // Written through the same schema, so a row always parses; a hand-edited one is reported, not guessed at.
  const parsed = stored.safeParse({ views: row.views, formats: row.formats, recipients: row.recipients, lastFiles: row.last_files });
  if (!parsed.success) throw new AppError(ErrorCode.Internal, `Report schedule ${row.id} holds settings that are not valid.`);
  const { views, formats, recipients, lastFiles } = parsed.data;
  return {
    id: row.id, name: row.name, views, formats, periodDays: row.period_days, cadence: row.cadence, weekday: row.weekday, hour: row.hour, timezone: row.timezone,
    delivery: row.delivery === 'email' ? { kind: 'email', recipients } : { kind: 'folder', folder: row.folder ?? '' },
    enabled: row.enabled, when: describeCadence(cadenceOf(row)),
    nextRunAt: row.next_run_at?.toISOString() ?? null, lastRunAt: row.last_run_at?.toISOString() ?? null,
    lastStatus: row.last_status, lastError: row.last_error, lastFiles,
    createdBy: row.created_by, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit keeps of a schedule: its settings, with the recipients counted, not named. */
function auditDetails(spec: ReportScheduleSpec): Record<string, unknown> {
  return {
    views: spec.views, formats: spec.formats, periodDays: spec.periodDays, cadence: spec.cadence, weekday: spec.weekday ?? null, hour: spec.hour,
    timezone: spec.timezone, delivery: spec.delivery.kind, recipients: spec.delivery.kind === 'email' ? spec.delivery.recipients.length : 0, enabled: spec.enabled,
  };
}

export async function listReportSchedules(db: Kysely<Database>, tenantId: string): Promise<ReportSchedule[]> {
  return (await listScheduleRows(db, tenantId)).map(toSchedule);
}

export async function getReportSchedule(db: Kysely<Database> | Transaction<Database>, tenantId: string, id: string): Promise<ReportSchedule> {
  const row = await findScheduleRow(db, tenantId, id);
  if (!row) throw notFound(`No report schedule "${id}".`);
  return toSchedule(row);
}

const taken = (name: string) => new AppError(ErrorCode.Conflict, `A report schedule called "${name}" already exists; choose another name or change that one.`);

export interface SaveOptions {
  /** Whether the server can send e-mail (SMTP_URL): a schedule that e-mails is refused without it. */
  smtpConfigured: boolean;
  now?: Date;
}

/** A new schedule, or a change to the one named by `id`. Its next run is computed from its cadence. */
export async function saveReportSchedule(db: Kysely<Database>, actor: ScheduleActor, input: { id?: string; schedule: ReportScheduleInput }, options: SaveOptions): Promise<ReportSchedule> {
  const parsed = reportScheduleInputSchema.safeParse(input.schedule);
  if (!parsed.success) throw badRequest(`The report schedule is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'schedule'}: ${i.message}`).join('; ')}`);
  const spec = parsed.data;
  if (spec.delivery.kind === 'email' && !options.smtpConfigured) {
    throw badRequest('E-mail delivery needs the server\'s SMTP_URL and SMTP_FROM, which are not set: save the report to a folder, or configure SMTP.');
  }
  const next = spec.enabled ? nextRunAt(cadenceOf(spec), options.now ?? new Date()) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const same = await findScheduleByName(trx, actor.tenantId, spec.name);
      if (same && same.id !== input.id) throw taken(spec.name);
      let row: ScheduleRow | undefined;
      if (input.id === undefined) row = await insertSchedule(trx, { id: `frs_${randomUUID()}`, tenantId: actor.tenantId, spec, nextRunAt: next, createdBy: actor.userId });
      else row = await updateSchedule(trx, actor.tenantId, input.id, spec, next);
      if (!row) throw notFound(`No report schedule "${input.id}".`);
      await appendAudit(trx, {
        tenantId: actor.tenantId, actorUserId: actor.userId, action: input.id === undefined ? 'finance_report_schedule.added' : 'finance_report_schedule.changed',
        subject: `finance_report_schedule:${row.id}`, details: auditDetails(spec),
      });
      return toSchedule(row);
    });
  } catch (error) {
    // Two people saving the same new name at once: the unique index decides, the loser is told.
    if ((error as { code?: unknown }).code === '23505') throw taken(spec.name);
    throw error;
  }
}

export async function removeReportSchedule(db: Kysely<Database>, actor: ScheduleActor, id: string): Promise<{ id: string; removed: true }> {
  await db.transaction().execute(async (trx) => {
    if (!(await deleteScheduleRow(trx, actor.tenantId, id))) throw notFound(`No report schedule "${id}".`);
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'finance_report_schedule.removed', subject: `finance_report_schedule:${id}` });
  });
  return { id, removed: true };
}

/** Records that someone asked for a run now (the caller queues or runs it); refused at once when it could only fail. */
export async function requestReportRun(db: Kysely<Database>, actor: ScheduleActor, id: string, options: Pick<SaveOptions, 'smtpConfigured'>): Promise<ReportSchedule> {
  return db.transaction().execute(async (trx) => {
    const schedule = await getReportSchedule(trx, actor.tenantId, id);
    if (schedule.delivery.kind === 'email' && !options.smtpConfigured) throw badRequest('This report is e-mailed, and the server\'s SMTP_URL and SMTP_FROM are not set: configure SMTP, or save the report to a folder.');
    await appendAudit(trx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'finance_report_schedule.run_requested', subject: `finance_report_schedule:${id}` });
    return schedule;
  });
}
