import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { demandForecastId, type DemandClass, type DemandForecast, type ForecastAccuracy } from '@capliquify/shared';
import type { GlobalModel, LocalModel } from '@capliquify/shared/forecasting/model';
import { forecastPanel, type SeriesForecast } from '@capliquify/shared/forecasting/panel';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { notFound } from '../../errors/app.error';
import { buildDemandSeries, type DemandSeries } from './demand-features';
import { listFirstSales, listPromotionSpans, listWeeklySales } from './demand-history.repo';
import { cacheForecasts } from './forecast-cache';
import { demandForecastDocument, summaryAccuracy } from './forecast-document';
import { PRODUCT_MODELS_BY_CLASS, productGlobalModels, productLocalModels } from './forecast-models';
import { finishForecastRun, insertForecastRun } from './forecast-runs.repo';
import { retireForecastsNotFromRun, writeForecastSnapshots } from './forecast-snapshots.service';
import { addDays, forecastWindow, type ForecastWindow } from './iso-weeks';
import { createLocalPool } from './local-pool/local-pool';
import { yieldingRunner } from './yielding-runner';

export const DEFAULT_HORIZON_WEEKS = 13;
export const DEFAULT_HISTORY_WEEKS = 104;
export const SEASON_LENGTH_WEEKS = 52;
/** Every run uses the same seed: the same history gives the same forecast. */
export const FORECAST_SEED = 20_260_101;

/** The ensemble's members and where the local ones run. */
export interface ForecastEngine {
  local: readonly LocalModel[];
  global: readonly GlobalModel[];
  /** Worker threads for the local models (which the workers rebuild by name); 0 runs them in this thread. */
  workers: number;
  /** Per demand class, the local models worth running (all when absent). */
  modelsByClass?: Partial<Record<DemandClass, readonly string[]>>;
}

/** The product ensemble, its local models on one worker thread per core. */
export function productForecastEngine(): ForecastEngine {
  return { local: productLocalModels(), global: productGlobalModels(), workers: availableParallelism(), modelsByClass: PRODUCT_MODELS_BY_CLASS };
}

export interface TenantForecastOptions {
  /** The day the forecast is made (default today, UTC): its week is the first forecast. */
  asOf?: string;
  horizon?: number;
  historyWeeks?: number;
  engine?: ForecastEngine;
  /** Where hot results go when the app has Redis. */
  redis?: Redis | null;
  log?: Logger;
  /** How far the run got (0–1), with a short note for the people watching. */
  progress?: (fraction: number, note?: string) => Promise<void>;
}

export interface TenantForecastResult {
  runId: string;
  firstWeek: string;
  /** Items (site × item) forecast. */
  items: number;
  /** Items whose forecast held a number that was not finite and was left out. */
  skipped: number;
  /** Forecasts of items no longer sold, removed. */
  removed: number;
  accuracy: ForecastAccuracy;
}

/**
 * Forecasts every active item of the tenant at every site that sells it, from weekly demand
 * (demand-features.ts), with the ensemble; records the run, keeps the latest forecast per item
 * and site in PostgreSQL, replicates it into the site's scope and puts it in Redis when there is
 * one. A failure marks the run failed (with the reason) and is thrown for the job to retry.
 */
