import type { DemandForecast } from '@capliquify/shared';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { notFound } from '../../errors/app.error';
import { findDemandForecast } from './demand-forecasts.repo';
import { readCachedForecast, refillCachedForecast } from './forecast-cache';
import { listForecastRuns, type ForecastRunView } from './forecast-runs.repo';

export const DEFAULT_RUNS_PAGE = 10;
export const MAX_RUNS_PAGE = 100;

/**
 * The latest forecast of an item at a site: from Redis when it holds it (the daily run puts every
 * forecast there), else from PostgreSQL, which then refills Redis. NOT_FOUND when there is none.
 */
export async function demandForecastFor(
  deps: { db: Kysely<Database>; redis: Redis | null; log?: Logger }, tenantId: string, siteId: string, itemId: string,
): Promise<DemandForecast> {
  if (deps.redis) {
    const cached = await readCachedForecast(deps.redis, tenantId, siteId, itemId, deps.log);
    if (cached) return cached;
  }
  const document = await withTenantScope(deps.db, tenantId, (trx) => findDemandForecast(trx, tenantId, siteId, itemId));
  if (!document) {
    throw notFound(`There is no forecast for item ${itemId} at site ${siteId}: the daily forecast covers the items the site sold in the last two years.`);
  }
  if (deps.redis) await refillCachedForecast(deps.redis, tenantId, document, deps.log);
  return document;
}

/** The tenant's latest forecast runs, newest first: when, status, items and summary accuracy. */
export async function forecastRuns(db: Kysely<Database>, tenantId: string, limit = DEFAULT_RUNS_PAGE): Promise<ForecastRunView[]> {
  return withTenantScope(db, tenantId, (trx) => listForecastRuns(trx, tenantId, limit));
}
