import type { LocalModel, ModelForecast, Regressors, SeriesContext } from './model';

/**
 * Rolling-origin backtest starts: the last `count` blocks of `horizon` steps, oldest first, each
 * leaving at least `minTrain` observations to fit on. A series too short for any gets none.
 */
export function backtestOrigins(length: number, horizon: number, count: number, minTrain: number): number[] {
  const origins: number[] = [];
  for (let k = count; k >= 1; k--) {
    const origin = length - k * horizon;
    if (origin >= minTrain) origins.push(origin);
  }
  return origins;
}

/** Regressors as they were known at `origin`: the history before it, the next `horizon` steps after. */
export function regressorsAt(regressors: Regressors | undefined, origin: number, horizon: number): Regressors | undefined {
  if (!regressors) return undefined;
  const history: Record<string, number[]> = {};
  const future: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(regressors.history)) {
    history[name] = values.slice(0, origin);
    future[name] = values.slice(origin, origin + horizon);
  }
  return { history, future };
}

export interface LocalTask {
  readonly y: readonly number[];
  readonly regressors?: Regressors;
  readonly origins: readonly number[];
  /** Names of the models to run for this series (all when absent): slow movers skip the smooth-demand models. */
  readonly only?: readonly string[];
}

/** Every model's forecasts at each backtest origin, and from the whole history. */
export interface LocalRun {
  readonly backtests: Record<string, number[][]>;
  readonly finals: Record<string, ModelForecast>;
}

const finite = (values: readonly number[], horizon: number): boolean =>
  values.length === horizon && values.every((v) => Number.isFinite(v));

/** Guards the ensemble against a model that breaks its contract on one series: the naive answer stands in. */
function safeForecast(model: LocalModel, y: readonly number[], horizon: number, ctx: SeriesContext): ModelForecast {
  const last = y.length > 0 ? y[y.length - 1]! : 0;
  const fallback: ModelForecast = { mean: Array.from({ length: horizon }, () => last) };
  try {
    const forecast = model.forecast(y, horizon, ctx);
    if (!finite(forecast.mean, horizon)) return fallback;
    const intervalOk = forecast.lower95 && forecast.upper95 && finite(forecast.lower95, horizon) && finite(forecast.upper95, horizon);
    return intervalOk ? forecast : { mean: forecast.mean };
  } catch {
    return fallback;
  }
}

/** Runs each model at each origin and on the full history of one series. */
export function runLocalModels(task: LocalTask, models: readonly LocalModel[], horizon: number, ctx: Omit<SeriesContext, 'regressors'>): LocalRun {
  const backtests: Record<string, number[][]> = {};
  const finals: Record<string, ModelForecast> = {};
  for (const model of task.only ? models.filter((m) => task.only!.includes(m.name)) : models) {
    backtests[model.name] = task.origins.map(
      (origin) => safeForecast(model, task.y.slice(0, origin), horizon, { ...ctx, regressors: regressorsAt(task.regressors, origin, horizon) }).mean,
    );
    finals[model.name] = safeForecast(model, task.y, horizon, { ...ctx, regressors: task.regressors });
  }
  return { backtests, finals };
}
