/**
 * The ETS state-space recursions of Hyndman, Koehler, Ord and Snyder (2008), written as the
 * `forecast` package writes them: the state updates are expressed with the observation, so they
 * are the same for additive and multiplicative errors and only the likelihood differs.
 */

export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly season: SeasonType;
}

/** Smoothing parameters in the error-correction form: β ≤ α, γ ≤ 1 − α; φ = 1 without damping. */
export interface EtsParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

/** A state: level, trend and the m seasonal terms for the next m steps (`season[j]` for step j+1). */
export interface EtsState {
  readonly level: number;
  readonly trend: number;
  readonly season: Float64Array;
}

export interface EtsRun {
  /** −2·log-likelihood up to a constant shared by all models on the same data (forecast's `lik`). */
  readonly lik: number;
  /** Σ e², with e the additive or the relative one-step error. */
  readonly sse: number;
}

export function specName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Tiny floor on the mean squared error so that a perfect fit scores finitely. */
const MIN_MSE = 1e-24;

/**
 * Runs the model over y from the initial state. `ring` holds the initial seasonal terms
 * (`ring[t % m]` is the term used at step t) and is updated in place; `final`, when given,
 * receives the state after the last observation. Returns lik = Infinity for an inadmissible path
 * (non-positive forecasts or seasonal terms in a multiplicative model).
 */
export function runEts(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  p: EtsParams,
  level0: number,
  trend0: number,
  ring: Float64Array,
  final?: { level: number; trend: number },
  residuals?: Float64Array,
): EtsRun {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const alpha = p.alpha;
  const beta = hasTrend ? p.beta : 0;
  const gamma = p.gamma;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const additiveSeason = spec.season === 'A';
  const multSeason = spec.season === 'M';
  const seasonal = additiveSeason || multSeason;
  const multError = spec.error === 'M';
  let l = level0;
  let b = hasTrend ? trend0 : 0;
  let sse = 0;
  // Σ log f is kept as a running product, folded into a logarithm only when it grows or shrinks
  // far: one Math.log per step would cost as much as the rest of the step.
  let sumLog = 0;
  let product = 1;
  let slot = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = phi * b;
    const q = l + phib;
    let f = q;
    let p0 = yt;
    let s = 0;
    if (seasonal) {
      s = ring[slot]!;
      if (additiveSeason) {
        f = q + s;
        p0 = yt - s;
      } else {
        if (!(s > 0) || !(q > 0)) return INADMISSIBLE;
        f = q * s;
        p0 = yt / s;
      }
    }
    let e: number;
    if (multError) {
      if (!(f > 0)) return INADMISSIBLE;
      e = (yt - f) / f;
      product *= f;
      if (product > 1e100 || product < 1e-100) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else {
      e = yt - f;
    }
    if (residuals) residuals[t] = e;
    sse += e * e;
    const innovation = p0 - q;
    l = q + alpha * innovation;
    b = phib + beta * innovation;
    if (seasonal) {
      ring[slot] = additiveSeason ? s + gamma * (yt - q - s) : s + gamma * (yt / q - s);
      if (++slot === m) slot = 0;
    }
  }
  if (!Number.isFinite(sse)) return INADMISSIBLE;
  if (final) {
    final.level = l;
    final.trend = hasTrend ? b : 0;
  }
  sumLog += Math.log(product);
  const lik = n * Math.log(Math.max(sse, n * MIN_MSE)) + (multError ? 2 * sumLog : 0);
  return { lik, sse };
}

const INADMISSIBLE: EtsRun = { lik: Infinity, sse: Infinity };

/** Point forecasts for h = 1…horizon from a state (the conditional means of the linear classes). */
export function etsPointForecast(spec: EtsSpec, p: EtsParams, state: EtsState, horizon: number): number[] {
  const out: number[] = [];
  const m = state.season.length;
  let damp = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    if (spec.trend === 'Ad') {
      phiPow *= p.phi;
      damp += phiPow;
    } else {
      damp = h;
    }
    const base = state.level + (spec.trend === 'N' ? 0 : damp * state.trend);
    const s = spec.season === 'N' ? 0 : state.season[(h - 1) % m]!;
    out.push(spec.season === 'A' ? base + s : spec.season === 'M' ? base * s : base);
  }
  return out;
}

