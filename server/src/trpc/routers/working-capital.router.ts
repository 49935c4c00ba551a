import { scenarioSchema } from '@capliquify/shared/finance/index';
import { z } from 'zod';
import { deleteScenario, listScenarios, MAX_SCENARIOS_RUN, runScenarios, saveScenario } from '../../domains/working-capital/finance-scenarios.service';
import {
  workingCapitalAging, workingCapitalAnomalies, workingCapitalCashForecast, workingCapitalDrill, workingCapitalSummary,
} from '../../domains/working-capital/working-capital.service';
import { authorizedProcedure, router } from '../trpc';
import { reportSchedulesRouter } from './report-schedules.router';

// The Finance section over the network (a finance workstation computes the same offline from its
// replica). Tenant-wide: `finance.view` for managers and admins of every site; saving and deleting
// scenarios is `finance.manage` (admins). Days are ISO days; money is minor units of the base currency.

const view = authorizedProcedure('finance.view');
const manage = authorizedProcedure('finance.manage');

const id = z.string().min(1).max(200);
const day = z.iso.date();
const period = {
  /** Last day of the period; today (UTC) when absent. */
  endOn: day.optional(),
  /** Trailing days: 30, 90 or 365 on screen. */
  periodDays: z.number().int().min(1).max(3_650).default(90),
  costing: z.enum(['mac', 'fifo']).optional(),
};

export const workingCapitalRouter = router({
  /** DSO, DPO, DIO and CCC for the period with formula, numerator and denominator, and the monthly trend. */
  summary: view
    .input(z.object({ ...period, trendMonths: z.number().int().min(1).max(36).optional() }))
    .query(({ ctx, input }) => workingCapitalSummary(ctx.db, ctx.principal.tenantId, input)),
  /** AR or AP aging in buckets by due date (or invoice date), per contact, in the base currency. */
  aging: view
    .input(z.object({ ledger: z.enum(['AR', 'AP']), asOf: day.optional(), basis: z.enum(['due', 'invoice']).optional(), contactId: id.optional() }))
    .query(({ ctx, input }) => workingCapitalAging(ctx.db, ctx.principal.tenantId, input)),
  /** A ratio by customer, supplier, item or category; with a contact, its documents. */
  drill: view
    .input(z.object({ ...period, by: z.enum(['customer', 'supplier', 'item', 'category']), contactId: id.optional() }))
    .query(({ ctx, input }) => workingCapitalDrill(ctx.db, ctx.principal.tenantId, input)),
  /** The 13-week cash forecast with its band. */
  cashForecast: view
    .input(z.object({
      asOf: day.optional(),
      openingCashMinor: z.number().int().safe().optional(),
      weeks: z.number().int().min(1).max(52).optional(),
      historyDays: z.number().int().min(30).max(1_095).optional(),
      plannedPurchases: z.array(z.object({
        id, payOn: day, amountMinor: z.number().int().safe(), currency: z.string().length(3), description: z.string().max(500).optional(),
      })).max(500).optional(),
      include: z.object({ salesOutlook: z.boolean().optional(), openOrders: z.boolean().optional() }).optional(),
    }))
    .query(({ ctx, input }) => workingCapitalCashForecast(ctx.db, ctx.principal.tenantId, input)),
  /** Overdue spikes, slower payers, DSO/DIO jumps, excess and slow stock, possible duplicate bills. */
  anomalies: view
    .input(z.object({ asOf: day.optional(), periodDays: z.number().int().min(1).max(3_650).optional(), costing: z.enum(['mac', 'fifo']).optional() }))
    .query(({ ctx, input }) => workingCapitalAnomalies(ctx.db, ctx.principal.tenantId, input)),
  scenarios: router({
    /** The tenant's saved scenarios, by name. */
    list: view.query(({ ctx }) => listScenarios(ctx.db, ctx.principal.tenantId)),
    /** A new scenario, or a change to the one named by `id`; a name taken by another is CONFLICT. */
    save: manage
      .input(z.object({ id: id.optional(), scenario: scenarioSchema }))
      .mutation(({ ctx, input }) => saveScenario(ctx.db, ctx.principal.tenantId, ctx.principal.userId, input)),
    delete: manage
      .input(z.object({ id }))
      .mutation(({ ctx, input }) => deleteScenario(ctx.db, ctx.principal.tenantId, input.id)),
    /** Saved and unsaved scenarios projected on the period's figures, side by side. */
    run: view
      .input(z.object({
        ...period,
        scenarioIds: z.array(id).max(MAX_SCENARIOS_RUN).optional(),
        scenarios: z.array(scenarioSchema).max(MAX_SCENARIOS_RUN).optional(),
      }))
      .query(({ ctx, input }) => runScenarios(ctx.db, ctx.principal.tenantId, input)),
  }),
  /** Scheduled reports of these views, mailed or saved to a folder (report-schedules.router.ts). */
  reportSchedules: reportSchedulesRouter,
});
