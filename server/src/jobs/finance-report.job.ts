import { ErrorCode } from '@capliquify/shared';
import { z } from 'zod';
import { AppError } from '../errors/app.error';
import { nextRunAt } from '../domains/working-capital/reports/report-cadence';
import { ReportDeliveryError, runReportSchedule, type ReportRunResult, type ReportRuntime } from '../domains/working-capital/reports/report-run.service';
import { reportRuntimeOf } from '../domains/working-capital/reports/report-runtime';
import { cadenceOf } from '../domains/working-capital/reports/report-schedule.schema';
import { claimSlot, listDueRows } from '../domains/working-capital/reports/report-schedules.repo';
import { defineJob, PermanentJobError, type JobContext } from './job';

/** How often the job looks for due schedules: reports go out within this of their hour. */
export const FINANCE_REPORT_TICK_MS = 5 * 60_000;
/** Due schedules claimed per tick; the rest wait for the next one. */
const CLAIM_LIMIT = 200;

export const financeReportRunInput = z.strictObject({
  tenantId: z.string().min(1).max(200),
  scheduleId: z.string().min(1).max(200),
  /** The slot being run (ISO); absent for a run asked for now. */
  slot: z.iso.datetime().optional(),
});
export type FinanceReportRunInput = z.infer<typeof financeReportRunInput>;

/**
 * Scheduled finance reports. Every five minutes (no input) it claims each enabled schedule whose
 * time has come, moving it on to its next slot first so no other tick runs it again, and queues
 * one run each (or, when the runner cannot queue, runs them in turn, one failure not stopping the
 * others). A run (tenant and schedule) builds the report and mails it or saves it; a temporary
 * failure (the mail server away, a 4xx) is retried, a permanent one (a refusal, no SMTP, a
 * schedule since removed) goes to the dead letters at once. A server down for days sends each
 * late schedule once, not once per missed slot.
 */
export function createFinanceReportJob(runtime: (ctx: JobContext) => ReportRuntime | null) {
  const job = defineJob({
    name: 'finance-report',
    input: z.union([financeReportRunInput, z.strictObject({})]),
    retry: { attempts: 4, backoff: { type: 'exponential', delayMs: 60_000 } },
    schedule: { everyMs: FINANCE_REPORT_TICK_MS, input: {} },
    async perform(input, ctx) {
      const one = financeReportRunInput.safeParse(input);
      if (one.success) return runOne(one.data, ctx, runtime(ctx));
      const now = new Date();
      const results: { tenantId: string; scheduleId: string; slot: string; jobId?: string; files?: number; error?: string }[] = [];
      for (const row of await listDueRows(ctx.db, now, CLAIM_LIMIT)) {
        const slot = row.next_run_at!;
        if (!(await claimSlot(ctx.db, row.id, slot, nextRunAt(cadenceOf(row), now)))) continue;
        const run = { tenantId: row.tenant_id, scheduleId: row.id, slot: slot.toISOString() };
        if (ctx.enqueue) {
          results.push({ ...run, jobId: await ctx.enqueue(job, run) });
          continue;
        }
        try {
          results.push({ ...run, files: (await runOne(run, ctx, runtime(ctx))).files.length });
        } catch (error) {
          results.push({ ...run, error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (results.length > 0) ctx.log.info({ runs: results.length, failed: results.filter((r) => r.error).length }, 'due finance reports started');
      return { results };
    },
  });
  return job;
}

async function runOne(input: FinanceReportRunInput, ctx: JobContext, runtime: ReportRuntime | null): Promise<ReportRunResult> {
  if (!runtime) throw new PermanentJobError('This process gave its jobs no configuration, so there is no reports folder or SMTP server to deliver to.');
  try {
    // A late slot is still reported as of its own day, not the day the queue got to it.
    return await runReportSchedule(ctx.db, input.tenantId, input.scheduleId, runtime, { at: input.slot ? new Date(input.slot) : new Date(), log: ctx.log });
  } catch (error) {
    if (error instanceof ReportDeliveryError && error.permanent) throw new PermanentJobError(error.message);
    // The schedule was removed after the run was queued: nothing to retry.
    if (error instanceof AppError && error.code === ErrorCode.NotFound) throw new PermanentJobError(error.message);
    throw error;
  }
}

export const financeReportJob = createFinanceReportJob((ctx) => reportRuntimeOf(ctx.config));
