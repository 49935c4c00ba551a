/** An ARIMA(p,d,q)(P,D,Q)[m] specification, with a constant (mean, or drift once differenced). */
export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Season length; 1 for non-seasonal models. */
  readonly m: number;
  readonly constant: boolean;
}

/** Parameters in the order [φ₁…φp, θ₁…θq, Φ₁…ΦP, Θ₁…ΘQ, μ?]. */
export function parameterCount(order: ArimaOrder): number {
  return order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0);
}

export function orderKey(order: ArimaOrder): string {
  return `${order.p},${order.d},${order.q},${order.P},${order.D},${order.Q},${order.m},${order.constant ? 1 : 0}`;
}

export function describeOrder(order: ArimaOrder): string {
  const seasonal = order.m > 1 ? `(${order.P},${order.D},${order.Q})[${order.m}]` : '';
  return `ARIMA(${order.p},${order.d},${order.q})${seasonal}${order.constant ? ' with constant' : ''}`;
}

export interface ArmaPolynomials {
  /** AR coefficients a₁…: xₜ = Σ aₖ xₜ₋ₖ + …; index k-1 holds lag k. */
  readonly ar: Float64Array;
  /** MA coefficients b₁…: … + eₜ + Σ bₖ eₜ₋ₖ. */
  readonly ma: Float64Array;
  readonly mean: number;
}

/** Multiplies out the seasonal and non-seasonal factors into one AR and one MA polynomial. */
export function expandArma(order: ArimaOrder, params: ArrayLike<number>): ArmaPolynomials {
  const { p, q, P, Q, m } = order;
  const ar = new Float64Array(p + P * m);
  const ma = new Float64Array(q + Q * m);
  for (let i = 0; i < p; i++) ar[i] = params[i]!;
  for (let j = 0; j < P; j++) {
    const seasonal = params[p + q + j]!;
    ar[(j + 1) * m - 1]! += seasonal;
    // (1 - Σφᵢ Bⁱ)(1 - ΣΦⱼ B^jm): cross terms enter with a minus sign.
    for (let i = 0; i < p; i++) ar[(j + 1) * m + i]! -= params[i]! * seasonal;
  }
  for (let i = 0; i < q; i++) ma[i] = params[p + i]!;
  for (let j = 0; j < Q; j++) {
    const seasonal = params[p + q + P + j]!;
    ma[(j + 1) * m - 1]! += seasonal;
    for (let i = 0; i < q; i++) ma[(j + 1) * m + i]! += params[p + i]! * seasonal;
  }
  const mean = order.constant ? params[p + q + P + Q]! : 0;
  return { ar, ma, mean };
}

/**
 * True when every root of 1 - Σ cₖ zᵏ lies outside the circle of radius `radius`, by the
 * Schur–Cohn step-down recursion (all reflection coefficients inside (-1, 1)): exact, and far
 * cheaper than finding the roots.
 */
export function rootsOutside(coefficients: ArrayLike<number>, radius = 1): boolean {
  let a = Array.from(coefficients, (c, k) => c * radius ** (k + 1));
  while (a.length > 0 && a[a.length - 1] === 0) a.pop();
  while (a.length > 0) {
    const k = a[a.length - 1]!;
    if (!(Math.abs(k) < 1)) return false;
    const n = a.length - 1;
    const denominator = 1 - k * k;
    const next = new Array<number>(n);
    for (let j = 0; j < n; j++) next[j] = (a[j]! + k * a[n - 1 - j]!) / denominator;
    a = next;
    while (a.length > 0 && a[a.length - 1] === 0) a.pop();
  }
  return true;
}

/**
 * auto.arima's admissibility rule: AR and MA roots at least 1.01 away from the origin, checked on
 * each factor (a seasonal root r in z = Bᵐ is a root of modulus |r|^(1/m) in B).
 */
export function isAdmissible(order: ArimaOrder, params: ArrayLike<number>, margin = 1.01): boolean {
  const { p, q, P, Q, m } = order;
  const slice = (from: number, count: number, sign: number): number[] => Array.from({ length: count }, (_, i) => sign * params[from + i]!);
  const seasonalMargin = margin ** m;
  return (
    rootsOutside(slice(0, p, 1), margin) &&
    rootsOutside(slice(p, q, -1), margin) &&
    rootsOutside(slice(p + q, P, 1), seasonalMargin) &&
    rootsOutside(slice(p + q + P, Q, -1), seasonalMargin)
  );
}
