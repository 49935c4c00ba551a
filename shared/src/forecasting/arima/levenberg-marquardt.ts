import { solveSpd } from '../linalg/spd-solve.js';

/**
 * Fills `out` with the residuals at `x` and returns their sum of squares, or Infinity when `x`
 * is outside the feasible region (the optimiser then backs off).
 */
export type ResidualFunction = (x: Float64Array, out: Float64Array) => number;

export interface LmResult {
  readonly x: Float64Array;
  readonly sse: number;
  readonly iterations: number;
}

export interface LmOptions {
  readonly maxIterations?: number;
  /** Stop when an accepted step improves the sum of squares by less than this fraction. */
  readonly tolerance?: number;
}

/**
 * Levenberg–Marquardt with a forward-difference Jacobian. The ARIMA criteria (conditional sum of
 * squares, and the exact likelihood rewritten as a sum of squares) have a handful of parameters
 * and a few hundred residuals, where a Gauss–Newton step converges in far fewer function
 * evaluations than a derivative-free simplex.
 */
export function levenbergMarquardt(f: ResidualFunction, x0: ArrayLike<number>, residualCount: number, options: LmOptions = {}): LmResult {
  const maxIterations = options.maxIterations ?? 30;
  const tolerance = options.tolerance ?? 1e-6;
  const k = x0.length;
  const m = residualCount;
  const x = Float64Array.from(x0);
  const r = new Float64Array(m);
  let sse = f(x, r);
  if (!Number.isFinite(sse) || k === 0) return { x, sse, iterations: 0 };

  const jacobian = new Float64Array(m * k);
  const probe = new Float64Array(k);
  const rProbe = new Float64Array(m);
  const candidate = new Float64Array(k);
  const rCandidate = new Float64Array(m);
  const normal = new Float64Array(k * k);
  const damped = new Float64Array(k * k);
  const gradient = new Float64Array(k);
  let lambda = 1e-3;
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    if (!fillJacobian(f, x, r, probe, rProbe, jacobian, m, k)) break;
    for (let i = 0; i < k; i++) {
      let g = 0;
      for (let t = 0; t < m; t++) g += jacobian[t * k + i]! * r[t]!;
      gradient[i] = -g;
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let t = 0; t < m; t++) s += jacobian[t * k + i]! * jacobian[t * k + j]!;
        normal[i * k + j] = s;
        normal[j * k + i] = s;
      }
    }
    let accepted = false;
    let improvement = 0;
    let stepSize = 0;
    while (lambda < 1e10) {
      damped.set(normal);
      for (let i = 0; i < k; i++) damped[i * k + i] = normal[i * k + i]! * (1 + lambda) + lambda * 1e-9;
      const step = solveSpd(damped, gradient, k);
      if (!step) {
        lambda *= 10;
        continue;
      }
      stepSize = 0;
      for (let i = 0; i < k; i++) {
        candidate[i] = x[i]! + step[i]!;
        stepSize = Math.max(stepSize, Math.abs(step[i]!));
      }
      // At a minimum even the linearised model promises nothing: stop rather than shrink the
      // step through a dozen more evaluations.
      if (predictedReduction(normal, gradient, step, k) <= tolerance * sse) break;
      const trial = f(candidate, rCandidate);
      if (Number.isFinite(trial) && trial < sse) {
        improvement = sse - trial;
        x.set(candidate);
        r.set(rCandidate);
        sse = trial;
        lambda = Math.max(lambda / 3, 1e-12);
        accepted = true;
        break;
      }
      if (stepSize < 1e-12) break;
      lambda *= 4;
    }
    if (!accepted || improvement <= tolerance * (sse + 1e-300) || stepSize < 1e-9) break;
  }
  return { x, sse, iterations };
}

/** ‖r‖² - ‖r + Jδ‖² = 2δᵀg - δᵀJᵀJδ, with g = -Jᵀr. */
function predictedReduction(normal: Float64Array, gradient: Float64Array, step: Float64Array, k: number): number {
  let linear = 0;
  let quadratic = 0;
  for (let i = 0; i < k; i++) {
    linear += step[i]! * gradient[i]!;
    let row = 0;
    for (let j = 0; j < k; j++) row += normal[i * k + j]! * step[j]!;
    quadratic += step[i]! * row;
  }
  return 2 * linear - quadratic;
}

function fillJacobian(
  f: ResidualFunction,
  x: Float64Array,
  r: Float64Array,
  probe: Float64Array,
  rProbe: Float64Array,
  jacobian: Float64Array,
  m: number,
  k: number,
): boolean {
  probe.set(x);
  for (let i = 0; i < k; i++) {
    let h = 1e-6 * Math.max(1, Math.abs(x[i]!));
    probe[i] = x[i]! + h;
    let value = f(probe, rProbe);
    if (!Number.isFinite(value)) {
      // At the edge of the feasible region: difference backwards instead.
      h = -h;
      probe[i] = x[i]! + h;
      value = f(probe, rProbe);
      if (!Number.isFinite(value)) return false;
    }
    for (let t = 0; t < m; t++) jacobian[t * k + i] = (rProbe[t]! - r[t]!) / h;
    probe[i] = x[i]!;
  }
  return true;
}
