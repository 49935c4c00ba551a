import { type ArimaOrder, orderKey } from './arima-order.js';
import { differenceSeries, isConstant, mean } from './differencing.js';
import { type ArimaFit, fitArima, MAX_EXACT_STATE, refitExact, stateDimension } from './fit-arima.js';
import { ndiffs, nsdiffs } from './unit-root.js';

const REFITS = 3;

export interface AutoArimaOptions {
  readonly maxP?: number;
  readonly maxQ?: number;
  readonly maxSeasonalP?: number;
  readonly maxSeasonalQ?: number;
  /** Upper bound on fits, as auto.arima's nmodels. */
  readonly maxModels?: number;
}

export interface AutoArimaResult {
  readonly fit: ArimaFit;
  /** How many models the search fitted. */
  readonly fitted: number;
}

/**
 * Hyndman–Khandakar automatic ARIMA (forecast::auto.arima, stepwise): d by repeated KPSS tests,
 * D by seasonal strength, then a local search from four starting models moving one or two of
 * p, q, P, Q by one and toggling the constant, keeping a move as soon as it lowers the AICc.
 * As auto.arima does with approximation = TRUE, the search ranks models by conditional sum of
 * squares and only the best few are refitted by exact likelihood; unlike it, short series are
 * searched the same way, because exact fits of every candidate would cost 5–10× the time budget.
 */
export function autoArima(y: ArrayLike<number>, m: number, options: AutoArimaOptions = {}): AutoArimaResult | undefined {
  const n = y.length;
  const seasonal = m > 1 && n >= 2 * m;
  const period = seasonal ? m : 1;
  const D = seasonal ? nsdiffs(y, m) : 0;
  const d = ndiffs(D > 0 ? differenceSeries(y, 0, D, m) : y);
  const w = differenceSeries(y, d, D, period);
  if (w.length < 4) return undefined;
  const allowConstant = d + D <= 1;

  if (isConstant(w)) {
    // A perfectly regular series (a constant, a straight line): extrapolate it exactly.
    const constant = allowConstant && mean(w) !== 0;
    const order = { p: 0, d, q: 0, P: 0, D, Q: 0, m: period, constant };
    const fit: ArimaFit = { order, params: Float64Array.from(constant ? [mean(w)] : []), sigma2: 0, loglik: Infinity, aicc: -Infinity, method: 'css' };
    return { fit, fitted: 0 };
  }

  const maxP = Math.min(options.maxP ?? 5, Math.floor(n / 3));
  const maxQ = Math.min(options.maxQ ?? 5, Math.floor(n / 3));
  const maxSP = seasonal ? Math.min(options.maxSeasonalP ?? 2, Math.floor(n / 3 / m)) : 0;
  const maxSQ = seasonal ? Math.min(options.maxSeasonalQ ?? 2, Math.floor(n / 3 / m)) : 0;
  const maxModels = options.maxModels ?? 94;

  const tried = new Map<string, ArimaFit | undefined>();
  const fitOrder = (order: ArimaOrder): ArimaFit | undefined => {
    const key = orderKey(order);
    if (!tried.has(key)) tried.set(key, fitArima(w, order));
    return tried.get(key);
  };
  const make = (p: number, q: number, P: number, Q: number, constant: boolean): ArimaOrder => ({ p, d, q, P, D, Q, m: period, constant });

  let best: ArimaFit | undefined;
  const consider = (order: ArimaOrder): boolean => {
    if (tried.size >= maxModels && !tried.has(orderKey(order))) return false;
    const fit = fitOrder(order);
    if (fit && (!best || fit.aicc < best.aicc)) {
      best = fit;
      return true;
    }
    return false;
  };

  consider(make(Math.min(2, maxP), Math.min(2, maxQ), Math.min(1, maxSP), Math.min(1, maxSQ), allowConstant));
  consider(make(0, 0, 0, 0, allowConstant));
  consider(make(maxP > 0 ? 1 : 0, 0, maxSP > 0 ? 1 : 0, 0, allowConstant));
  consider(make(0, maxQ > 0 ? 1 : 0, 0, maxSQ > 0 ? 1 : 0, allowConstant));
  if (allowConstant) consider(make(0, 0, 0, 0, false));

  let improved = best !== undefined;
  while (improved && best && tried.size < maxModels) {
    improved = false;
    const { p, q, P, Q, constant } = best.order;
    const moves: [number, number, number, number, boolean][] = [
      [p, q, P - 1, Q, constant],
      [p, q, P, Q - 1, constant],
      [p, q, P + 1, Q, constant],
      [p, q, P, Q + 1, constant],
      [p, q, P - 1, Q - 1, constant],
      [p, q, P - 1, Q + 1, constant],
      [p, q, P + 1, Q - 1, constant],
      [p, q, P + 1, Q + 1, constant],
      [p - 1, q, P, Q, constant],
      [p, q - 1, P, Q, constant],
      [p + 1, q, P, Q, constant],
      [p, q + 1, P, Q, constant],
      [p - 1, q - 1, P, Q, constant],
      [p - 1, q + 1, P, Q, constant],
      [p + 1, q - 1, P, Q, constant],
      [p + 1, q + 1, P, Q, constant],
    ];
    if (allowConstant) moves.push([p, q, P, Q, !constant]);
    for (const [np, nq, nP, nQ, nc] of moves) {
      if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxP || nq > maxQ || nP > maxSP || nQ > maxSQ) continue;
      if (consider(make(np, nq, nP, nQ, nc))) {
        improved = true;
        break;
      }
    }
  }
  if (!best) return undefined;
  return { fit: refitExactly(w, tried, best), fitted: tried.size };
}

/**
 * After the approximate search: the best three models by CSS refitted by exact likelihood, the one
 * with the lowest exact AICc kept. (auto.arima refits only the winner, but CSS flatters
 * near-cancelling ARMA terms on short or noisy series; comparing exact fits undoes most of that.)
 * A winner too large for the exact likelihood (long seasonal models) stays a CSS fit.
 */
function refitExactly(w: Float64Array, tried: Map<string, ArimaFit | undefined>, fallback: ArimaFit): ArimaFit {
  if (stateDimension(fallback.order) > MAX_EXACT_STATE) return fallback;
  const ranked = [...tried.values()].filter((f): f is ArimaFit => f !== undefined).sort((a, b) => a.aicc - b.aicc);
  let best: ArimaFit | undefined;
  for (const candidate of ranked.slice(0, REFITS)) {
    if (stateDimension(candidate.order) > MAX_EXACT_STATE) continue;
    const exact = refitExact(w, candidate);
    if (exact && (!best || exact.aicc < best.aicc)) best = exact;
  }
  return best ?? fallback;
}