/**
 * c_j = w'F^{j−1}g for j = 1…horizon−1: how an error today moves the forecast j steps on. They give
 * the forecast variances of the additive- and multiplicative-error classes with additive
 * components (Hyndman et al. 2008, ch. 6).
 */
export function impulseWeights(spec: EtsSpec, p: EtsParams, m: number, horizon: number): number[] {
  const c: number[] = [];
  let dampSum = 0;
  let phiPow = 1;
  for (let j = 1; j < horizon; j++) {
    if (spec.trend === 'Ad') {
      phiPow *= p.phi;
      dampSum += phiPow;
    } else {
      dampSum = j;
    }
    const trendPart = spec.trend === 'N' ? 0 : p.beta * dampSum;
    const seasonPart = spec.season !== 'N' && j % m === 0 ? p.gamma : 0;
    c.push(p.alpha + trendPart + seasonPart);
  }
  return c;
}

/**
 * Forecast variances for h = 1…horizon given the one-step variance σ² (additive error: of the
 * error; multiplicative: of the relative error). Undefined for multiplicative seasonality, whose
 * variance has no closed form.
 */
export function forecastVariances(spec: EtsSpec, p: EtsParams, m: number, sigma2: number, mean: readonly number[]): number[] | undefined {
  if (spec.season === 'M') return undefined;
  const horizon = mean.length;
  const c = impulseWeights(spec, p, m, horizon);
  if (spec.error === 'A') {
    const out: number[] = [];
    let acc = 1;
    for (let h = 1; h <= horizon; h++) {
      if (h > 1) acc += c[h - 2]! ** 2;
      out.push(sigma2 * acc);
    }
    return out;
  }
  // Class 2: θ₁ = μ₁², θ_h = μ_h² + σ²·Σ_{j<h} c_j²·θ_{h−j}; v_h = (1 + σ²)·θ_h − μ_h².
  const theta: number[] = [];
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const mu = mean[h - 1]!;
    let th = mu * mu;
    for (let j = 1; j < h; j++) th += sigma2 * c[j - 1]! ** 2 * theta[h - j - 1]!;
    theta.push(th);
    out.push((1 + sigma2) * th - mu * mu);
  }
  return out;
}

/**
 * The admissible region of a seasonal model (forecast's `admissible`): the roots of its
 * characteristic polynomial lie inside the unit circle. Non-seasonal models inside the usual
 * bounds are always admissible.
 */
export function seasonalAdmissible(p: EtsParams, m: number, damped: boolean, hasTrend: boolean): boolean {
  const phi = damped ? p.phi : 1;
  const alpha = p.alpha;
  const beta = hasTrend ? p.beta : 0;
  const gamma = p.gamma;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  // Coefficients from the constant term up to z^(m+1).
  const poly = new Float64Array(m + 2);
  poly[0] = phi * (1 - alpha - gamma);
  poly[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let i = 2; i < m; i++) poly[i] = alpha + beta - alpha * phi;
  poly[m] = alpha + beta - phi;
  poly[m + 1] = 1;
  return rootsInsideUnitCircle(poly);
}

/**
 * Schur–Cohn step-down test: true when every root of the polynomial (coefficients ascending,
 * leading coefficient non-zero) has modulus below 1.
 */
export function rootsInsideUnitCircle(ascending: ArrayLike<number>): boolean {
  const degree = ascending.length - 1;
  const lead = ascending[degree]!;
  if (lead === 0) throw new RangeError('leading coefficient must be non-zero');
  // a[i] is the coefficient of z^(degree − i) of the monic polynomial.
  let a = Array.from({ length: degree + 1 }, (_, i) => ascending[degree - i]! / lead);
  for (let order = degree; order >= 1; order--) {
    const k = a[order]!;
    if (!(Math.abs(k) < 1)) return false;
    const next = [1];
    const scale = 1 - k * k;
    for (let i = 1; i < order; i++) next.push((a[i]! - k * a[order - i]!) / scale);
    a = next;
  }
  return true;
}
