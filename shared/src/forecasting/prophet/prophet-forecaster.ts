import type { ModelForecast, SeriesContext } from '../model.js';
import { naiveWithInterval } from '../models/naive.js';
import { alignRegressors, buildDesign, PROPHET_DEFAULTS, type ProphetOptions } from './design.js';
import { fitProphet } from './fit-prophet.js';
import { createRng } from './prng.js';
import { simulateInterval } from './uncertainty.js';

/**
 * Only the last three years of weeks are fitted. The forecast continues the fitted trend line, not
 * the last observation, so an old history pulls the level away from where the series is now: on a
 * holdout of the M4 Weekly training histories 156 points scored OWA 1.14, 260 points 1.21 and 520
 * points 1.47.
 */
export const PROPHET_MAX_HISTORY = 156;
const MIN_HISTORY = 4;

/**
 * A Prophet-style additive model: piecewise-linear trend with 25 candidate changepoints in the
 * first 90% of the window under a Laplace (L1) prior, Fourier seasonality, and the context's
 * holiday and promotion regressors, fitted by MAP; the 95% interval is simulated with the seeded
 * generator. Too short, constant or non-finite input falls back to the naive method.
 */
export function forecastProphet(
  history: readonly number[],
  horizon: number,
  ctx: SeriesContext,
  options: Partial<ProphetOptions> & { maxHistory?: number } = {},
): ModelForecast {
  if (horizon <= 0) return { mean: [], lower95: [], upper95: [] };
  if (history.length === 0 || history.some((v) => !Number.isFinite(v))) return naiveWithInterval(history, horizon);
  const y = history.slice(-(options.maxHistory ?? PROPHET_MAX_HISTORY));
  const n = y.length;
  const yScale = y.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  if (n < MIN_HISTORY || y.every((v) => v === y[0])) return naiveWithInterval(y, horizon);

  const ys = Float64Array.from(y, (v) => v / yScale);
  const regressors = alignRegressors(ctx.regressors, history.length, n, horizon);
  const m = Number.isFinite(ctx.seasonLength) ? Math.max(1, Math.round(ctx.seasonLength)) : 1;
  const design = buildDesign(n, horizon, m, regressors, { ...PROPHET_DEFAULTS, ...options });
  const { beta, sigma } = fitProphet(ys, design);
  const point = new Float64Array(horizon);
  design.future.forEach((column, j) => {
    for (let h = 0; h < horizon; h++) point[h]! += beta[j]! * column[h]!;
  });
  const deltas = beta.subarray(2, 2 + design.changepoints.length);
  const { lower, upper } = simulateInterval(point, design, deltas, sigma, n, createRng(ctx.seed));
  const out = {
    mean: Array.from(point, (v) => v * yScale),
    lower95: Array.from(lower, (v) => v * yScale),
    upper95: Array.from(upper, (v) => v * yScale),
  };
  const finite = [...out.mean, ...out.lower95, ...out.upper95].every(Number.isFinite);
  return finite ? out : naiveWithInterval(y, horizon);
}

