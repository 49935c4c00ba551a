import { expandArma } from './arima-order.js';
import { cssResiduals } from './css.js';
import { differenceSeries, differencingPolynomial, multiplyPolynomials } from './differencing.js';
import type { ArimaFit } from './fit-arima.js';

export interface ArimaPrediction {
  readonly mean: Float64Array;
  /** Standard error of each step's forecast. */
  readonly se: Float64Array;
}

/**
 * Point forecasts by the ARMA recursion on the differenced series, integrated back, and standard
 * errors from the ψ-weights of the full model φ(B)Φ(Bᵐ)(1-B)ᵈ(1-Bᵐ)ᴰ ψ(B) = θ(B)Θ(Bᵐ).
 */
export function forecastArima(y: ArrayLike<number>, fit: ArimaFit, horizon: number): ArimaPrediction {
  const { d, D, m } = fit.order;
  const w = differenceSeries(y, d, D, m);
  const poly = expandArma(fit.order, fit.params);
  const residuals = new Float64Array(w.length);
  cssResiduals(w, poly, residuals);

  const n = w.length;
  const x = new Float64Array(n + horizon);
  for (let t = 0; t < n; t++) x[t] = w[t]! - poly.mean;
  for (let h = 0; h < horizon; h++) {
    const t = n + h;
    let value = 0;
    for (let k = 1; k <= poly.ar.length; k++) value += poly.ar[k - 1]! * (t - k >= 0 ? x[t - k]! : 0);
    // Future shocks have expectation zero: only residuals already observed enter.
    for (let k = h + 1; k <= poly.ma.length; k++) value += t - k >= 0 ? poly.ma[k - 1]! * residuals[t - k]! : 0;
    x[t] = value;
  }

  // Undo the differencing: yₜ = wₜ - Σₖ δₖ yₜ₋ₖ where (1-B)ᵈ(1-Bᵐ)ᴰ = 1 + Σ δₖ Bᵏ.
  const delta = differencingPolynomial(d, D, m);
  const full = new Float64Array(y.length + horizon);
  for (let t = 0; t < y.length; t++) full[t] = y[t]!;
  const mean = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const t = y.length + h;
    let value = x[n + h]! + poly.mean;
    for (let k = 1; k < delta.length; k++) value -= delta[k]! * full[t - k]!;
    full[t] = value;
    mean[h] = value;
  }

  const arPoly = Float64Array.from({ length: poly.ar.length + 1 }, (_, k) => (k === 0 ? 1 : -poly.ar[k - 1]!));
  const phiStar = multiplyPolynomials(arPoly, delta);
  const psi = new Float64Array(horizon);
  psi[0] = 1;
  for (let j = 1; j < horizon; j++) {
    let value = j <= poly.ma.length ? poly.ma[j - 1]! : 0;
    for (let k = 1; k <= Math.min(j, phiStar.length - 1); k++) value -= phiStar[k]! * psi[j - k]!;
    psi[j] = value;
  }
  const se = new Float64Array(horizon);
  let cumulative = 0;
  for (let h = 0; h < horizon; h++) {
    cumulative += psi[h]! ** 2;
    se[h] = Math.sqrt(fit.sigma2 * cumulative);
  }
  return { mean, se };
}
