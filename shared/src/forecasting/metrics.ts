/**
 * Forecast accuracy as the M4 competition scored it (see ../shared/data/m4-weekly/README.md):
 * sMAPE, MASE, MSIS and coverage per series, OWA over a whole set relative to Naive2.
 */

/** Mean of 200·|y − ŷ| / (|y| + |ŷ|); a step where both are 0 counts as a perfect 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    sum += denominator === 0 ? 0 : (200 * Math.abs(actual[i]! - forecast[i]!)) / denominator;
  }
  return sum / actual.length;
}

/**
 * The MASE denominator: mean |yₜ − yₜ₋ₘ| over the history. Returns null when the history is too
 * short or flat, so callers decide rather than divide by zero.
 */
export function naiveScale(history: readonly number[], m = 1): number | null {
  if (history.length <= m) return null;
  let sum = 0;
  for (let t = m; t < history.length; t++) sum += Math.abs(history[t]! - history[t - m]!);
  const scale = sum / (history.length - m);
  return scale > 0 ? scale : null;
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / actual.length;
}

export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  return meanAbsoluteError(actual, forecast) / scale;
}

/** Mean scaled interval score of a (1 − alpha) interval; lower is better. */
export function msis(actual: readonly number[], lower: readonly number[], upper: readonly number[], scale: number, alpha = 0.05): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!, lo = lower[i]!, hi = upper[i]!;
    sum += hi - lo + (2 / alpha) * (lo - y) * (y < lo ? 1 : 0) + (2 / alpha) * (y - hi) * (y > hi ? 1 : 0);
  }
  return sum / actual.length / scale;
}

/** Share of actual values inside [lower, upper]. */
export function coverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]! >= lower[i]! && actual[i]! <= upper[i]!) inside++;
  return inside / actual.length;
}

/** Overall weighted average: half the relative sMAPE plus half the relative MASE, against Naive2. */
export function owa(scores: { smape: number; mase: number }, naive2: { smape: number; mase: number }): number {
  return 0.5 * (scores.smape / naive2.smape + scores.mase / naive2.mase);
}

export interface SetScores {
  smape: number;
  mase: number;
  msis?: number;
  coverage95?: number;
}

export interface ScoredSeries {
  readonly history: readonly number[];
  readonly actual: readonly number[];
  readonly mean: readonly number[];
  readonly lower95?: readonly number[];
  readonly upper95?: readonly number[];
}

/**
 * Scores a whole set the M4 way: each measure averaged over series first. `m` is the MASE
 * seasonal lag (1 for Weekly, as the competition used).
 */
export function scoreSet(series: readonly ScoredSeries[], m = 1): SetScores {
  let sSmape = 0, sMase = 0, sMsis = 0, inside = 0, points = 0, withIntervals = 0;
  for (const s of series) {
    const scale = naiveScale(s.history, m) ?? 1;
    sSmape += smape(s.actual, s.mean);
    sMase += mase(s.actual, s.mean, scale);
    if (s.lower95 && s.upper95) {
      withIntervals++;
      sMsis += msis(s.actual, s.lower95, s.upper95, scale);
      inside += coverage(s.actual, s.lower95, s.upper95) * s.actual.length;
      points += s.actual.length;
    }
  }
  const n = series.length;
  const scores: SetScores = { smape: sSmape / n, mase: sMase / n };
  if (withIntervals === n && n > 0) {
    scores.msis = sMsis / n;
    scores.coverage95 = inside / points;
  }
  return scores;
}
