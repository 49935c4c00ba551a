import type { DemandForecast, ForecastAccuracy } from '@capliquify/shared';
import type { SeriesForecast } from '@capliquify/shared/forecasting/panel';
import type { DemandSeries } from './demand-features';

/**
 * The replicated document of one item at one site, or null when the forecast holds a number that
 * is not finite (a model failing in a way the ensemble did not catch): that item keeps no forecast
 * rather than a wrong one, and the run says how many it left out.
 */
export function demandForecastDocument(
  series: DemandSeries, forecast: SeriesForecast, run: { runId: string; generatedAt: string }, futureWeeks: readonly string[],
): DemandForecast | null {
  const values = [...forecast.mean, ...forecast.lower95, ...forecast.upper95, ...Object.values(forecast.weights)];
  if (values.some((v) => !Number.isFinite(v)) || forecast.mean.length !== futureWeeks.length) return null;
  return {
    siteId: series.siteId,
    itemId: series.itemId,
    runId: run.runId,
    generatedAt: run.generatedAt,
    history: series.history,
    points: futureWeeks.map((period, h) => ({ period, yhat: forecast.mean[h]!, lo95: forecast.lower95[h]!, hi95: forecast.upper95[h]! })),
    weights: forecast.weights,
    accuracy: finiteOrNull(forecast.accuracy),
    demandClass: forecast.demandClass,
  };
}

function finiteOrNull(accuracy: ForecastAccuracy): ForecastAccuracy {
  const keep = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
  return { mase: keep(accuracy.mase), smape: keep(accuracy.smape), bias: keep(accuracy.bias) };
}

/** A run's summary: the mean of each measure over the items that have one (null when none has). */
export function summaryAccuracy(documents: readonly DemandForecast[]): ForecastAccuracy {
  const mean = (pick: (a: ForecastAccuracy) => number | null) => {
    const values = documents.map((d) => pick(d.accuracy)).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  return { mase: mean((a) => a.mase), smape: mean((a) => a.smape), bias: mean((a) => a.bias) };
}
