/**
 * Seasonality as the M4 competition's benchmarks handle it: a 90% autocorrelation test at lag m,
 * and classical multiplicative decomposition (centred moving average) to remove the seasonal
 * pattern before a non-seasonal method and to put it back on the forecasts.
 */

/** Autocorrelations r₁…r_maxLag with the usual biased estimator (as R's `acf`). */
export function autocorrelations(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v / n;
  let denom = 0;
  for (const v of y) denom += (v - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += (y[t]! - mean) * (y[t - k]! - mean);
    out.push(denom > 0 ? s / denom : 0);
  }
  return out;
}

/**
 * The M4 benchmarks' seasonality test: |r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n). As in their code,
 * a series shorter than three seasons is never called seasonal.
 */
export function hasSeasonality(y: readonly number[], m: number): boolean {
  if (!Number.isInteger(m) || m < 2 || y.length < 3 * m || !y.every(Number.isFinite)) return false;
  const r = autocorrelations(y, m);
  let sum = 0;
  for (let k = 0; k < m - 1; k++) sum += r[k]! ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sum) / y.length);
  return Math.abs(r[m - 1]!) > limit;
}

/**
 * Multiplicative seasonal indices of classical decomposition (R's `decompose(type =
 * "multiplicative")`): the ratio of each value to a centred moving average of order m, averaged
 * by position in the season and scaled to mean 1. `indices[t % m]` belongs to y[t].
 * Needs at least two full seasons of strictly positive, finite values.
 */
export function classicalDecomposition(y: readonly number[], m: number): number[] {
  const n = y.length;
  if (!Number.isInteger(m) || m < 2) throw new RangeError(`season length must be an integer ≥ 2, got ${m}`);
  if (n < 2 * m) throw new RangeError(`classical decomposition needs two full seasons (${2 * m} values), got ${n}`);
  if (!y.every((v) => Number.isFinite(v) && v > 0)) throw new RangeError('multiplicative decomposition needs strictly positive values');
  const half = Math.floor(m / 2);
  // For even m the window has m+1 points with half weights at both ends (a 2×m moving average).
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = -half; j <= half; j++) s += y[t + j]!;
    if (even) s -= 0.5 * (y[t - half]! + y[t + half]!);
    const trend = s / m;
    sums[t % m]! += y[t]! / trend;
    counts[t % m]! += 1;
  }
  const figure = Array.from(sums, (s, i) => s / counts[i]!);
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  return figure.map((f) => f / mean);
}

/** A history with its seasonal pattern removed, and what is needed to put it back. */
export interface SeasonalAdjustment {
  /** Whether the test found seasonality (otherwise every index is 1 and `adjusted` is y). */
  readonly seasonal: boolean;
  /** `indices[t % m]` applies to step t of the history (t = 0…n−1) and of its continuation. */
  readonly indices: readonly number[];
  readonly adjusted: number[];
  readonly historyLength: number;
}

/**
 * Removes multiplicative seasonality when the 90% test finds it (M4's Naive2, SES, Theta…).
 * Never throws: non-positive data or m < 2 simply leave the series as it is.
 */
export function deseasonalize(y: readonly number[], m: number): SeasonalAdjustment {
  const n = y.length;
  const seasonal = hasSeasonality(y, m) && y.every((v) => v > 0);
  if (!seasonal) return { seasonal: false, indices: [1], adjusted: [...y], historyLength: n };
  const indices = classicalDecomposition(y, m);
  if (!indices.every((s) => Number.isFinite(s) && s > 0)) return { seasonal: false, indices: [1], adjusted: [...y], historyLength: n };
  return { seasonal: true, indices, adjusted: y.map((v, t) => v / indices[t % m]!), historyLength: n };
}

/** Puts the seasonal pattern back on values for h = 1…values.length after the history. */
export function reseasonalize(values: readonly number[], adjustment: SeasonalAdjustment): number[] {
  const { indices, historyLength } = adjustment;
  return values.map((v, i) => v * indices[(historyLength + i) % indices.length]!);
}
