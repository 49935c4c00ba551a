import { seasonalStrength } from './decompose.js';
import { difference, isConstant, mean } from './differencing.js';

/** 5% critical value of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRITICAL_5 = 0.463;
/** auto.arima differences seasonally when the seasonal strength exceeds this. */
const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/** KPSS statistic for level stationarity with Bartlett weights and lag trunc(3√n/13), as ndiffs uses. */
export function kpssStatistic(x: ArrayLike<number>): number {
  const n = x.length;
  const mu = mean(x);
  const e = Float64Array.from(x, (v) => v - mu);
  let partial = 0;
  let numerator = 0;
  let gamma0 = 0;
  for (let t = 0; t < n; t++) {
    partial += e[t]!;
    numerator += partial * partial;
    gamma0 += e[t]! * e[t]!;
  }
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let longRun = gamma0 / n;
  for (let l = 1; l <= lags; l++) {
    let s = 0;
    for (let t = l; t < n; t++) s += e[t]! * e[t - l]!;
    longRun += (2 * (1 - l / (lags + 1)) * s) / n;
  }
  if (!(longRun > 0)) return 0;
  return numerator / (n * n) / longRun;
}

/** Number of first differences (0…maxD) after which KPSS no longer rejects stationarity at 5%. */
export function ndiffs(x: ArrayLike<number>, maxD = 2): number {
  let series: Float64Array = Float64Array.from(x);
  let d = 0;
  if (isConstant(series)) return 0;
  while (d < maxD && series.length > 3 && kpssStatistic(series) > KPSS_CRITICAL_5) {
    d++;
    series = difference(series);
    if (isConstant(series)) return d;
  }
  return d;
}

/** Seasonal differences (0 or 1) by the seasonal-strength heuristic of auto.arima. */
export function nsdiffs(x: ArrayLike<number>, m: number): number {
  if (m <= 1 || isConstant(x)) return 0;
  return seasonalStrength(x, m) > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0;
}
