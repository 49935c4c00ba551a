import { z } from 'zod';
import { ErrorCode } from '@capliquify/shared';
import { AppError } from '../errors/app.error';
import { forecastRuntimeOf, type ForecastRuntime } from '../domains/forecasting/forecast-runtime';
import { runTenantForecast, type TenantForecastResult } from '../domains/forecasting/forecast.service';
import { refreshFinanceScope } from '../domains/working-capital/finance-scope.service';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import { listTenantsDueForForecast } from '../domains/forecasting/forecast-runs.repo';
import { defineJob, PermanentJobError, type JobContext } from './job';

export const FORECAST_EVERY_MS = 24 * 3_600_000;
/**
 * A tenant forecast this recently is skipped by the daily fan-out: without Redis the schedule also
 * fires at every start, and a restart should not recompute what is hours old. Under a day, so the
 * daily run itself is never skipped.
 */
export const FORECAST_FRESH_MS = 20 * 3_600_000;

export const forecastTenantInput = z.object({
  tenantId: z.string().min(1).max(200),
  /** The day the forecast is made (default today, UTC); its week is the first forecast. */
  asOf: z.iso.date().optional(),
});
export type ForecastTenantInput = z.infer<typeof forecastTenantInput>;

/**
 * Daily demand forecasts. Scheduled with no input it fans out one job per tenant not forecast in
 * the last 20 hours, when the runner can queue (each retried or dead-lettered on its own), or
 * forecasts each such tenant in turn when it cannot, one failure not stopping the others. With a
 * tenant it always runs (the CLI, after seeding). A retry runs the tenant's forecast again from
 * the start: a run rewrites the latest forecasts, so nothing is counted twice.
 */
export function createForecastJob(runtime: (ctx: JobContext) => ForecastRuntime) {
  const job = defineJob({
    name: 'forecast',
    input: z.union([forecastTenantInput, z.strictObject({})]),
    retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000 } },
    schedule: { everyMs: FORECAST_EVERY_MS, input: {} },
    async perform(input, ctx) {
      const one = forecastTenantInput.safeParse(input);
      if (one.success) return forecastTenant(one.data, ctx, runtime(ctx));
      const results: { tenantId: string; jobId?: string; items?: number; error?: string }[] = [];
      for (const tenantId of await listTenantsDueForForecast(ctx.db, new Date(Date.now() - FORECAST_FRESH_MS))) {
        if (ctx.enqueue) {
          results.push({ tenantId, jobId: await ctx.enqueue(job, { tenantId }) });
          continue;
        }
        try {
          results.push({ tenantId, items: (await forecastTenant({ tenantId }, ctx, runtime(ctx))).items });
        } catch (error) {
          results.push({ tenantId, error: error instanceof Error ? error.message : String(error) });
        }
      }
      ctx.log.info({ tenants: results.length, failed: results.filter((r) => r.error).length }, 'daily forecasts fanned out');
      return { results };
    },
  });
  return job;
}

async function forecastTenant(input: ForecastTenantInput, ctx: JobContext, runtime: ForecastRuntime): Promise<TenantForecastResult> {
  const redis = runtime.redisUrl ? createRedis(runtime.redisUrl, ctx.log) : null;
  try {
    // Redis only holds a copy: without it the forecasts are still written and served from PostgreSQL.
    if (redis && !(await connectRedis(redis))) ctx.log.warn('Redis is unreachable; forecasts go to PostgreSQL only');
    const result = await runTenantForecast(ctx.db, input.tenantId, {
      asOf: input.asOf, engine: runtime.engine, redis: redis?.status === 'ready' ? redis : null, log: ctx.log, progress: ctx.progress,
    });
    ctx.log.info({ ...result }, 'demand forecast done');
    await refreshSalesOutlook(input.tenantId, ctx);
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.NotFound) throw new PermanentJobError(error.message);
    throw error;
  } finally {
    if (redis) await closeRedis(redis);
  }
}

/**
 * The finance scope's sales outlook is priced from the forecasts just written: bring it in step
 * now rather than at the nightly refresh. The forecasts stand if this fails; the nightly refresh
 * tries again.
 */
async function refreshSalesOutlook(tenantId: string, ctx: JobContext): Promise<void> {
  try {
    const written = await refreshFinanceScope(ctx.db, tenantId, { inventory: false });
    if (written > 0) ctx.log.info({ tenantId, written }, 'finance scope brought in step with the new forecasts');
  } catch (error) {
    ctx.log.warn({ tenantId, err: error }, 'the sales outlook waits for the nightly finance refresh');
  }
}

export const forecastJob = createForecastJob((ctx) => forecastRuntimeOf(ctx.config));
