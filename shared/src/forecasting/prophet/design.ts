import type { Regressors } from '../model.js';

/** Prophet's settings; priors are in its scaled units (y ÷ max|y|, time ÷ history span). */
export interface ProphetOptions {
  readonly changepointCount: number;
  /** Share of the history, from its start, where changepoints may sit. */
  readonly changepointRange: number;
  /** Scale of the Laplace prior on the changepoint deltas. */
  readonly changepointPriorScale: number;
  readonly seasonalityPriorScale: number;
  readonly regressorPriorScale: number;
  /** Fourier order of the yearly (or season-length) term. */
  readonly seasonalOrder: number;
}

/**
 * Prophet's defaults except the changepoint range: 0.9 rather than 0.8, so the last straight
 * segment, which the forecast extends, is shorter (chosen on a holdout of the M4 Weekly training
 * histories, not on the test values).
 */
export const PROPHET_DEFAULTS: ProphetOptions = {
  changepointCount: 25,
  changepointRange: 0.9,
  changepointPriorScale: 0.05,
  seasonalityPriorScale: 10,
  regressorPriorScale: 10,
  seasonalOrder: 10,
};
const TREND_PRIOR_SCALE = 5;
const WEEKS_PER_YEAR = 365.25 / 7;

export interface Seasonality {
  readonly period: number;
  readonly order: number;
}

/** Columns of the regression, for the history and the horizon, with each column's prior. */
export interface Design {
  readonly history: Float64Array[];
  readonly future: Float64Array[];
  /** L1 weight (1/Laplace scale) per column: non-zero for the changepoint deltas only. */
  readonly l1: Float64Array;
  /** L2 weight (1/prior variance) per column. */
  readonly l2: Float64Array;
  /** Scaled times of the changepoints; column 2 + j is the hinge at changepoints[j]. */
  readonly changepoints: Float64Array;
  /** Scaled time of each future step. */
  readonly futureTime: Float64Array;
  readonly seasonalities: readonly Seasonality[];
  readonly regressorNames: readonly string[];
}

/**
 * The seasonal terms for a season length: its own Fourier series once two seasons are in the
 * history (order 10 as Prophet's yearly term, 3 for a weekly cycle in daily data), and for daily
 * data a yearly term once two years are in. For weekly data (m = 52) the season is the year, so its
 * period is taken as 365.25/7 weeks, as Prophet's yearly seasonality would be.
 */
export function seasonalitiesFor(m: number, n: number, yearlyOrder = PROPHET_DEFAULTS.seasonalOrder): Seasonality[] {
  const out: Seasonality[] = [];
  if (m >= 2 && n >= 2 * m) {
    const period = m === 52 ? WEEKS_PER_YEAR : m;
    out.push({ period, order: m === 7 ? 3 : Math.min(yearlyOrder, Math.floor(m / 2)) });
  }
  if (m === 7 && n >= 2 * 365) out.push({ period: 365.25, order: yearlyOrder });
  return out;
}

/** Changepoint positions as Prophet places them: evenly over the first part of the history. */
function changepointTimes(n: number, options: ProphetOptions): Float64Array {
  const span = Math.floor(n * options.changepointRange);
  const count = Math.max(0, Math.min(options.changepointCount, span - 1));
  const out = new Float64Array(count);
  for (let j = 1; j <= count; j++) out[j - 1] = Math.round(((span - 1) * j) / count) / (n - 1);
  return out;
}

export function buildDesign(n: number, horizon: number, m: number, regressors: AlignedRegressors, options = PROPHET_DEFAULTS): Design {
  const time = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
  const futureTime = Float64Array.from({ length: horizon }, (_, h) => (n + h) / (n - 1));
  const history: Float64Array[] = [];
  const future: Float64Array[] = [];
  const l1: number[] = [];
  const l2: number[] = [];
  const add = (past: Float64Array, ahead: Float64Array, lasso: number, ridge: number): void => {
    history.push(past);
    future.push(ahead);
    l1.push(lasso);
    l2.push(ridge);
  };

  add(new Float64Array(n).fill(1), new Float64Array(horizon).fill(1), 0, 1 / TREND_PRIOR_SCALE ** 2);
  add(time, futureTime, 0, 1 / TREND_PRIOR_SCALE ** 2);
  const changepoints = changepointTimes(n, options);
  for (const s of changepoints) {
    add(time.map((t) => Math.max(0, t - s)), futureTime.map((t) => Math.max(0, t - s)), 1 / options.changepointPriorScale, 0);
  }

  const seasonalities = seasonalitiesFor(m, n, options.seasonalOrder);
  for (const { period, order } of seasonalities) {
    for (let k = 1; k <= order; k++) {
      const omega = (2 * Math.PI * k) / period;
      for (const wave of [Math.sin, Math.cos]) {
        const past = Float64Array.from({ length: n }, (_, i) => wave(omega * i));
        // A sine at the Nyquist frequency is identically zero: leave it out.
        if (past.every((v) => Math.abs(v) < 1e-9)) continue;
        add(past, Float64Array.from({ length: horizon }, (_, h) => wave(omega * (n + h))), 0, 1 / options.seasonalityPriorScale ** 2);
      }
    }
  }

  for (const [i, past] of regressors.history.entries()) {
    add(past, regressors.future[i]!, 0, 1 / options.regressorPriorScale ** 2);
  }
  return {
    history,
    future,
    l1: Float64Array.from(l1),
    l2: Float64Array.from(l2),
    changepoints,
    futureTime,
    seasonalities,
    regressorNames: regressors.names,
  };
}

export interface AlignedRegressors {
  readonly names: readonly string[];
  readonly history: Float64Array[];
  readonly future: Float64Array[];
}

/**
 * The regressors usable for this window, in name order: the last `n` of each history (which must
 * be as long as the full series) and the first `horizon` future values, all finite. Prophet's
 * 'auto' standardisation: 0/1 indicators stay as they are, others are centred and scaled on the
 * window. Constant columns carry no information and are dropped.
 */
export function alignRegressors(regressors: Regressors | undefined, fullLength: number, n: number, horizon: number): AlignedRegressors {
  const aligned: AlignedRegressors = { names: [], history: [], future: [] };
  if (!regressors) return aligned;
  for (const name of Object.keys(regressors.history).sort()) {
    const past = regressors.history[name];
    const ahead = regressors.future[name];
    if (!past || !ahead || past.length !== fullLength || ahead.length < horizon) continue;
    const window = past.slice(fullLength - n);
    const next = ahead.slice(0, horizon);
    if (![...window, ...next].every(Number.isFinite)) continue;
    const mean = window.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1));
    if (!(sd > 1e-12)) continue;
    const binary = [...window, ...next].every((v) => v === 0 || v === 1);
    const transform = (v: number): number => (binary ? v : (v - mean) / sd);
    (aligned.names as string[]).push(name);
    aligned.history.push(Float64Array.from(window, transform));
    aligned.future.push(Float64Array.from(next, transform));
  }
  return aligned;
}
