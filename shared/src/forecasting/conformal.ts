/**
 * Split-conformal 95% intervals from backtest errors. Errors are normalised per series (so one
 * calibration serves series of any scale) and pooled across the panel per horizon step; with too
 * few per step, steps are pooled too after dividing by √h (errors grow roughly like √h).
 */
export interface CalibrationErrors {
  /** Signed errors (actual − forecast) per backtest origin and horizon step. */
  readonly errors: readonly (readonly number[])[];
  /** The series' normaliser (> 0). */
  readonly normaliser: number;
}

export interface ConformalBands {
  /** Normalised 2.5% and 97.5% quantiles of the error per horizon step. */
  readonly lower: number[];
  readonly upper: number[];
}

const MIN_SCORES_PER_STEP = 40;

/** The finite-sample conformal quantile: the ⌈(n+1)·p⌉-th smallest, clamped to the sample. */
function conformalQuantile(sorted: readonly number[], p: number): number {
  const rank = p >= 0.5 ? Math.ceil((sorted.length + 1) * p) : Math.floor((sorted.length + 1) * p);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function calibrateBands(series: readonly CalibrationErrors[], horizon: number, alpha = 0.05): ConformalBands {
  const perStep: number[][] = Array.from({ length: horizon }, () => []);
  for (const s of series) {
    for (const errors of s.errors) errors.forEach((e, h) => perStep[h]!.push(e / s.normaliser));
  }
  const lower: number[] = [], upper: number[] = [];
  const total = perStep.reduce((n, scores) => n + scores.length, 0);
  if (total === 0) return randomWalkBands(horizon, alpha);
  const pooled = perStep.some((scores) => scores.length < MIN_SCORES_PER_STEP)
    ? perStep.flatMap((scores, h) => scores.map((r) => r / Math.sqrt(h + 1))).sort((a, b) => a - b)
    : null;
  for (let h = 0; h < horizon; h++) {
    const sorted = pooled ?? [...perStep[h]!].sort((a, b) => a - b);
    const grow = pooled ? Math.sqrt(h + 1) : 1;
    lower.push(Math.min(0, conformalQuantile(sorted, alpha / 2)) * grow);
    upper.push(Math.max(0, conformalQuantile(sorted, 1 - alpha / 2)) * grow);
  }
  return { lower, upper };
}

/**
 * With no backtest to calibrate on (every series too short), the bands of a random walk whose mean
 * absolute step is the normaliser: σ ≈ 1.2533 × mean |step| for normal steps, growing with √h.
 */
export function randomWalkBands(horizon: number, alpha = 0.05): ConformalBands {
  const z = alpha === 0.05 ? 1.959964 : Math.SQRT2 * inverseErf(1 - alpha);
  const upper = Array.from({ length: horizon }, (_, h) => z * 1.2533 * Math.sqrt(h + 1));
  return { lower: upper.map((u) => -u), upper };
}

/** Winitzki's approximation, enough for a fallback interval's width. */
function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
}
