import { type ArimaOrder, expandArma, isAdmissible, parameterCount, rootsOutside } from './arima-order.js';
import { cssResiduals } from './css.js';
import { mean } from './differencing.js';
import { hannanRissanen } from './hannan-rissanen.js';
import { armaExactLikelihood } from './kalman.js';
import { levenbergMarquardt } from './levenberg-marquardt.js';

export type EstimationMethod = 'css' | 'ml';

export interface ArimaFit {
  readonly order: ArimaOrder;
  readonly params: Float64Array;
  readonly sigma2: number;
  readonly loglik: number;
  readonly aicc: number;
  readonly method: EstimationMethod;
}

/** Beyond this state dimension the exact likelihood costs too much per call; CSS is used instead. */
export const MAX_EXACT_STATE = 8;

export function stateDimension(order: ArimaOrder): number {
  return Math.max(order.p + order.P * order.m, order.q + order.Q * order.m + 1);
}

interface Estimate {
  readonly params: Float64Array;
  readonly sigma2: number;
  readonly loglik: number;
}

/**
 * Fits an ARMA model to the already differenced series `w`: conditional sum of squares by
 * Levenberg–Marquardt from Hannan–Rissanen starting values, then (method 'ml', when the state is
 * small) the exact likelihood started from the CSS estimates, as R's CSS-ML does. Returns
 * undefined when the fit is inadmissible (roots within 1.01 of the unit circle) or there are too
 * few observations for the parameters.
 */
export function fitArima(w: Float64Array, order: ArimaOrder, method: EstimationMethod = 'css'): ArimaFit | undefined {
  const n = w.length;
  const conditioning = order.p + order.P * order.m;
  if (n - conditioning <= parameterCount(order) + 2) return undefined;
  const css = levenbergMarquardt((x, out) => cssResiduals(w, expandArma(order, x), out), hannanRissanen(w, order), n, { maxIterations: 15 });
  const sigma2 = css.sse / (n - conditioning);
  // R's CSS log-likelihood: σ² from the conditional residuals, counted over the whole series.
  const estimate: Estimate = { params: css.x, sigma2, loglik: -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) };
  if (method === 'ml' && stateDimension(order) <= MAX_EXACT_STATE) {
    const exact = exactFit(w, order, isAdmissible(order, css.x, 1) ? css.x : zeroStart(w, order));
    if (exact) return finish(w, order, exact, 'ml');
  }
  return finish(w, order, estimate, 'css');
}

/** Refits a CSS fit by exact likelihood from its estimates; undefined when that fails. */
export function refitExact(w: Float64Array, fit: ArimaFit): ArimaFit | undefined {
  if (stateDimension(fit.order) > MAX_EXACT_STATE) return undefined;
  const exact = exactFit(w, fit.order, fit.params);
  return exact && finish(w, fit.order, exact, 'ml');
}

/** Zeros for the ARMA terms and the sample mean, when the CSS estimates are not stationary. */
function zeroStart(w: Float64Array, order: ArimaOrder): Float64Array {
  const k = parameterCount(order);
  const out = new Float64Array(k);
  if (order.constant) out[k - 1] = mean(w);
  return out;
}

function finish(w: Float64Array, order: ArimaOrder, estimate: Estimate, method: EstimationMethod): ArimaFit | undefined {
  const { params, sigma2, loglik } = estimate;
  if (!Number.isFinite(loglik) || !(sigma2 > 0) || !isAdmissible(order, params)) return undefined;
  const n = w.length;
  const npar = parameterCount(order) + 1;
  const aicc = -2 * loglik + 2 * npar + (2 * npar * (npar + 1)) / (n - npar - 1);
  return { order, params, sigma2, loglik, aicc, method };
}

function exactFit(w: Float64Array, order: ArimaOrder, start: Float64Array): Estimate | undefined {
  const n = w.length;
  const { p, q, P, Q } = order;
  const feasible = (x: Float64Array): boolean => {
    const part = (from: number, count: number, sign: number) => Array.from({ length: count }, (_, i) => sign * x[from + i]!);
    return rootsOutside(part(0, p, 1)) && rootsOutside(part(p + q, P, 1)) && rootsOutside(part(p, q, -1)) && rootsOutside(part(p + q + P, Q, -1));
  };
  // The concentrated likelihood n·log(S/n) + Σ log Fₜ is minimised by the sum of squares of
  // vₜ/√Fₜ · (Π Fₜ)^(1/2n), which lets Levenberg–Marquardt do the work.
  const objective = (x: Float64Array, out: Float64Array): number => {
    if (!feasible(x)) return Infinity;
    const result = armaExactLikelihood(w, expandArma(order, x), out);
    if (!Number.isFinite(result.ssq) || !Number.isFinite(result.sumLogF)) return Infinity;
    const factor = Math.exp(result.sumLogF / (2 * n));
    for (let t = 0; t < n; t++) out[t]! *= factor;
    return result.ssq * factor * factor;
  };
  const fitted = levenbergMarquardt(objective, start, n);
  if (!Number.isFinite(fitted.sse)) return undefined;
  const final = armaExactLikelihood(w, expandArma(order, fitted.x));
  const sigma2 = final.ssq / n;
  const loglik = -0.5 * (n * Math.log(2 * Math.PI * sigma2) + final.sumLogF + n);
  return { params: fitted.x, sigma2, loglik };
}
