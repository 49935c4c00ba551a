/**
 * The initial state of a linear ETS model (additive error, additive or no trend and season)
 * profiled out by least squares. The one-step errors are linear in the initial state x₀:
 * e(x₀) = e⁰ − Z·x₀, with e⁰ the errors from a zero state and column j of Z the forecasts made on
 * zero data from the unit state j. So for given smoothing parameters the likelihood-maximising x₀
 * solves ZᵀZ·x₀ = Zᵀe⁰ — the exact maximum that a search over x₀ would only approach.
 * Seasonal terms are constrained to sum to zero (else the level and the season trade off).
 */
import { solveNormalEquations } from '../optimize/least-squares.js';
import type { EtsParams, EtsSpec, EtsState } from './ets-core.js';

export interface LinearSolution {
  readonly lik: number;
  readonly initial: EtsState;
}

export class LinearProfile {
  private readonly k: number;
  private readonly runs: number;
  private readonly level: Float64Array;
  private readonly trend: Float64Array;
  private readonly ring: Float64Array;
  private readonly z: Float64Array;
  private readonly gram: Float64Array;
  private readonly c: Float64Array;

  constructor(private readonly y: Float64Array, private readonly spec: EtsSpec, private readonly m: number) {
    this.k = 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : m - 1);
    this.runs = this.k + 1;
    this.level = new Float64Array(this.runs);
    this.trend = new Float64Array(this.runs);
    this.ring = new Float64Array(this.runs * m);
    this.z = new Float64Array(this.k);
    this.gram = new Float64Array(this.k * this.k);
    this.c = new Float64Array(this.k);
  }

  solve(p: EtsParams): LinearSolution {
    const { y, k, runs, m, level, trend, ring, z, gram, c } = this;
    const hasTrend = this.spec.trend !== 'N';
    const seasonal = this.spec.season !== 'N';
    const phi = this.spec.trend === 'Ad' ? p.phi : 1;
    const { alpha } = p;
    const beta = hasTrend ? p.beta : 0;
    const gamma = seasonal ? p.gamma : 0;
    // Run 0 is the data from a zero state; run r ≥ 1 is unit state r−1 on zero data.
    level.fill(0);
    trend.fill(0);
    ring.fill(0);
    level[1] = 1;
    if (hasTrend) trend[2] = 1;
    const firstSeason = hasTrend ? 3 : 2;
    for (let r = firstSeason; r < runs; r++) {
      ring[r * m + (r - firstSeason)] = 1;
      ring[r * m + m - 1] = -1;
    }
    gram.fill(0);
    c.fill(0);
    let ee = 0;
    let slot = 0;
    const n = y.length;
    for (let t = 0; t < n; t++) {
      let e0 = 0;
      for (let r = 0; r < runs; r++) {
        const phib = phi * trend[r]!;
        const si = r * m + slot;
        const f = level[r]! + phib + (seasonal ? ring[si]! : 0);
        const e = (r === 0 ? y[t]! : 0) - f;
        if (r === 0) e0 = e;
        else z[r - 1] = f;
        level[r] = level[r]! + phib + alpha * e;
        trend[r] = phib + beta * e;
        if (seasonal) ring[si] = ring[si]! + gamma * e;
      }
      if (seasonal && ++slot === m) slot = 0;
      ee += e0 * e0;
      for (let a = 0; a < k; a++) {
        const za = z[a]!;
        c[a] = c[a]! + za * e0;
        const row = a * k;
        for (let b = 0; b <= a; b++) gram[row + b] = gram[row + b]! + za * z[b]!;
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) gram[b * k + a] = gram[a * k + b]!;
    const x = solveNormalEquations(gram, c, k);
    let explained = 0;
    for (let a = 0; a < k; a++) explained += x[a]! * c[a]!;
    const sse = Math.max(ee - explained, 0);
    const lik = n * Math.log(Math.max(sse, n * 1e-24));
    const season = new Float64Array(m);
    if (seasonal) {
      const offset = hasTrend ? 2 : 1;
      let sum = 0;
      for (let j = 0; j < m - 1; j++) {
        season[j] = x[offset + j]!;
        sum += season[j]!;
      }
      season[m - 1] = -sum;
    }
    return { lik, initial: { level: x[0]!, trend: hasTrend ? x[1]! : 0, season } };
  }
}
