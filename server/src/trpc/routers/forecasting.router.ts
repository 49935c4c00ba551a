import { z } from 'zod';
import { demandForecastFor, forecastRuns, MAX_RUNS_PAGE } from '../../domains/forecasting/forecast-query.service';
import { authorizedProcedure, router } from '../trpc';

// Anyone with a role at the site may see its forecasts (viewers too): shared actionPolicies.
const viewForecasts = authorizedProcedure('forecasts.view');
const id = z.string().min(1).max(200);

export const forecastingRouter = router({
  /** The latest demand forecast of an item at a site (the replicated document), or NOT_FOUND. */
  demand: viewForecasts
    .input(z.object({ siteId: id, itemId: id }))
    .query(({ ctx, input }) => demandForecastFor({ db: ctx.db, redis: ctx.redis, log: ctx.logger }, ctx.principal.tenantId, input.siteId, input.itemId)),
  /** The latest forecast runs of the tenant, newest first, with status and summary accuracy. */
  runs: viewForecasts
    .input(z.object({ siteId: id, limit: z.number().int().min(1).max(MAX_RUNS_PAGE).optional() }))
    .query(({ ctx, input }) => forecastRuns(ctx.db, ctx.principal.tenantId, input.limit)),
});
