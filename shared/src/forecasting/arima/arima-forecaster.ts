import type { ModelForecast, SeriesContext } from '../model.js';
import { naiveWithInterval } from '../models/naive.js';
import { Z95 } from '../normal-quantile.js';
import { autoArima } from './auto-arima.js';
import { hasSeasonality } from '../seasonality.js';
import { classicalDecomposition, type DecompositionType } from './decompose.js';
import { isConstant, variance } from './differencing.js';
import { forecastArima } from './forecast-arima.js';

/** Only the most recent observations are fitted: ten years of weeks keeps a call near 25 ms. */
export const ARIMA_MAX_HISTORY = 520;
/** Seasons longer than this are removed by classical decomposition instead of seasonal ARIMA terms. */
export const ARIMA_MAX_SEASONAL_PERIOD = 24;
const MIN_HISTORY = 6;

/**
 * Automatic ARIMA forecasts with the model's own 95% interval. Series with a season longer than
 * 24 (weekly data, m = 52) are seasonally adjusted by classical decomposition when the M4
 * seasonality test finds a season (multiplicative for positive series, additive otherwise), a
 * non-seasonal ARIMA is fitted to the adjusted series and its forecasts and bounds are
 * reseasonalised. Anything the fit cannot handle falls back to the naive method.
 */
export function forecastAutoArima(history: readonly number[], horizon: number, ctx: SeriesContext): ModelForecast {
  if (horizon <= 0) return { mean: [], lower95: [], upper95: [] };
  if (history.length === 0 || history.some((v) => !Number.isFinite(v))) return naiveWithInterval(history, horizon);
  const y = history.slice(-ARIMA_MAX_HISTORY);
  if (y.length < MIN_HISTORY || isConstant(y)) return naiveWithInterval(y, horizon);

  // Work in units of the series' spread so the optimiser's steps and tolerances are scale-free.
  const scale = Math.sqrt(variance(y));
  const z = y.map((v) => v / scale);
  const m = Number.isFinite(ctx.seasonLength) ? Math.max(1, Math.round(ctx.seasonLength)) : 1;
  const result = m > ARIMA_MAX_SEASONAL_PERIOD ? forecastAdjusted(z, horizon, m) : forecastDirect(z, horizon, m);
  if (!result) return naiveWithInterval(y, horizon);
  const out = {
    mean: result.mean.map((v) => v * scale),
    lower95: result.lower.map((v) => v * scale),
    upper95: result.upper.map((v) => v * scale),
  };
  const finite = [...out.mean, ...out.lower95, ...out.upper95].every(Number.isFinite);
  return finite ? out : naiveWithInterval(y, horizon);
}

interface Bands {
  readonly mean: number[];
  readonly lower: number[];
  readonly upper: number[];
}

function forecastDirect(z: readonly number[], horizon: number, m: number): Bands | undefined {
  const search = autoArima(z, m);
  if (!search) return undefined;
  const prediction = forecastArima(z, search.fit, horizon);
  const mean = Array.from(prediction.mean);
  return {
    mean,
    lower: mean.map((v, h) => v - Z95 * prediction.se[h]!),
    upper: mean.map((v, h) => v + Z95 * prediction.se[h]!),
  };
}

function forecastAdjusted(z: readonly number[], horizon: number, m: number): Bands | undefined {
  if (!hasSeasonality(z, m)) return forecastDirect(z, horizon, 1);
  const type: DecompositionType = z.every((v) => v > 0) ? 'multiplicative' : 'additive';
  const { indices } = classicalDecomposition(z, m, type);
  const n = z.length;
  const adjusted = z.map((v, t) => (type === 'multiplicative' ? v / indices[t % m]! : v - indices[t % m]!));
  const bands = forecastDirect(adjusted, horizon, 1);
  if (!bands) return undefined;
  const reseason = (v: number, h: number): number => {
    const index = indices[(n + h) % m]!;
    return type === 'multiplicative' ? v * index : v + index;
  };
  return { mean: bands.mean.map(reseason), lower: bands.lower.map(reseason), upper: bands.upper.map(reseason) };
}

