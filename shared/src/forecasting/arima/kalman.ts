import type { ArmaPolynomials } from './arima-order.js';

export interface ExactLikelihood {
  /** Σ vₜ²/Fₜ: the innovations' sum of squares in units of σ². */
  readonly ssq: number;
  /** Σ log Fₜ. */
  readonly sumLogF: number;
  readonly count: number;
}

/**
 * Exact Gaussian likelihood of a stationary ARMA model by the Kalman filter on Harvey's state
 * space form, with σ² concentrated out. The initial state covariance solves P = TPTᵀ + RRᵀ by
 * doubling; once Fₜ settles the gain is frozen (R's "fast recursions"), so a long series costs
 * little more than the conditional sum of squares. Writes vₜ/√Fₜ to `standardized` when given.
 * The caller guarantees stationarity.
 */
export function armaExactLikelihood(w: ArrayLike<number>, poly: ArmaPolynomials, standardized?: Float64Array): ExactLikelihood {
  const p = poly.ar.length;
  const q = poly.ma.length;
  const r = Math.max(p, q + 1);
  const ar = new Float64Array(r);
  ar.set(poly.ar);
  const rv = new Float64Array(r);
  rv[0] = 1;
  for (let i = 0; i < q; i++) rv[i + 1] = poly.ma[i]!;

  const cov = initialCovariance(ar, rv, r);
  const updated = new Float64Array(r * r);
  const a = new Float64Array(r);
  const next = new Float64Array(r);
  const gain = new Float64Array(r);
  const tm = new Float64Array(r * r);
  let ssq = 0;
  let sumLogF = 0;
  let steady = false;
  const n = w.length;
  for (let t = 0; t < n; t++) {
    const x = w[t]! - poly.mean;
    const v = x - a[0]!;
    if (steady) {
      ssq += v * v;
      if (standardized) standardized[t] = v;
      for (let i = 0; i < r; i++) next[i] = a[i]! + gain[i]! * v;
    } else {
      const f = cov[0]!;
      if (!(f > 0)) return { ssq: Infinity, sumLogF: Infinity, count: n };
      ssq += (v * v) / f;
      sumLogF += Math.log(f);
      if (standardized) standardized[t] = v / Math.sqrt(f);
      for (let i = 0; i < r; i++) gain[i] = cov[i * r]! / f;
      for (let i = 0; i < r; i++) next[i] = a[i]! + gain[i]! * v;
      // P ← P - P₀ P₀ᵀ / F, then P ← T P Tᵀ + R Rᵀ (T is a companion matrix: O(r²)).
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) updated[i * r + j] = cov[i * r + j]! - cov[i * r]! * cov[j * r]! / f;
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < r; j++) tm[i * r + j] = ar[i]! * updated[j]! + (i + 1 < r ? updated[(i + 1) * r + j]! : 0);
      }
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < r; j++) cov[i * r + j] = tm[i * r]! * ar[j]! + (j + 1 < r ? tm[i * r + j + 1]! : 0) + rv[i]! * rv[j]!;
      }
      if (Math.abs(cov[0]! - 1) < 1e-10 && Math.abs(f - 1) < 1e-10) steady = true;
    }
    for (let i = 0; i < r; i++) a[i] = ar[i]! * next[0]! + (i + 1 < r ? next[i + 1]! : 0);
  }
  return { ssq, sumLogF, count: n };
}

/** Σⱼ Tʲ RRᵀ (Tʲ)ᵀ by doubling: P ← P + A P Aᵀ, A ← A². */
function initialCovariance(ar: Float64Array, rv: Float64Array, r: number): Float64Array {
  const cov = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) cov[i * r + j] = rv[i]! * rv[j]!;
  let power: Float64Array = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    power[i * r] = ar[i]!;
    if (i + 1 < r) power[i * r + i + 1] = 1;
  }
  for (let iteration = 0; iteration < 64; iteration++) {
    const ap = multiply(power, cov, r, false);
    const apa = multiply(ap, power, r, true);
    let change = 0;
    for (let i = 0; i < r * r; i++) {
      cov[i]! += apa[i]!;
      change = Math.max(change, Math.abs(apa[i]!));
    }
    power = multiply(power, power, r, false);
    if (change < 1e-14 * Math.max(1, cov[0]!)) break;
  }
  // Symmetrise away rounding.
  const sym = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) sym[i * r + j] = 0.5 * (cov[i * r + j]! + cov[j * r + i]!);
  return sym;
}

function multiply(a: Float64Array, b: Float64Array, r: number, transposeB: boolean): Float64Array {
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[i * r + k]! * (transposeB ? b[j * r + k]! : b[k * r + j]!);
      out[i * r + j] = s;
    }
  }
  return out;
}
