/**
 * Maximum-likelihood estimation of one ETS model. Smoothing parameters are searched by Nelder–Mead
 * inside the usual region (0 < β ≤ α < 1, 0 < γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98, written as a box through
 * β = α·β*, γ = (1 − α)·γ*) and, for seasonal models, the admissible region.
 *
 * For the linear models (additive error, no multiplicative component) the one-step errors are
 * linear in the initial state, so for given smoothing parameters the best initial state is a
 * least-squares solution: the search then has 1–4 dimensions instead of up to 29, which is what
 * makes automatic ETS fast enough to backtest. The other models search the initial state too, as
 * `forecast::ets` does, starting from their additive twin's solution when there is one.
 */
import { nelderMead } from '../optimize/nelder-mead.js';
import { classicalDecomposition } from '../seasonality.js';
import { runEts, seasonalAdmissible } from './ets-core.js';
import { LinearProfile } from './ets-linear.js';
import type { EtsParams, EtsSpec, EtsState } from './ets-core.js';

export interface EtsFit {
  readonly spec: EtsSpec;
  /** Season length used by the model (1 when it has no seasonal component). */
  readonly m: number;
  readonly params: EtsParams;
  /** State before the first observation (`season[j]` for step j+1). */
  readonly initial: EtsState;
  /** State after the last observation. */
  readonly final: EtsState;
  readonly lik: number;
  readonly aicc: number;
  /** One-step error variance (relative errors for multiplicative-error models). */
  readonly sigma2: number;
  /** Estimated smoothing parameters and initial states. */
  readonly parameterCount: number;
  readonly n: number;
}

const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;

export function smoothingCount(spec: EtsSpec): number {
  return 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : 1) + (spec.trend === 'Ad' ? 1 : 0);
}

export function stateCount(spec: EtsSpec, m: number): number {
  return 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : m - 1);
}

export function isLinear(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

function decode(u: ArrayLike<number>, spec: EtsSpec): EtsParams {
  let i = 0;
  const alpha = u[i++]!;
  const beta = spec.trend === 'N' ? 0 : alpha * u[i++]!;
  const gamma = spec.season === 'N' ? 0 : (1 - alpha) * u[i++]!;
  const phi = spec.trend === 'Ad' ? u[i++]! : 1;
  return { alpha, beta, gamma, phi };
}

function encode(p: EtsParams, spec: EtsSpec): number[] {
  const u = [p.alpha];
  if (spec.trend !== 'N') u.push(clamp(p.beta / p.alpha, LOWER, UPPER));
  if (spec.season !== 'N') u.push(clamp(p.gamma / (1 - p.alpha), LOWER, UPPER));
  if (spec.trend === 'Ad') u.push(p.phi);
  return u;
}

function bounds(spec: EtsSpec): { lower: number[]; upper: number[] } {
  const k = smoothingCount(spec);
  const lower = Array.from({ length: k }, () => LOWER);
  const upper = Array.from({ length: k }, () => UPPER);
  if (spec.trend === 'Ad') {
    lower[k - 1] = PHI_LOWER;
    upper[k - 1] = PHI_UPPER;
  }
  return { lower, upper };
}

/** forecast's `initparam`: small α for seasonal models, β and γ a fraction of their range. */
function startParams(spec: EtsSpec, m: number): EtsParams {
  const alpha = LOWER + (0.2 * (UPPER - LOWER)) / (spec.season === 'N' ? 1 : m);
  return { alpha, beta: 0.1 * alpha, gamma: 0.05 * (1 - alpha), phi: PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER) };
}

function admissible(p: EtsParams, spec: EtsSpec, m: number): boolean {
  return spec.season === 'N' || seasonalAdmissible(p, m, spec.trend === 'Ad', spec.trend !== 'N');
}

/** Starting point for a model that searches its initial state: another fit of the same shape. */
export interface EtsStart {
  readonly params: EtsParams;
  readonly initial: EtsState;
}

/** Fits one model to y (already scaled to order 1); undefined when the data are too short for it. */
export function fitEts(y: Float64Array, spec: EtsSpec, seasonLength: number, start?: EtsStart): EtsFit | undefined {
  const m = spec.season === 'N' ? 1 : seasonLength;
  const n = y.length;
  const k = smoothingCount(spec) + stateCount(spec, m);
  if (n - k - 2 <= 0) return undefined;
  const found = isLinear(spec) ? searchLinear(y, spec, m) : searchNonlinear(y, spec, m, start);
  if (!found) return undefined;
  return finish(y, spec, m, found.params, found.initial, k);
}

function finish(y: Float64Array, spec: EtsSpec, m: number, params: EtsParams, initial: EtsState, k: number): EtsFit | undefined {
  const n = y.length;
  const ring = Float64Array.from(initial.season);
  const end = { level: 0, trend: 0 };
  const run = runEts(y, spec, m, params, initial.level, initial.trend, ring, end);
  if (!Number.isFinite(run.lik)) return undefined;
  const season = new Float64Array(m);
  for (let j = 0; j < m; j++) season[j] = ring[(n + j) % m]!;
  const np = k + 1; // and σ
  const aicc = run.lik + 2 * np + (2 * np * (np + 1)) / (n - np - 1);
  return {
    spec, m, params, initial,
    final: { level: end.level, trend: end.trend, season },
    lik: run.lik, aicc, sigma2: run.sse / Math.max(n - k, 1), parameterCount: k, n,
  };
}

