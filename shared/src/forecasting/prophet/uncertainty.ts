import type { Design } from './design.js';
import type { Rng } from './prng.js';

export const PROPHET_SAMPLES = 1000;

/**
 * Prophet's predictive interval: sample paths where new trend changes arrive in the future at the
 * rate the changepoints had in the history, each a Laplace draw with the fitted deltas' mean
 * absolute size, plus Gaussian noise of the residual spread. Returns the 2.5% and 97.5% points.
 */
export function simulateInterval(
  point: Float64Array,
  design: Design,
  deltas: ArrayLike<number>,
  sigma: number,
  historyLength: number,
  rng: Rng,
  samples = PROPHET_SAMPLES,
): { lower: Float64Array; upper: Float64Array } {
  const horizon = point.length;
  let meanAbs = 0;
  for (let j = 0; j < deltas.length; j++) meanAbs += Math.abs(deltas[j]!);
  const laplaceScale = (deltas.length > 0 ? meanAbs / deltas.length : 0) + 1e-8;
  const changeProbability = Math.min(1, design.changepoints.length / Math.max(1, historyLength - 1));
  const paths = Array.from({ length: horizon }, () => new Float64Array(samples));
  for (let s = 0; s < samples; s++) {
    let slope = 0;
    let deviation = 0;
    let previousTime = 1;
    for (let h = 0; h < horizon; h++) {
      const time = design.futureTime[h]!;
      deviation += slope * (time - previousTime);
      previousTime = time;
      if (rng.uniform() < changeProbability) slope += rng.laplace(laplaceScale);
      paths[h]![s] = point[h]! + deviation + sigma * rng.normal();
    }
  }
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const sorted = paths[h]!.sort();
    lower[h] = quantile(sorted, 0.025);
    upper[h] = quantile(sorted, 0.975);
  }
  return { lower, upper };
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
