import { financeReportViewSchema, type FinanceReportView } from '@capliquify/shared/finance/reports/finance-report';
import { REPORT_FORMATS, type ReportFormat } from '@capliquify/shared/reports/render-report';
import { z } from 'zod';
import { isTimeZone, WEEKDAYS, type Cadence } from './report-cadence';
import { normalizeFolder } from './report-folder';

// A scheduled finance report as people write it (tRPC, CLI) and as it is shown back.

export const MAX_RECIPIENTS = 50;

const delivery = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), recipients: z.array(z.email().max(254)).min(1).max(MAX_RECIPIENTS) }),
  z.object({ kind: z.literal('folder'), folder: z.string().max(200) }),
]);

export const reportScheduleInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  views: z.array(financeReportViewSchema).min(1).max(20),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(3),
  /** Trailing days of the ratios. */
  periodDays: z.number().int().min(1).max(3_650).default(90),
  cadence: z.enum(['daily', 'weekly']),
  /** ISO weekday, 1 = Monday: weekly schedules only. */
  weekday: z.number().int().min(1).max(7).optional(),
  hour: z.number().int().min(0).max(23),
  timezone: z.string().max(64).default('UTC'),
  delivery,
  enabled: z.boolean().default(true),
}).superRefine((s, ctx) => {
  if (s.cadence === 'weekly' && s.weekday === undefined) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'A weekly report needs a weekday (1 = Monday … 7 = Sunday).' });
  if (s.cadence === 'daily' && s.weekday !== undefined) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'A daily report runs every day: leave the weekday out.' });
  if (!isTimeZone(s.timezone)) ctx.addIssue({ code: 'custom', path: ['timezone'], message: `"${s.timezone}" is not a time zone (use an IANA name like Europe/London or UTC).` });
  if (s.delivery.kind === 'folder') {
    const folder = normalizeFolder(s.delivery.folder);
    if (!folder.ok) ctx.addIssue({ code: 'custom', path: ['delivery', 'folder'], message: folder.reason });
  }
}).transform((s) => ({
  ...s,
  views: [...new Set(s.views)],
  formats: [...new Set(s.formats)],
  delivery: s.delivery.kind === 'email'
    ? { kind: 'email' as const, recipients: [...new Set(s.delivery.recipients.map((r) => r.trim().toLowerCase()))] }
    : { kind: 'folder' as const, folder: (normalizeFolder(s.delivery.folder) as { folder: string }).folder },
}));
export type ReportScheduleInput = z.input<typeof reportScheduleInputSchema>;
export type ReportScheduleSpec = z.output<typeof reportScheduleInputSchema>;

export type ReportDelivery = { kind: 'email'; recipients: string[] } | { kind: 'folder'; folder: string };

export interface ReportSchedule {
  id: string;
  name: string;
  views: FinanceReportView[];
  formats: ReportFormat[];
  periodDays: number;
  cadence: 'daily' | 'weekly';
  weekday: number | null;
  hour: number;
  timezone: string;
  delivery: ReportDelivery;
  enabled: boolean;
  /** "weekly on Monday at 07:00 Europe/London". */
  when: string;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: 'delivered' | 'failed' | null;
  lastError: string | null;
  /** The files of the last delivery (names; folder deliveries: paths under the reports folder). */
  lastFiles: string[] | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function cadenceOf(s: { cadence: 'daily' | 'weekly'; weekday?: number | null; hour: number; timezone: string }): Cadence {
  return s.cadence === 'weekly' ? { kind: 'weekly', weekday: s.weekday ?? 1, hour: s.hour, timeZone: s.timezone } : { kind: 'daily', hour: s.hour, timeZone: s.timezone };
}

/** `mon` … `sun` or 1 … 7 to an ISO weekday, for the CLI. */
export function parseWeekday(text: string): number | null {
  const lower = text.trim().toLowerCase();
  const byName = WEEKDAYS.findIndex((d) => lower.startsWith(d));
  if (byName >= 0 && lower.length >= 3) return byName + 1;
  return /^[1-7]$/.test(lower) ? Number(lower) : null;
}
