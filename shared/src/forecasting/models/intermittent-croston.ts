/**
 * Croston's method and the Syntetos–Boylan approximation (SBA): demand sizes and the intervals
 * between demands are smoothed separately and only updated when demand happens; the forecast is
 * the rate size ÷ interval. Croston's rate is biased upwards; SBA removes most of the bias by
 * scaling it by (1 − α_interval / 2).
 */
import type { LocalModel, ModelForecast } from '../model.js';
import { bestOf, demandOf, flat, INTERMITTENT_ALPHAS } from './intermittent-demand.js';

export type CrostonVariant = 'croston' | 'sba';

export interface CrostonFit {
  readonly alphaSize: number;
  readonly alphaInterval: number;
  /** The rate forecast for every future step. */
  readonly rate: number;
  /** Mean squared one-step-ahead in-sample error from the first demand on (0 with nothing to score). */
  readonly mse: number;
}

/**
 * One fit with given constants. Sizes start at the first demand, intervals at the periods up to
 * and including it; in-sample forecasts are scored from the period after the first demand.
 */
export function crostonFit(y: readonly number[], alphaSize: number, alphaInterval: number, variant: CrostonVariant = 'croston'): CrostonFit {
  const d = demandOf(y);
  const first = d.findIndex((v) => v > 0);
  if (first < 0) return { alphaSize, alphaInterval, rate: 0, mse: 0 };
  const factor = variant === 'sba' ? 1 - alphaInterval / 2 : 1;
  let size = d[first]!;
  let interval = first + 1;
  let last = first;
  let sse = 0;
  for (let t = first + 1; t < d.length; t++) {
    const error = d[t]! - (factor * size) / interval;
    sse += error * error;
    if (d[t]! > 0) {
      size += alphaSize * (d[t]! - size);
      interval += alphaInterval * (t - last - interval);
      last = t;
    }
  }
  const scored = d.length - first - 1;
  return { alphaSize, alphaInterval, rate: (factor * size) / interval, mse: scored > 0 ? sse / scored : 0 };
}

/** The constants (one for sizes, one for intervals) with the smallest in-sample error. */
export function crostonBest(y: readonly number[], variant: CrostonVariant, alphas: readonly number[] = INTERMITTENT_ALPHAS): CrostonFit {
  return bestOf(alphas.flatMap((a) => alphas.map((b) => crostonFit(y, a, b, variant))));
}

export const crostonModel: LocalModel = {
  name: 'croston',
  forecast(y, horizon): ModelForecast {
    return { mean: flat(crostonBest(y, 'croston').rate, horizon) };
  },
};

export const sbaModel: LocalModel = {
  name: 'sba',
  forecast(y, horizon): ModelForecast {
    return { mean: flat(crostonBest(y, 'sba').rate, horizon) };
  },
};
