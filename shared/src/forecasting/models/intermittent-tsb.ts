/**
 * Teunter–Syntetos–Babai (TSB): smooths the probability of demand every period (not only when
 * demand happens, as Croston does), so a long run of zeros lowers the forecast. That is what an
 * item on its way out looks like, and Croston would keep forecasting its old rate for ever.
 */
import type { LocalModel, ModelForecast } from '../model.js';
import { bestOf, demandOf, flat, INTERMITTENT_ALPHAS } from './intermittent-demand.js';

export interface TsbFit {
  readonly alphaProbability: number;
  readonly alphaSize: number;
  /** probability × size: the forecast for every future step. */
  readonly rate: number;
  /** Mean squared one-step-ahead in-sample error over every period. */
  readonly mse: number;
}

/**
 * One fit with given constants, started at the history's share of periods with demand and its
 * mean demand size.
 */
export function tsbFit(y: readonly number[], alphaProbability: number, alphaSize: number): TsbFit {
  const d = demandOf(y);
  const sizes = d.filter((v) => v > 0);
  if (sizes.length === 0) return { alphaProbability, alphaSize, rate: 0, mse: 0 };
  let probability = sizes.length / d.length;
  let size = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  let sse = 0;
  for (const value of d) {
    const error = value - probability * size;
    sse += error * error;
    if (value > 0) {
      probability += alphaProbability * (1 - probability);
      size += alphaSize * (value - size);
    } else {
      probability -= alphaProbability * probability;
    }
  }
  return { alphaProbability, alphaSize, rate: probability * size, mse: sse / d.length };
}

export function tsbBest(y: readonly number[], alphas: readonly number[] = INTERMITTENT_ALPHAS): TsbFit {
  return bestOf(alphas.flatMap((a) => alphas.map((b) => tsbFit(y, a, b))));
}

export const tsbModel: LocalModel = {
  name: 'tsb',
  forecast(y, horizon): ModelForecast {
    return { mean: flat(tsbBest(y).rate, horizon) };
  },
};
