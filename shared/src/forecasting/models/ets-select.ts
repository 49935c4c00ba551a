/**
 * Automatic choice among ETS models by AICc, as `forecast::ets(y, "ZZZ")` does: additive or
 * multiplicative error, no, additive or damped trend, no, additive or multiplicative season
 * (multiplicative forms only for strictly positive data; no additive error with a multiplicative
 * season, whose likelihood is unstable).
 */
import { fitEts } from './ets-fit.js';
import type { EtsFit } from './ets-fit.js';
import type { EtsSpec, SeasonType, TrendType } from './ets-core.js';

/** Longest season a seasonal ETS is fitted with; longer seasons are removed by decomposition. */
export const MAX_ETS_SEASON = 24;
const AICC_TIE = 1e-6;

/** Whether a seasonal ETS may be fitted: 2 ≤ m ≤ 24 and at least two full seasons of data. */
export function seasonalEtsAllowed(n: number, m: number): boolean {
  return Number.isInteger(m) && m >= 2 && m <= MAX_ETS_SEASON && n >= 2 * m;
}

export function candidateSpecs(y: ArrayLike<number>, m: number): EtsSpec[] {
  let positive = true;
  for (let t = 0; t < y.length; t++) if (!(y[t]! > 0)) positive = false;
  const seasons: SeasonType[] = seasonalEtsAllowed(y.length, m) ? ['N', 'A', 'M'] : ['N'];
  const trends: TrendType[] = ['N', 'A', 'Ad'];
  const specs: EtsSpec[] = [];
  // Additive errors first: their fits warm-start the multiplicative-error twins.
  for (const error of ['A', 'M'] as const) {
    if (error === 'M' && !positive) continue;
    for (const trend of trends) {
      for (const season of seasons) {
        if (season === 'M' && (error === 'A' || !positive)) continue;
        specs.push({ error, trend, season });
      }
    }
  }
  return specs;
}

/**
 * Fits every candidate that the data can support and returns the one with the smallest AICc
 * (undefined when none could be fitted). `y` should be scaled to order 1.
 */
export function selectEts(y: Float64Array, m: number, specs: readonly EtsSpec[]): EtsFit | undefined {
  const twins = new Map<string, EtsFit>();
  let best: EtsFit | undefined;
  for (const spec of specs) {
    const seasonM = spec.season === 'N' ? 1 : m;
    // forecast's rule: a model needs more than (its parameters + 4) observations.
    const npars = 2 + (spec.trend === 'N' ? 0 : 2) + (spec.season === 'N' ? 0 : seasonM) + (spec.trend === 'Ad' ? 1 : 0);
    if (y.length <= npars + 4) continue;
    const key = `${spec.trend}${spec.season}`;
    const start = spec.error === 'M' ? twins.get(key) : undefined;
    const fit = fitEts(y, spec, m, start);
    if (!fit) continue;
    if (spec.error === 'A') twins.set(key, fit);
    // A later (more complex) candidate must win by more than rounding: near-ties, such as additive
    // and multiplicative errors with the same α, would otherwise be settled by the last bits.
    if (Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc - AICC_TIE)) best = fit;
  }
  return best;
}
