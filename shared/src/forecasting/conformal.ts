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
  if (total === 0) return { lower: new Array<number>(horizon).fill(0), upper: new Array<number>(horizon).fill(0) };
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
