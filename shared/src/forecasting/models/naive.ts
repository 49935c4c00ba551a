import type { LocalModel, ModelForecast } from '../model.js';
import { Z95 } from '../normal-quantile.js';

function repeat(value: number, horizon: number): number[] {
  return Array.from({ length: horizon }, () => value);
}

/** The last value, carried forward. */
export const naiveModel: LocalModel = {
  name: 'naive',
  forecast(y, horizon): ModelForecast {
    return { mean: repeat(y.length > 0 ? y[y.length - 1]! : 0, horizon) };
  },
};

/** The value one season ago; the last value when the history is shorter than a season. */
export const seasonalNaiveModel: LocalModel = {
  name: 'snaive',
  forecast(y, horizon, ctx): ModelForecast {
    const m = ctx.seasonLength;
    if (m <= 1 || y.length < m) return naiveModel.forecast(y, horizon, ctx);
    return { mean: Array.from({ length: horizon }, (_, i) => y[y.length - m + (i % m)]!) };
  },
};

/** A straight line from the first to the last value, extended. */
export const driftModel: LocalModel = {
  name: 'drift',
  forecast(y, horizon, ctx): ModelForecast {
    if (y.length < 2) return naiveModel.forecast(y, horizon, ctx);
    const last = y[y.length - 1]!;
    const slope = (last - y[0]!) / (y.length - 1);
    return { mean: Array.from({ length: horizon }, (_, i) => last + slope * (i + 1)) };
  },
};

/** The last value carried forward, with a random walk's interval from the history's steps: the models' fallback. */
export function naiveWithInterval(history: readonly number[], horizon: number): ModelForecast {
  const finite = history.filter(Number.isFinite);
  const last = finite.length > 0 ? finite[finite.length - 1]! : 0;
  const steps = finite.slice(1).map((v, i) => v - finite[i]!);
  const sigma = steps.length > 1 ? Math.sqrt(steps.reduce((s, v) => s + v * v, 0) / steps.length) : 0;
  const mean = Array.from({ length: horizon }, () => last);
  return {
    mean,
    lower95: mean.map((v, h) => v - Z95 * sigma * Math.sqrt(h + 1)),
    upper95: mean.map((v, h) => v + Z95 * sigma * Math.sqrt(h + 1)),
  };
}
