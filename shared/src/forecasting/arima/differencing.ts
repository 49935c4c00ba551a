export function difference(y: ArrayLike<number>, lag = 1): Float64Array {
  const out = new Float64Array(Math.max(0, y.length - lag));
  for (let t = lag; t < y.length; t++) out[t - lag] = y[t]! - y[t - lag]!;
  return out;
}

/** Applies (1-B)ᵈ(1-Bᵐ)ᴰ. */
export function differenceSeries(y: ArrayLike<number>, d: number, D: number, m: number): Float64Array {
  let w: Float64Array = Float64Array.from(y);
  for (let i = 0; i < D; i++) w = difference(w, m);
  for (let i = 0; i < d; i++) w = difference(w, 1);
  return w;
}

/** Product of two polynomials given by their coefficients from degree 0 up. */
export function multiplyPolynomials(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}

/** The coefficients of (1-B)ᵈ(1-Bᵐ)ᴰ from degree 0 up. */
export function differencingPolynomial(d: number, D: number, m: number): Float64Array {
  let poly: Float64Array = Float64Array.of(1);
  for (let i = 0; i < d; i++) poly = multiplyPolynomials(poly, [1, -1]);
  const seasonal = new Float64Array(m + 1);
  seasonal[0] = 1;
  seasonal[m] = -1;
  for (let i = 0; i < D; i++) poly = multiplyPolynomials(poly, seasonal);
  return poly;
}

export function isConstant(x: ArrayLike<number>, tolerance = 1e-10): boolean {
  if (x.length === 0) return true;
  let lo = x[0]!;
  let hi = x[0]!;
  for (let i = 1; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  return hi - lo <= tolerance * Math.max(1, Math.abs(hi), Math.abs(lo));
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return x.length > 0 ? s / x.length : 0;
}

export function variance(x: ArrayLike<number>): number {
  const mu = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mu) ** 2;
  return x.length > 1 ? s / (x.length - 1) : 0;
}
