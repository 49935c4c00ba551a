/**
 * A small, deterministic Nelder–Mead minimiser (the downhill simplex of Nelder and Mead, 1965,
 * with the coefficients R's `optim` uses: reflection 1, expansion 2, contraction ½, shrink ½).
 *
 * Box bounds are enforced by projecting every trial point into the box, so the objective is
 * never called outside it; any other constraint is the objective's business (return Infinity).
 */

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (one number for all); default 0.1 × max(|x₀|, 1). */
  readonly step?: number | readonly number[];
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  /** Stop when the spread of the simplex values is ≤ tol × (|best| + tol). Default 1e-8. */
  readonly relativeTolerance?: number;
  /** Objective evaluations allowed; default 200 × dimension. */
  readonly maxEvaluations?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

export type Objective = (x: Float64Array) => number;

export function nelderMead(f: Objective, x0: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const dim = x0.length;
  const lower = options.lower;
  const upper = options.upper;
  const tol = options.relativeTolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 200 * dim;
  let evaluations = 0;

  const project = (x: Float64Array): void => {
    for (let i = 0; i < dim; i++) {
      if (lower && x[i]! < lower[i]!) x[i] = lower[i]!;
      if (upper && x[i]! > upper[i]!) x[i] = upper[i]!;
    }
  };
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    // NaN would poison every comparison below; treat it as "infeasible".
    return Number.isNaN(v) ? Infinity : v;
  };

  const start = Float64Array.from(x0);
  project(start);
  if (dim === 0) return { x: [], value: evaluate(start), evaluations, converged: true };

  const points: Float64Array[] = [start];
  for (let i = 0; i < dim; i++) {
    const p = Float64Array.from(start);
    const s = stepFor(options.step, i, start[i]!);
    // Step inward when the start sits on (or near) the upper bound, so the simplex is not flat.
    p[i] = upper && p[i]! + s > upper[i]! ? p[i]! - s : p[i]! + s;
    project(p);
    points.push(p);
  }
  const values = points.map(evaluate);
  const order = Array.from({ length: dim + 1 }, (_, i) => i);
  const centroid = new Float64Array(dim);
  const trial = new Float64Array(dim);
  const trial2 = new Float64Array(dim);
  let converged = false;

  while (evaluations < maxEvaluations) {
    order.sort((a, b) => values[a]! - values[b]! || a - b);
    const best = order[0]!;
    const worst = order[dim]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (Number.isFinite(fWorst) && fWorst - fBest <= tol * (Math.abs(fBest) + tol)) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let k = 0; k < dim; k++) {
      const p = points[order[k]!]!;
      for (let i = 0; i < dim; i++) centroid[i]! += p[i]! / dim;
    }
    const w = points[worst]!;
    const fSecond = values[order[dim - 1]!]!;

    along(trial, centroid, w, -1); // reflection
    project(trial);
    const fr = evaluate(trial);
    if (fr < fBest) {
      along(trial2, centroid, w, -2); // expansion
      project(trial2);
      const fe = evaluate(trial2);
      if (fe < fr) accept(worst, trial2, fe);
      else accept(worst, trial, fr);
      continue;
    }
    if (fr < fSecond) {
      accept(worst, trial, fr);
      continue;
    }
    // Contraction: outside when the reflected point beat the worst, inside otherwise.
    if (fr < fWorst) along(trial2, centroid, trial, 0.5);
    else along(trial2, centroid, w, 0.5);
    project(trial2);
    const fc = evaluate(trial2);
    if (fc < Math.min(fr, fWorst)) {
      accept(worst, trial2, fc);
      continue;
    }
    // Shrink every vertex towards the best one.
    const pb = points[best]!;
    for (let k = 1; k <= dim; k++) {
      const j = order[k]!;
      const p = points[j]!;
      for (let i = 0; i < dim; i++) p[i] = pb[i]! + 0.5 * (p[i]! - pb[i]!);
      values[j] = evaluate(p);
    }
  }

  let bestIndex = 0;
  for (let k = 1; k <= dim; k++) if (values[k]! < values[bestIndex]!) bestIndex = k;
  return { x: Array.from(points[bestIndex]!), value: values[bestIndex]!, evaluations, converged };

  function accept(index: number, p: Float64Array, value: number): void {
    points[index]!.set(p);
    values[index] = value;
  }
}

/** out = c + t·(p − c). */
function along(out: Float64Array, c: Float64Array, p: Float64Array, t: number): void {
  for (let i = 0; i < out.length; i++) out[i] = c[i]! + t * (p[i]! - c[i]!);
}

function stepFor(step: NelderMeadOptions['step'], i: number, x: number): number {
  if (typeof step === 'number') return step;
  if (step) return step[i]!;
  return 0.1 * Math.max(Math.abs(x), 1);
}
