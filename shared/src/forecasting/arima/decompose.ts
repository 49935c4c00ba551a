import { mean, variance } from './differencing.js';

export type DecompositionType = 'additive' | 'multiplicative';

export interface Decomposition {
  /** Seasonal index for each position t mod m (mean 1 when multiplicative, 0 when additive). */
  readonly indices: Float64Array;
  /** Centred moving average; NaN where the window does not fit. */
  readonly trend: Float64Array;
}

/** Classical decomposition (R's decompose): a centred 2×m moving average, then position means. */
export function classicalDecomposition(y: ArrayLike<number>, m: number, type: DecompositionType): Decomposition {
  const n = y.length;
  const trend = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (even) {
      s = 0.5 * (y[t - half]! + y[t + half]!);
      for (let k = t - half + 1; k < t + half; k++) s += y[k]!;
    } else {
      for (let k = t - half; k <= t + half; k++) s += y[k]!;
    }
    trend[t] = s / m;
  }
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    const level = trend[t]!;
    if (Number.isNaN(level)) continue;
    const detrended = type === 'multiplicative' ? y[t]! / level : y[t]! - level;
    if (!Number.isFinite(detrended)) continue;
    sums[t % m]! += detrended;
    counts[t % m]! += 1;
  }
  const neutral = type === 'multiplicative' ? 1 : 0;
  const indices = sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : neutral));
  const centre = mean(indices);
  for (let i = 0; i < m; i++) indices[i] = type === 'multiplicative' ? indices[i]! / centre : indices[i]! - centre;
  return { indices, trend };
}

/**
 * Strength of seasonality (Wang, Smith & Hyndman): 1 - Var(remainder) / Var(seasonal + remainder),
 * on an additive classical decomposition. Zero with fewer than three seasons.
 */
export function seasonalStrength(y: ArrayLike<number>, m: number): number {
  if (m <= 1 || y.length < 3 * m) return 0;
  const { indices, trend } = classicalDecomposition(y, m, 'additive');
  const remainder: number[] = [];
  const seasonalPlusRemainder: number[] = [];
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(trend[t]!)) continue;
    const detrended = y[t]! - trend[t]!;
    seasonalPlusRemainder.push(detrended);
    remainder.push(detrended - indices[t % m]!);
  }
  const total = variance(seasonalPlusRemainder);
  if (!(total > 0)) return 0;
  return Math.max(0, Math.min(1, 1 - variance(remainder) / total));
}
