import type { ForecastAccuracy } from '@capliquify/shared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ForecastRunsTable } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A forecast run as planners and operators see it. */
export interface ForecastRunView {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** The Monday of the first week forecast. */
  firstWeek: string;
  horizon: number;
  historyWeeks: number;
  /** Items forecast (site × item). */
  items: number;
  /** Means over the items of their backtest accuracy. */
  accuracy: ForecastAccuracy;
  error: string | null;
}

export async function insertForecastRun(db: Db, run: { id: string; tenantId: string; firstWeek: string; horizon: number; historyWeeks: number }): Promise<void> {
  await db.insertInto('forecast_runs')
    .values({ id: run.id, tenant_id: run.tenantId, first_week: run.firstWeek, horizon: run.horizon, history_weeks: run.historyWeeks })
    .execute();
}

export async function finishForecastRun(
  db: Db, tenantId: string, runId: string, outcome: { status: 'succeeded' | 'failed'; items?: number; accuracy?: ForecastAccuracy; error?: string },
): Promise<void> {
  await db.updateTable('forecast_runs')
    .set({
      status: outcome.status, finished_at: new Date(), error: outcome.error ?? null,
      ...(outcome.items === undefined ? {} : { items: outcome.items }),
      ...(outcome.accuracy ? { mase: outcome.accuracy.mase, smape: outcome.accuracy.smape, bias: outcome.accuracy.bias } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .execute();
}

/** The tenant's latest runs, newest first. */
export async function listForecastRuns(db: Db, tenantId: string, limit: number): Promise<ForecastRunView[]> {
  const rows = await db.selectFrom('forecast_runs').selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('started_at', 'desc').orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(runView);
}

/** Tenants with no run that started after `since` and is running or succeeded: the ones a daily run is due for. */
export async function listTenantsDueForForecast(db: Db, since: Date): Promise<string[]> {
  const rows = await db.selectFrom('tenants').select('id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('forecast_runs').select('forecast_runs.id')
      .whereRef('forecast_runs.tenant_id', '=', 'tenants.id')
      .where('forecast_runs.started_at', '>', since)
      .where('forecast_runs.status', 'in', ['running', 'succeeded']))))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

function runView(r: Selectable<ForecastRunsTable>): ForecastRunView {
  return {
    id: r.id, status: r.status, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
    firstWeek: r.first_week, horizon: r.horizon, historyWeeks: r.history_weeks, items: r.items,
    accuracy: { mase: r.mase, smape: r.smape, bias: r.bias }, error: r.error,
  };
}
