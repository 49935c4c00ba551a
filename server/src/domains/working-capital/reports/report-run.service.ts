import { ErrorCode } from '@capliquify/shared';
import { buildFinanceReport } from '@capliquify/shared/finance/reports/finance-report';
import { renderReport, type ReportFile } from '@capliquify/shared/reports/render-report';
import { cellValue, type Report } from '@capliquify/shared/reports/report-table';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SmtpConfig } from '../../../config';
import type { Database } from '../../../db/schema';
import { AppError } from '../../../errors/app.error';
import { loadFinance } from '../finance-book.service';
import { listScenarios, MAX_SCENARIOS_RUN } from '../finance-scenarios.service';
import { buildMime } from './mime';
import { localDay } from './report-cadence';
import type { ReportSchedule } from './report-schedule.schema';
import { getReportSchedule } from './report-schedules.service';
import { recordRun, reportNames } from './report-schedules.repo';
import { saveToFolder } from './report-folder';
import { sendMail, SmtpError, type SmtpConnectOptions } from './smtp.client';

// One run of a scheduled report: the tenant's finance book (the same the Finance section answers
// from), the schedule's views as tables, each format rendered, then mailed or saved; the outcome
// is kept on the schedule for the people who set it up.

export interface ReportRuntime {
  /** `<data>/reports`: folder deliveries go under `<tenant>/<folder>` in it. */
  reportsDir: string;
  smtp: SmtpConfig | null;
  /** Extra SMTP connection options (a test's short timeout). */
  smtpOptions?: Partial<SmtpConnectOptions>;
}

export interface ReportRunResult {
  scheduleId: string;
  asOf: string;
  delivery: 'email' | 'folder';
  files: string[];
  /** E-mail: who the server accepted, and who it refused (with its reply). */
  accepted?: string[];
  rejected?: { recipient: string; reply: string }[];
}

/** A failure no retry will mend (no SMTP configured, the server refusing for good, a folder that is not allowed). */
export class ReportDeliveryError extends Error {
  override readonly name = 'ReportDeliveryError';
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** The mail's text: what is attached and, when the report has them, the ratios in a line each. */
function mailText(schedule: ReportSchedule, report: Report, files: readonly ReportFile[], asOf: string, dataAsOf: string | null): string {
  const lines = [`${schedule.name}: finance report as of ${asOf} (${schedule.when}).`];
  lines.push(dataAsOf ? `Finance data as of ${dataAsOf}.` : 'Finance data: freshness unknown.');
  const ratios = report.tables.find((t) => t.sheetName === 'Ratios');
  if (ratios) {
    lines.push('');
    for (const row of ratios.rows) {
      const value = cellValue(row[7]);
      lines.push(`${row[0]}: ${typeof value === 'number' ? `${value.toFixed(1)} days` : 'undefined'}  (${row[1]})`);
    }
  }
  lines.push('', 'Attached:', ...files.map((f) => `- ${f.fileName}`), '', 'Sent by CapLiquify. Change or stop this report in the Finance section or with `capliquify reports schedule`.');
  return lines.join('\n');
}

async function render(report: Report, formats: readonly ReportSchedule['formats'][number][]): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const format of formats) files.push(...(await renderReport(report, format)));
  return files;
}

interface Delivery { tenantId: string; report: Report; files: ReportFile[]; asOf: string; dataAsOf: string | null }

async function deliver(schedule: ReportSchedule, { tenantId, report, files, asOf, dataAsOf }: Delivery, runtime: ReportRuntime): Promise<Omit<ReportRunResult, 'scheduleId' | 'asOf'>> {
  if (schedule.delivery.kind === 'folder') {
    try {
      return { delivery: 'folder', files: await saveToFolder(runtime.reportsDir, tenantId, schedule.delivery.folder, files) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A full disk or a busy file may pass; a folder we may not write to will not.
      throw new ReportDeliveryError(`Could not save the report to ${schedule.delivery.folder}: ${(error as Error).message}`, code !== 'ENOSPC' && code !== 'EBUSY' && code !== 'EMFILE');
    }
  }
  const smtp = runtime.smtp;
  if (!smtp) throw new ReportDeliveryError('E-mail delivery needs the server\'s SMTP_URL and SMTP_FROM, which are not set.', true);
  const message = buildMime({
    from: smtp.from, to: schedule.delivery.recipients, subject: `${schedule.name} - ${asOf}`,
    text: mailText(schedule, report, files, asOf, dataAsOf), attachments: files,
  });
  try {
    const sent = await sendMail({ host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user, password: smtp.password, ...runtime.smtpOptions }, { from: smtp.fromAddress, to: schedule.delivery.recipients }, message);
    return { delivery: 'email', files: files.map((f) => f.fileName), accepted: sent.accepted, rejected: sent.rejected };
  } catch (error) {
    if (error instanceof SmtpError) throw new ReportDeliveryError(`The mail server did not take the report: ${error.message}`, error.permanent);
    throw error;
  }
}

/**
 * Builds and delivers a schedule's report now, as of the day it is in the schedule's time zone at
 * `at`. The outcome (delivered, or failed with the reason) is recorded on the schedule either way;
 * a failure is thrown on for the job to retry or give up.
 */
export async function runReportSchedule(db: Kysely<Database>, tenantId: string, scheduleId: string, runtime: ReportRuntime, options: { at?: Date; log?: Logger } = {}): Promise<ReportRunResult> {
  const schedule = await getReportSchedule(db, tenantId, scheduleId);
  const at = options.at ?? new Date();
  const asOf = localDay(at, schedule.timezone);
  try {
    const finance = await loadFinance(db, tenantId);
    const names = await reportNames(db, tenantId, schedule.views.includes('dio_by_item'));
    const scenarios = schedule.views.includes('scenarios') ? (await listScenarios(db, tenantId)).slice(0, MAX_SCENARIOS_RUN).map((s) => s.scenario) : [];
    const dataAsOf = finance.profile?.asOf ?? null;
    let report: Report;
    try {
      report = buildFinanceReport(finance.book, {
        views: schedule.views, asOf, periodDays: schedule.periodDays, scenarios, itemNames: names.items, title: schedule.name,
      }, { generatedAt: new Date().toISOString(), dataAsOf, company: names.company ?? undefined });
    } catch (error) {
      if (error instanceof RangeError) throw new ReportDeliveryError(`The report cannot be made: ${error.message}`, true);
      throw error;
    }
    const files = await render(report, schedule.formats);
    const delivered = await deliver(schedule, { tenantId, report, files, asOf, dataAsOf }, runtime);
    const refused = delivered.rejected?.length ? `Refused by the mail server: ${delivered.rejected.map((r) => `${r.recipient} (${r.reply})`).join('; ')}` : null;
    await recordRun(db, tenantId, scheduleId, { at: new Date(), status: 'delivered', error: refused, files: delivered.files });
    options.log?.info({ scheduleId, asOf, delivery: delivered.delivery, files: delivered.files.length, refused: delivered.rejected?.length ?? 0 }, 'finance report delivered');
    return { scheduleId, asOf, ...delivered };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordRun(db, tenantId, scheduleId, { at: new Date(), status: 'failed', error: reason.slice(0, 2_000), files: null })
      .catch((failure: unknown) => options.log?.error({ err: failure }, 'could not record the failed report run'));
    if (error instanceof AppError && error.code === ErrorCode.NotFound) throw new ReportDeliveryError(reason, true);
    throw error;
  }
}
