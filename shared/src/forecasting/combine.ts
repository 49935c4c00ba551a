/**
 * Combination weights per series from rolling-origin backtest errors. Few origins make per-series
 * scores noisy, so weights lean on the better models without trusting small differences: models
 * far worse than the best are dropped, the rest weighted by inverse error and shrunk towards equal.
 */
export interface CombineRule {
  /** Models scoring above best × cutoff get no weight. */
  readonly cutoff: number;
  /** Exponent of the inverse-error weights (0 = equal among the kept). */
  readonly power: number;
  /** Share of the weight spread equally among the kept models. */
  readonly shrink: number;
}

export const DEFAULT_COMBINE_RULE: CombineRule = { cutoff: 1.5, power: 1, shrink: 0.5 };

/** Mean absolute backtest error of one model's forecasts, scaled; NaN when there are none. */
export function backtestScore(forecasts: readonly (readonly number[])[], actuals: readonly (readonly number[])[], scale: number): number {
  let sum = 0, count = 0;
  forecasts.forEach((forecast, k) => {
    const actual = actuals[k]!;
    for (let h = 0; h < actual.length; h++) {
      sum += Math.abs(actual[h]! - forecast[h]!);
      count++;
    }
  });
  return count === 0 ? Number.NaN : sum / count / scale;
}

/** Weights summing to 1 over the given models; equal when no backtest could score them. */
export function combinationWeights(scores: Readonly<Record<string, number>>, rule: CombineRule = DEFAULT_COMBINE_RULE): Record<string, number> {
  const names = Object.keys(scores);
  const scored = names.filter((name) => Number.isFinite(scores[name]));
  if (scored.length === 0) return Object.fromEntries(names.map((name) => [name, 1 / names.length]));
  const best = Math.min(...scored.map((name) => scores[name]!));
  const floor = Math.max(best, 1e-9);
  const kept = scored.filter((name) => scores[name]! <= floor * rule.cutoff);
  const inverse = kept.map((name) => (floor / Math.max(scores[name]!, 1e-9)) ** rule.power);
  const inverseSum = inverse.reduce((a, b) => a + b, 0);
  const weights: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  kept.forEach((name, i) => {
    weights[name] = rule.shrink / kept.length + (1 - rule.shrink) * (inverse[i]! / inverseSum);
  });
  return weights;
}

/** Σ wᵢ·fᵢ step by step. */
export function combine(forecasts: Readonly<Record<string, readonly number[]>>, weights: Readonly<Record<string, number>>, horizon: number): number[] {
  const out = new Array<number>(horizon).fill(0);
  for (const [name, weight] of Object.entries(weights)) {
    if (weight === 0) continue;
    const forecast = forecasts[name]!;
    for (let h = 0; h < horizon; h++) out[h]! += weight * forecast[h]!;
  }
  return out;
}