interface Found {
  readonly params: EtsParams;
  readonly initial: EtsState;
}

function searchLinear(y: Float64Array, spec: EtsSpec, m: number): Found | undefined {
  const ls = new LinearProfile(y, spec, m);
  const { lower, upper } = bounds(spec);
  const objective = (u: Float64Array): number => {
    const p = decode(u, spec);
    if (!admissible(p, spec, m)) return Infinity;
    return ls.solve(p).lik;
  };
  const result = nelderMead(objective, encode(startParams(spec, m), spec), { lower, upper, step: 0.1, maxEvaluations: 150 * lower.length + 100 });
  if (!Number.isFinite(result.value)) return undefined;
  const params = decode(result.x, spec);
  return { params, initial: ls.solve(params).initial };
}

function searchNonlinear(y: Float64Array, spec: EtsSpec, m: number, start?: EtsStart): Found | undefined {
  const begin = start ?? { params: startParams(spec, m), initial: heuristicState(y, spec, m) };
  const hasTrend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  const { lower, upper } = bounds(spec);
  const smoothing = lower.length;
  const u0 = encode(begin.params, spec).map((v, i) => clamp(v, lower[i]!, upper[i]!));
  const steps: number[] = u0.map(() => 0.1);
  u0.push(begin.initial.level);
  steps.push(0.1 * Math.max(Math.abs(begin.initial.level), 0.1));
  if (hasTrend) {
    u0.push(begin.initial.trend);
    steps.push(0.1 * Math.max(Math.abs(begin.initial.trend), 0.01));
  }
  if (seasonal) {
    for (let j = 0; j < m - 1; j++) {
      u0.push(begin.initial.season[j]!);
      steps.push(0.1 * Math.max(Math.abs(begin.initial.season[j]!), 0.1));
    }
  }
  const ring = new Float64Array(m);
  const total = spec.season === 'M' ? m : 0;
  const fillRing = (u: ArrayLike<number>): void => {
    let sum = 0;
    const offset = smoothing + (hasTrend ? 2 : 1);
    for (let j = 0; j < m - 1; j++) {
      ring[j] = u[offset + j]!;
      sum += ring[j]!;
    }
    ring[m - 1] = total - sum;
  };
  const objective = (u: Float64Array): number => {
    const p = decode(u, spec);
    if (!admissible(p, spec, m)) return Infinity;
    if (seasonal) fillRing(u);
    return runEts(y, spec, m, p, u[smoothing]!, hasTrend ? u[smoothing + 1]! : 0, ring).lik;
  };
  const dim = u0.length;
  const result = nelderMead(objective, u0, {
    lower: [...lower, ...Array.from({ length: dim - smoothing }, () => -Infinity)],
    upper: [...upper, ...Array.from({ length: dim - smoothing }, () => Infinity)],
    step: steps,
    maxEvaluations: Math.min(2000, 150 * dim),
  });
  if (!Number.isFinite(result.value)) return undefined;
  const u = result.x;
  const season = new Float64Array(m);
  if (seasonal) {
    fillRing(u);
    season.set(ring);
  }
  return {
    params: decode(u, spec),
    initial: { level: u[smoothing]!, trend: hasTrend ? u[smoothing + 1]! : 0, season },
  };
}

/**
 * forecast's `initstate`: seasonal terms from classical decomposition, then level and trend from a
 * straight line through the first max(10, 2m) seasonally adjusted values.
 */
export function heuristicState(y: Float64Array, spec: EtsSpec, m: number): EtsState {
  const n = y.length;
  const season = new Float64Array(m);
  let adjusted: ArrayLike<number> = y;
  if (spec.season === 'M' && n >= 2 * m && m >= 2) {
    const indices = classicalDecomposition(Array.from(y), m).map((s) => Math.max(s, 1e-2));
    season.set(indices);
    adjusted = Float64Array.from(y, (v, t) => v / indices[t % m]!);
  } else if (spec.season === 'M') {
    season.fill(1);
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  if (spec.trend === 'N') {
    let mean = 0;
    for (let t = 0; t < maxn; t++) mean += adjusted[t]! / maxn;
    return { level: mean, trend: 0, season };
  }
  // Least-squares line over t = 1…maxn; its value at t = 0 is the level before the first value.
  const tMean = (maxn + 1) / 2;
  let yMean = 0;
  for (let t = 0; t < maxn; t++) yMean += adjusted[t]! / maxn;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < maxn; t++) {
    sxy += (t + 1 - tMean) * (adjusted[t]! - yMean);
    sxx += (t + 1 - tMean) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  let level = yMean - slope * tMean;
  let trend = slope;
  if (Math.abs(level + trend) < 1e-8) {
    level *= 1 + 1e-3;
    trend *= 1 + 1e-3;
  }
  return { level, trend, season };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
