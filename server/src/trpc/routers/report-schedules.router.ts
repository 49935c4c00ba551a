import { z } from 'zod';
import { reportScheduleInputSchema } from '../../domains/working-capital/reports/report-schedule.schema';
import { listReportSchedules, removeReportSchedule, requestReportRun, saveReportSchedule } from '../../domains/working-capital/reports/report-schedules.service';
import { financeReportJob } from '../../jobs/finance-report.job';
import { authorizedProcedure, router } from '../trpc';

// Scheduled finance reports (`workingCapital.reportSchedules.*`): anyone in finance sees them;
// setting them up, removing them and running one now is `finance.manage`.

const view = authorizedProcedure('finance.view');
const manage = authorizedProcedure('finance.manage');
const id = z.string().min(1).max(200);

export const reportSchedulesRouter = router({
  /** The tenant's schedules by name: views, formats, when, where to, next and last run. */
  list: view.query(({ ctx }) => listReportSchedules(ctx.db, ctx.principal.tenantId)),
  /** A new schedule, or a change to the one named by `id`; a name taken by another is CONFLICT. */
  save: manage
    .input(z.object({ id: id.optional(), schedule: reportScheduleInputSchema }))
    .mutation(({ ctx, input }) => saveReportSchedule(
      ctx.db, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId }, input, { smtpConfigured: ctx.reports.smtp !== null },
    )),
  remove: manage
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removeReportSchedule(ctx.db, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId }, input.id)),
  /** Queues a run of the schedule now (its regular runs are unchanged); the job's id comes back. */
  runNow: manage
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const schedule = await requestReportRun(ctx.db, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId }, input.id, { smtpConfigured: ctx.reports.smtp !== null });
      const jobId = await ctx.jobs.enqueue(financeReportJob, { tenantId: ctx.principal.tenantId, scheduleId: schedule.id });
      return { id: schedule.id, jobId };
    }),
});
