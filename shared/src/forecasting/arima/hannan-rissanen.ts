import { leastSquares } from '../linalg/spd-solve.js';
import { type ArimaOrder, isAdmissible, parameterCount } from './arima-order.js';
import { mean } from './differencing.js';

/**
 * Starting values for a non-seasonal ARMA by Hannan–Rissanen: a long autoregression (Yule–Walker)
 * estimates the shocks, then one regression on lagged values and lagged shocks. Started there,
 * Levenberg–Marquardt needs a few iterations instead of a dozen. Zeros (and the mean) when the
 * model is seasonal, the data too short, or the estimate not stationary and invertible.
 */
export function hannanRissanen(w: Float64Array, order: ArimaOrder): Float64Array {
  const k = parameterCount(order);
  const start = new Float64Array(k);
  const mu = order.constant ? mean(w) : 0;
  if (order.constant) start[k - 1] = mu;
  const { p, q } = order;
  const n = w.length;
  if (order.P > 0 || order.Q > 0 || p + q === 0) return start;
  const longOrder = Math.min(Math.max(p, q) + 8, Math.floor(n / 5));
  if (longOrder < Math.max(p, q) + 1 || n - longOrder - q <= 3 * (p + q)) return start;

  const x = Float64Array.from(w, (v) => v - mu);
  const ar = yuleWalker(x, longOrder);
  if (!ar) return start;
  const shocks = new Float64Array(n);
  for (let t = longOrder; t < n; t++) {
    let e = x[t]!;
    for (let i = 0; i < longOrder; i++) e -= ar[i]! * x[t - 1 - i]!;
    shocks[t] = e;
  }
  const from = longOrder + q;
  const rows = n - from;
  const columns: Float64Array[] = [];
  for (let i = 1; i <= p; i++) columns.push(x.subarray(from - i, n - i));
  for (let j = 1; j <= q; j++) columns.push(shocks.subarray(from - j, n - j));
  const beta = leastSquares(columns, x.subarray(from), rows);
  if (!beta || !beta.every(Number.isFinite)) return start;
  start.set(beta);
  return isAdmissible(order, start, 1.001) ? start : zeroed(start, k, order.constant ? mu : undefined);
}

function zeroed(start: Float64Array, k: number, mu: number | undefined): Float64Array {
  start.fill(0);
  if (mu !== undefined) start[k - 1] = mu;
  return start;
}

/** AR coefficients of the given order from the sample autocovariances (Durbin–Levinson). */
function yuleWalker(x: Float64Array, order: number): Float64Array | undefined {
  const n = x.length;
  const gamma = new Float64Array(order + 1);
  for (let lag = 0; lag <= order; lag++) {
    let s = 0;
    for (let t = lag; t < n; t++) s += x[t]! * x[t - lag]!;
    gamma[lag] = s / n;
  }
  if (!(gamma[0]! > 0)) return undefined;
  let phi = new Float64Array(order);
  let v = gamma[0]!;
  for (let k = 1; k <= order; k++) {
    let acc = gamma[k]!;
    for (let j = 1; j < k; j++) acc -= phi[j - 1]! * gamma[k - j]!;
    const reflection = acc / v;
    const next = new Float64Array(order);
    next[k - 1] = reflection;
    for (let j = 1; j < k; j++) next[j - 1] = phi[j - 1]! - reflection * phi[k - j - 1]!;
    phi = next;
    v *= 1 - reflection * reflection;
    if (!(v > 0)) return undefined;
  }
  return phi;
}
