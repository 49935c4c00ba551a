/**
 * ADIDA (aggregate–disaggregate intermittent demand approach, Nikolopoulos et al. 2011): sum the
 * history into non-overlapping buckets as long as the mean interval between demands, so most
 * buckets hold some demand; forecast the bucket totals with SES; spread a bucket's forecast evenly
 * over its periods. With demand in nearly every period the buckets are single periods and ADIDA is
 * plain SES.
 */
import type { LocalModel, ModelForecast } from '../model.js';
import { demandOf, flat, meanDemandInterval, sesBest } from './intermittent-demand.js';

/** Bucket length: the mean interval between demands, rounded, at least 1 (1 with no demand). */
export function aggregationLevel(y: readonly number[]): number {
  return Math.max(1, Math.round(meanDemandInterval(demandOf(y)) ?? 1));
}

/**
 * Sums of consecutive buckets of `level` periods, ending at the last period; the oldest
 * `length % level` periods, which do not fill a bucket, are dropped.
 */
export function aggregate(y: readonly number[], level: number): number[] {
  const start = y.length % level;
  const buckets: number[] = [];
  for (let i = start; i < y.length; i += level) {
    let sum = 0;
    for (let j = i; j < i + level; j++) sum += y[j]!;
    buckets.push(sum);
  }
  return buckets;
}

/** The per-period rate ADIDA forecasts. */
export function adidaRate(y: readonly number[]): number {
  const d = demandOf(y);
  const level = aggregationLevel(d);
  const buckets = aggregate(d, level);
  if (buckets.length === 0) return 0;
  return sesBest(buckets).level / level;
}

export const adidaModel: LocalModel = {
  name: 'adida',
  forecast(y, horizon): ModelForecast {
    return { mean: flat(adidaRate(y), horizon) };
  },
};
