import { FINANCE_REPORT_VIEWS } from '@capliquify/shared/finance/reports/finance-report';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { runReportSchedule } from '../domains/working-capital/reports/report-run.service';
import { parseWeekday, type ReportSchedule, type ReportScheduleInput } from '../domains/working-capital/reports/report-schedule.schema';
import { listReportSchedules, removeReportSchedule, requestReportRun, saveReportSchedule } from '../domains/working-capital/reports/report-schedules.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

const USAGE = [
  'reports schedule add --name <n> --views <v,…> --formats <xlsx,csv,pdf> --cadence daily|weekly [--weekday mon…sun] --hour <0-23> [--timezone <tz>] (--to <email,…> | --folder <path>) [--period-days 90] [--disabled]',
  'reports schedule list',
  'reports schedule remove <id>',
  'reports schedule run-now <id>',
].join(' | ');

/** Scheduled finance reports: set them up, list and remove them, or run one now in this process. */
export const reportsCommand: Command = {
  name: 'reports',
  usage: USAGE,
  summary: 'schedule finance reports (views as XLSX, CSV, PDF) by e-mail or to a folder; list, remove, run one now',
  maxPositionals: 3,
  run: (args) => {
    const [group, action, id] = args.positionals;
    if (group !== 'schedule') throw new CliUsageError(`reports needs schedule (got ${group ? `"${group}"` : 'nothing'}); usage: ${USAGE}`);
    if ((action === 'add' || action === 'list') && id !== undefined) throw new CliUsageError(`reports schedule ${action} takes no id (got "${id}")`);
    if (action === 'add') return add(args);
    if (action === 'list') return list(args);
    if (action === 'remove' || action === 'run-now') {
      if (!id) throw new CliUsageError(`reports schedule ${action} needs the schedule's id (see \`reports schedule list\`)`);
      return action === 'remove' ? remove(args, id) : runNow(args, id);
    }
    throw new CliUsageError(`reports schedule needs add, list, remove or run-now (got ${action ? `"${action}"` : 'nothing'}); usage: ${USAGE}`);
  },
};

const list_ = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text.trim())) throw new CliUsageError(`--${name} must be a whole number (got "${text}")`);
  return Number(text);
}

/** The options of `add` as a schedule; the service checks it as it checks the app's. */
function scheduleFromOptions({ options }: CommandArgs): ReportScheduleInput {
  if (!options.name) throw new CliUsageError('reports schedule add needs --name');
  if (options.to !== undefined && options.folder !== undefined) throw new CliUsageError('give --to (e-mail) or --folder, not both');
  if (options.to === undefined && options.folder === undefined) throw new CliUsageError('say where the report goes: --to <email,…> or --folder <path under the reports folder>');
  const views = list_(options.views);
  const unknown = views.filter((v) => !(FINANCE_REPORT_VIEWS as readonly string[]).includes(v));
  if (views.length === 0 || unknown.length > 0) throw new CliUsageError(`--views takes some of ${FINANCE_REPORT_VIEWS.join(', ')}${unknown.length > 0 ? ` (not: ${unknown.join(', ')})` : ''}`);
  const cadence = options.cadence;
  if (cadence !== 'daily' && cadence !== 'weekly') throw new CliUsageError(`--cadence must be daily or weekly (got ${cadence === undefined ? 'nothing' : `"${cadence}"`})`);
  let weekday: number | undefined;
  if (options.weekday !== undefined) {
    const parsed = parseWeekday(options.weekday);
    if (parsed === null) throw new CliUsageError(`--weekday must be mon … sun or 1 … 7 (got "${options.weekday}")`);
    weekday = parsed;
  }
  const hour = integer('hour', options.hour);
  if (hour === undefined) throw new CliUsageError('reports schedule add needs --hour (0-23, in --timezone)');
  return {
    name: options.name, views: views as ReportScheduleInput['views'], formats: list_(options.formats) as ReportScheduleInput['formats'],
    periodDays: integer('period-days', options.periodDays), cadence, weekday, hour, timezone: options.timezone ?? 'UTC',
    delivery: options.to !== undefined ? { kind: 'email', recipients: list_(options.to) } : { kind: 'folder', folder: options.folder! },
    enabled: !options.disabled,
  };
}

function describe(s: ReportSchedule): string {
  const to = s.delivery.kind === 'email' ? `e-mail to ${s.delivery.recipients.join(', ')}` : `folder ${s.delivery.folder}`;
  const last = s.lastRunAt ? `last run ${s.lastRunAt} ${s.lastStatus}${s.lastError ? `: ${s.lastError}` : ''}` : 'not run yet';
  return [
    `${s.id}  ${s.name}${s.enabled ? '' : '  (disabled)'}`,
    `  ${s.views.join(', ')} as ${s.formats.join(', ')}, ratios over ${s.periodDays} days; ${s.when}; ${to}`,
    `  next ${s.nextRunAt ?? '-'}; ${last}`,
  ].join('\n');
}

function add(args: CommandArgs): Promise<CommandResult> {
  const schedule = scheduleFromOptions(args);
  return withDatabase(args.config, async ({ db }) => {
    const tenantId = args.options.tenant ?? (await resolveTenantId(db));
    const saved = await saveReportSchedule(db, { tenantId, userId: null }, { schedule }, { smtpConfigured: args.config.reports.smtp !== null });
    return { json: { command: 'reports schedule add', tenantId, schedule: saved }, text: `scheduled\n${describe(saved)}` };
  });
}

function list(args: CommandArgs): Promise<CommandResult> {
  return withDatabase(args.config, async ({ db }) => {
    const tenantId = args.options.tenant ?? (await resolveTenantId(db));
    const schedules = await listReportSchedules(db, tenantId);
    return { json: { command: 'reports schedule list', tenantId, schedules }, text: schedules.length > 0 ? schedules.map(describe).join('\n') : 'no scheduled reports' };
  });
}

function remove(args: CommandArgs, id: string): Promise<CommandResult> {
  return withDatabase(args.config, async ({ db }) => {
    const tenantId = args.options.tenant ?? (await resolveTenantId(db));
    await removeReportSchedule(db, { tenantId, userId: null }, id);
    return { json: { command: 'reports schedule remove', tenantId, id, removed: true }, text: `removed report schedule ${id}` };
  });
}

function runNow(args: CommandArgs, id: string): Promise<CommandResult> {
  return withDatabase(args.config, async ({ db }) => {
    const tenantId = args.options.tenant ?? (await resolveTenantId(db));
    const schedule = await requestReportRun(db, { tenantId, userId: null }, id, { smtpConfigured: args.config.reports.smtp !== null });
    args.progress(`building ${schedule.name} (${schedule.views.length} view(s) as ${schedule.formats.join(', ')})`);
    const result = await runReportSchedule(db, tenantId, id, { reportsDir: args.config.reports.dir, smtp: args.config.reports.smtp });
    const where = result.delivery === 'email'
      ? `mailed to ${result.accepted!.join(', ')}${result.rejected!.length > 0 ? `; refused: ${result.rejected!.map((r) => `${r.recipient} (${r.reply})`).join(', ')}` : ''}`
      : `saved under ${args.config.reports.dir}`;
    return {
      json: { command: 'reports schedule run-now', tenantId, ...result },
      text: [`${schedule.name} as of ${result.asOf}: ${where}`, ...result.files.map((f) => `  ${f}`)].join('\n'),
      exitCode: result.rejected && result.rejected.length > 0 ? 2 : 0,
    };
  });
}
