import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { scenarioSchema } from '@capliquify/shared/finance/index';
import { FinanceError } from '../finance/finance-error';
import { FINANCE_VIEWS } from '../finance/finance-export.service';
import { MAX_SCENARIOS_RUN } from '../finance/finance.service';
import { t } from './trpc';

// The Finance section, answered offline from the replica (scenarios also reach the server when
// online). Inputs are checked here; the rules are the finance services'.

/** A refusal of the finance services becomes the tRPC error the screen shows. */
async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FinanceError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  }
}

const day = z.iso.date();
const currency = z.string().regex(/^[A-Za-z]{3}$/, 'a currency is a three-letter code').optional();
const entity = z.string().min(1).max(200).optional();
const period = {
  endOn: day.optional(),
  periodDays: z.number().int().min(1).max(3_650).default(90),
  costing: z.enum(['mac', 'fifo']).default('mac'),
  currency,
  entity,
};
const window = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1_000).default(200),
  q: z.string().max(200).default(''),
};
const drillInput = z.object({ ...period, ...window, by: z.enum(['customer', 'supplier', 'item', 'category']), category: z.string().min(1).max(200).optional(), sort: z.enum(['contribution', 'days', 'name', 'amount']).default('contribution') });
const contactInput = z.object({ ...period, offset: window.offset, limit: window.limit, contactId: z.string().min(1).max(200) });
const agingInput = z.object({
  ...window, currency, entity, asOf: day.optional(), ledger: z.enum(['AR', 'AP']), basis: z.enum(['due', 'invoice']).default('due'),
  view: z.enum(['contacts', 'documents']).default('contacts'), contactId: z.string().min(1).max(200).optional(), sort: z.enum(['days', 'amount', 'number', 'contact']).default('days'),
});
const include = z.object({ salesOutlook: z.boolean().optional(), openOrders: z.boolean().optional() }).optional();
const cashInput = z.object({ currency, entity, asOf: day.optional(), openingCashMinor: z.number().int().safe().default(0), weeks: z.number().int().min(1).max(52).default(13), include });
const anomalyInput = z.object({ currency, entity, asOf: day.optional(), periodDays: z.number().int().min(1).max(3_650).default(90), costing: z.enum(['mac', 'fifo']).default('mac') });
// Scenarios are checked by the service (its message names the field), so a half-typed one is explained, not just refused.
const scenarioInput = z.record(z.string(), z.unknown()).transform((v) => v as z.input<typeof scenarioSchema>);

export const financeRouter = t.router({
  /** How fresh the data is and what the filters offer. */
  freshness: t.procedure.query(({ ctx }) => answer(() => ctx.finance.freshness())),
  /** The dashboard: the ratios for 30, 90 and 365 days with their formulas and figures, the trend, aging bars, alert counts. */
  overview: t.procedure.input(z.object({ ...period, trendMonths: z.number().int().min(1).max(36).default(12) }))
    .query(({ ctx, input }) => answer(() => ctx.finance.overview(input))),
  /** DSO by customer, DPO by supplier, DIO by item (of a category) or category: a window of the rows. */
  drill: t.procedure.input(drillInput).query(({ ctx, input }) => answer(() => ctx.finance.drill(input))),
  /** A customer's or supplier's documents behind its days. */
  contact: t.procedure.input(contactInput).query(({ ctx, input }) => answer(() => ctx.finance.contact(input))),
  aging: t.procedure.input(agingInput).query(({ ctx, input }) => answer(() => ctx.finance.aging(input))),
  cashForecast: t.procedure.input(cashInput).query(({ ctx, input }) => answer(() => ctx.finance.cashForecast(input))),
  anomalies: t.procedure.input(anomalyInput).query(({ ctx, input }) => answer(() => ctx.finance.anomalies(input))),
  anomalyRows: t.procedure.input(anomalyInput.extend({ anomalyId: z.string().min(1).max(500) }))
    .query(({ ctx, input }) => answer(() => ctx.finance.anomalyRows(input))),
  scenarios: t.router({
    list: t.procedure.query(({ ctx }) => answer(() => ctx.financeScenarios.list())),
    choices: t.procedure.input(z.object({ currency, entity }).default({})).query(({ ctx, input }) => answer(() => ctx.finance.scenarioChoices(input))),
    save: t.procedure.input(z.object({ id: z.string().min(1).max(200).optional(), scenario: scenarioInput }))
      .mutation(({ ctx, input }) => answer(() => ctx.financeScenarios.save(input))),
    delete: t.procedure.input(z.object({ id: z.string().min(1).max(200) })).mutation(({ ctx, input }) => answer(() => ctx.financeScenarios.delete(input.id))),
    /** Scenarios (saved or being edited) projected here on the period's figures. */
    run: t.procedure.input(z.object({ ...period, scenarios: z.array(scenarioInput).min(1).max(MAX_SCENARIOS_RUN) }))
      .query(({ ctx, input }) => answer(() => ctx.finance.runScenarios(input))),
  }),
  /** A view as XLSX (formulas and number formats), CSV or PDF, base64 for the renderer to save. */
  export: t.procedure.input(z.object({
    ...period, view: z.enum(FINANCE_VIEWS), format: z.enum(['xlsx', 'csv', 'pdf']),
    ledger: z.enum(['AR', 'AP']).default('AR'), basis: z.enum(['due', 'invoice']).default('due'),
    by: z.enum(['customer', 'supplier', 'item', 'category']).default('customer'), category: z.string().min(1).max(200).optional(),
    contactId: z.string().min(1).max(200).optional(), openingCashMinor: z.number().int().safe().default(0), include,
    scenarios: z.array(scenarioInput).max(MAX_SCENARIOS_RUN).default([]),
  })).query(({ ctx, input }) => answer(() => ctx.financeExports.export(input))),
});
