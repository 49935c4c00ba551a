import type { ArmaPolynomials } from './arima-order.js';

/** Non-zero lags of a dense coefficient array, so seasonal polynomials cost only their terms. */
function sparse(coefficients: Float64Array): { lags: Int32Array; values: Float64Array } {
  let count = 0;
  for (const c of coefficients) if (c !== 0) count++;
  const lags = new Int32Array(count);
  const values = new Float64Array(count);
  let i = 0;
  coefficients.forEach((c, k) => {
    if (c !== 0) {
      lags[i] = k + 1;
      values[i++] = c;
    }
  });
  return { lags, values };
}

/**
 * Conditional-sum-of-squares residuals of an ARMA model for the (differenced) series `w`:
 * conditioning on the first `ar.length` values and on zero residuals before them, as R's
 * arima(method = "CSS") does. Fills `out` (zeros for the conditioning values) and returns the
 * sum of squares.
 */
export function cssResiduals(w: ArrayLike<number>, poly: ArmaPolynomials, out: Float64Array): number {
  const n = w.length;
  const start = poly.ar.length;
  const ar = sparse(poly.ar);
  const ma = sparse(poly.ma);
  const mean = poly.mean;
  let sse = 0;
  for (let t = 0; t < Math.min(start, n); t++) out[t] = 0;
  for (let t = start; t < n; t++) {
    let e = w[t]! - mean;
    for (let i = 0; i < ar.lags.length; i++) e -= ar.values[i]! * (w[t - ar.lags[i]!]! - mean);
    for (let i = 0; i < ma.lags.length; i++) {
      const lag = t - ma.lags[i]!;
      if (lag >= start) e -= ma.values[i]! * out[lag]!;
    }
    out[t] = e;
    sse += e * e;
  }
  return sse;
}
