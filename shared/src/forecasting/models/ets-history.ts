/**
 * Input checks shared by the exponential-smoothing family (ETS, Theta): the history to fit, or
 * the naive forecast when there is nothing to fit (too short, constant, non-finite values).
 */
import type { ModelForecast } from '../model.js';

export type PreparedHistory = { readonly ok: true; readonly values: number[] } | { readonly ok: false; readonly fallback: ModelForecast };

/** The last value carried forward (0 when there is no finite value at all). */
export function fallbackForecast(y: readonly number[], horizon: number): ModelForecast {
  let last = 0;
  for (let t = y.length - 1; t >= 0; t--) {
    if (Number.isFinite(y[t])) {
      last = y[t]!;
      break;
    }
  }
  return { mean: Array.from({ length: Math.max(0, horizon) }, () => last) };
}

/** The most recent `maxHistory` values when they are worth fitting, else the fallback forecast. */
export function prepareHistory(y: readonly number[], horizon: number, maxHistory: number): PreparedHistory {
  if (!(horizon >= 1) || y.length < 3 || !y.every(Number.isFinite)) return { ok: false, fallback: fallbackForecast(y, horizon) };
  const values = y.length > maxHistory ? y.slice(y.length - maxHistory) : [...y];
  const first = values[0]!;
  if (values.every((v) => v === first)) return { ok: false, fallback: fallbackForecast(values, horizon) };
  return { ok: true, values };
}

/**
 * The mean absolute value, to fit y / scale: it keeps the optimiser's steps meaningful, and it
 * makes the fit of c·y that of y up to rounding (bit for bit when c is a power of two), so the
 * forecasts scale with the data.
 */
export function fittingScale(values: ArrayLike<number>): number {
  let mean = 0;
  for (let t = 0; t < values.length; t++) mean += Math.abs(values[t]!);
  mean /= values.length;
  return mean > 0 && Number.isFinite(mean) ? mean : 1;
}
