/**
 * The optimised and the dynamic optimised Theta models (Fiorucci, Pellegrini, Louzada, Petropoulos
 * & Koehler 2016): SES with a drift whose weight 1 − 1/θ is estimated instead of fixed at ½, and,
 * in the dynamic form, a trend line A_t + B_t·t re-estimated from the data seen so far at every
 * step, so that the trend may change. θ ≥ 1, α ∈ [0.1, 0.99] and the initial level are chosen by
 * least squares on the one-step errors, as in their implementation.
 */
import type { LocalModel, ModelForecast } from '../model.js';
import { nelderMead } from '../optimize/nelder-mead.js';
import { deseasonalize, reseasonalize } from '../seasonality.js';
import { fallbackForecast, fittingScale, prepareHistory } from './ets-history.js';
import { linearTrend, THETA_MAX_HISTORY } from './theta.js';

interface ThetaParams {
  readonly level0: number;
  readonly alpha: number;
  readonly theta: number;
}

interface ThetaRun {
  readonly sse: number;
  /** Forecasts for h = 1…horizon (empty when horizon is 0). */
  readonly forecasts: number[];
}

/**
 * One pass of the model over y (and on into the horizon, feeding back its own forecasts). The
 * first three errors are left out of the fit criterion: the dynamic trend is meaningless there.
 */
function runTheta(y: Float64Array, p: ThetaParams, dynamic: boolean, horizon: number): ThetaRun {
  const n = y.length;
  const { alpha, theta } = p;
  const weight = 1 - 1 / theta;
  let A: number;
  let B: number;
  if (dynamic) {
    A = y[0]!;
    B = 0;
  } else {
    // The least-squares line over t = 1…n, A + B·t.
    const line = linearTrend(Array.from(y));
    A = line.intercept;
    B = line.slope;
  }
  let level = alpha * y[0]! + (1 - alpha) * p.level0;
  let meanY = y[0]!;
  let sse = 0;
  let decay = 1 - alpha; // (1 − α)^i at step i
  const forecasts: number[] = [];
  for (let i = 1; i < n + horizon; i++) {
    decay *= 1 - alpha;
    const mu = level + weight * ((decay / (1 - alpha)) * A + ((1 - decay) / alpha) * B);
    const observed = i < n;
    const yi = observed ? y[i]! : mu;
    if (observed) {
      if (i >= 3) sse += (yi - mu) ** 2;
    } else {
      forecasts.push(mu);
    }
    level = alpha * yi + (1 - alpha) * level;
    const previousMean = meanY;
    meanY = (i * meanY + yi) / (i + 1);
    if (dynamic) {
      B = ((i - 1) * B + (6 * (yi - previousMean)) / (i + 1)) / (i + 2);
      A = meanY - (B * (i + 2)) / 2;
    }
  }
  return { sse, forecasts };
}

function fitTheta(y: Float64Array, dynamic: boolean): ThetaParams | undefined {
  const objective = (u: Float64Array): number => runTheta(y, { level0: u[0]!, alpha: u[1]!, theta: u[2]! }, dynamic, 0).sse;
  const start = [y[0]! / 2, 0.5, 2];
  const result = nelderMead(objective, start, {
    lower: [-1e10, 0.1, 1],
    upper: [1e10, 0.99, 1e10],
    step: [0.1 * Math.max(Math.abs(start[0]!), 0.1), 0.1, 0.5],
    maxEvaluations: 600,
  });
  if (!Number.isFinite(result.value)) return undefined;
  return { level0: result.x[0]!, alpha: result.x[1]!, theta: result.x[2]! };
}

export function forecastOptimizedTheta(y: readonly number[], horizon: number, seasonLength: number, dynamic = true, maxHistory = THETA_MAX_HISTORY): ModelForecast {
  const history = prepareHistory(y, horizon, maxHistory);
  if (!history.ok) return history.fallback;
  const window = history.values;
  if (window.length < 5) return fallbackForecast(window, horizon);
  const adjustment = deseasonalize(window, seasonLength);
  const scale = fittingScale(adjustment.adjusted);
  const x = Float64Array.from(adjustment.adjusted, (v) => v / scale);
  const params = fitTheta(x, dynamic);
  if (!params) return fallbackForecast(window, horizon);
  const mean = reseasonalize(runTheta(x, params, dynamic, horizon).forecasts.map((v) => v * scale), adjustment);
  return mean.every(Number.isFinite) ? { mean } : fallbackForecast(window, horizon);
}

/** Dynamic optimised Theta (DOTM), on seasonally adjusted data. */
export const optimizedThetaModel: LocalModel = {
  name: 'dotm',
  forecast(y, horizon, ctx): ModelForecast {
    return forecastOptimizedTheta(y, horizon, ctx.seasonLength, true);
  },
};
