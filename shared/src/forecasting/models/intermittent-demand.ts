/**
 * The building blocks the intermittent-demand methods share: what counts as demand, where it
 * happened, and simple exponential smoothing with its constant picked from a small grid.
 */

/**
 * Demand as the intermittent methods read it: returns (negative quantities) and missing or
 * non-finite values are no demand. The methods model how often and how much is demanded, so a
 * negative "size" would only drag the forecast below zero.
 */
export function demandOf(y: readonly number[]): number[] {
  return y.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
}

/** Indices of the periods with demand, oldest first. */
export function demandIndices(d: readonly number[]): number[] {
  const indices: number[] = [];
  d.forEach((v, i) => {
    if (v > 0) indices.push(i);
  });
  return indices;
}

/**
 * Mean interval between demands, the first counted from the start of the history (as Croston's
 * interval series is); undefined when there is no demand.
 */
export function meanDemandInterval(d: readonly number[]): number | undefined {
  const indices = demandIndices(d);
  if (indices.length === 0) return undefined;
  return (indices[indices.length - 1]! + 1) / indices.length;
}

export function flat(value: number, horizon: number): number[] {
  return Array.from({ length: horizon }, () => value);
}

/**
 * Smoothing constants tried for the Croston family. Intermittent series carry little signal per
 * period, so the literature's useful range is 0.05–0.3; larger constants chase single spikes.
 */
export const INTERMITTENT_ALPHAS: readonly number[] = [0.05, 0.1, 0.2, 0.3];

/** Wider grid for SES on regular (or aggregated, hence smoother) series. */
export const SES_ALPHAS: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

export interface SesFit {
  readonly alpha: number;
  /** The final level: the forecast for every future step. */
  readonly level: number;
  /** Mean squared one-step-ahead in-sample error (0 when there was nothing to score). */
  readonly mse: number;
}

/** SES started at the first value, with the given constant. */
export function sesFit(y: readonly number[], alpha: number): SesFit {
  if (y.length === 0) return { alpha, level: 0, mse: 0 };
  let level = y[0]!;
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const error = y[t]! - level;
    sse += error * error;
    level += alpha * error;
  }
  return { alpha, level, mse: y.length > 1 ? sse / (y.length - 1) : 0 };
}

/**
 * The fit with the smallest in-sample error over a grid of parameters; ties keep the earlier
 * candidate, so the choice is deterministic and leans to the smoother (first) constants.
 */
export function bestOf<T extends { readonly mse: number }>(fits: readonly T[]): T {
  let best = fits[0]!;
  for (const fit of fits) if (fit.mse < best.mse) best = fit;
  return best;
}

/** SES with its constant chosen from `alphas` by in-sample one-step MSE. */
export function sesBest(y: readonly number[], alphas: readonly number[] = SES_ALPHAS): SesFit {
  return bestOf(alphas.map((alpha) => sesFit(y, alpha)));
}