export async function runTenantForecast(db: Kysely<Database>, tenantId: string, options: TenantForecastOptions = {}): Promise<TenantForecastResult> {
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound(`There is no tenant ${tenantId}.`);
  const horizon = options.horizon ?? DEFAULT_HORIZON_WEEKS;
  const historyWeeks = options.historyWeeks ?? DEFAULT_HISTORY_WEEKS;
  const window = forecastWindow(options.asOf ?? new Date().toISOString().slice(0, 10), historyWeeks, horizon);
  const runId = `fcr_${randomUUID()}`;
  const firstWeek = window.future[0]!;
  const progress = options.progress ?? (async () => {});
  await withTenantScope(db, tenantId, (trx) => insertForecastRun(trx, { id: runId, tenantId, firstWeek, horizon, historyWeeks }));
  try {
    const series = await readDemandSeries(db, tenantId, window);
    await progress(0.05, `${series.length} items to forecast`);
    const forecasts = await forecastSeries(series, horizon, options.engine ?? productForecastEngine(), (fraction) => progress(0.05 + 0.8 * fraction, 'forecasting'));
    const generatedAt = new Date().toISOString();
    const documents: DemandForecast[] = [];
    series.forEach((s, i) => {
      const document = demandForecastDocument(s, forecasts[i]!, { runId, generatedAt }, window.future);
      if (document) documents.push(document);
      else options.log?.warn({ siteId: s.siteId, itemId: s.itemId }, 'forecast held a number that is not finite; item left out');
    });
    await writeForecastSnapshots(db, tenantId, documents, (written) => progress(0.85 + (0.1 * written) / documents.length, 'saving'));
    const accuracy = summaryAccuracy(documents);
    const removed = await retireForecastsNotFromRun(db, tenantId, runId, (trx) =>
      finishForecastRun(trx, tenantId, runId, { status: 'succeeded', items: documents.length, accuracy }));
    if (options.redis) await cacheHotResults(options.redis, tenantId, documents, removed, options.log);
    await progress(1, `${documents.length} items forecast`);
    return { runId, firstWeek, items: documents.length, skipped: series.length - documents.length, removed: removed.length, accuracy };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await withTenantScope(db, tenantId, (trx) => finishForecastRun(trx, tenantId, runId, { status: 'failed', error: reason }))
      .catch((failure: unknown) => options.log?.error({ err: failure }, 'could not mark the forecast run failed'));
    throw error;
  }
}

async function readDemandSeries(db: Kysely<Database>, tenantId: string, window: ForecastWindow): Promise<DemandSeries[]> {
  const from = window.history[0] ?? window.future[0]!;
  const to = addDays(window.future[0]!, -1);
  const futureEnd = addDays(window.future.at(-1)!, 6);
  const [sales, promotions, firstSales] = await withTenantScope(db, tenantId, async (trx) => [
    await listWeeklySales(trx, tenantId, from, to),
    await listPromotionSpans(trx, tenantId, from, futureEnd),
    await listFirstSales(trx, tenantId, to),
  ] as const);
  return buildDemandSeries({ window, sales, promotions, firstSales });
}

async function forecastSeries(
  series: readonly DemandSeries[], horizon: number, engine: ForecastEngine, progress: (fraction: number) => Promise<void>,
): Promise<SeriesForecast[]> {
  if (series.length === 0) return [];
  const ctx = { seasonLength: SEASON_LENGTH_WEEKS, seed: FORECAST_SEED };
  const pool = engine.workers > 0 ? createLocalPool(engine.local.map((m) => m.name), horizon, ctx, engine.workers) : null;
  let reported = 0;
  try {
    return await forecastPanel(
      series.map((s) => ({ id: demandForecastId(s.siteId, s.itemId), y: s.y, ...(s.regressors ? { regressors: s.regressors } : {}) })),
      {
        horizon, ...ctx, models: engine.local, globalModels: engine.global, modelsByClass: engine.modelsByClass,
        runLocal: pool?.runner ?? yieldingRunner(engine.local, horizon, ctx),
        onProgress: (done, total) => {
          // About every 5%: each report is a message to every station of the tenant.
          if (done < total && done - reported < total / 20) return;
          reported = done;
          void progress(done / total);
        },
      },
    );
  } finally {
    await pool?.close();
  }
}

/** Redis holds a copy: failing to write it leaves PostgreSQL answering, so it is logged, not thrown. */
async function cacheHotResults(redis: Redis, tenantId: string, documents: readonly DemandForecast[], removed: { siteId: string; itemId: string }[], log?: Logger): Promise<void> {
  try {
    await cacheForecasts(redis, tenantId, documents, removed);
  } catch (error) {
    log?.warn({ err: error }, 'could not put the forecasts in Redis; PostgreSQL answers until the next run');
  }
}
