/**
 * The intermittent-demand model the ensemble uses: one method per Syntetos–Boylan demand class.
 * - intermittent and lumpy demand: SBA, the least biased of the Croston family on such data;
 * - an item that looks obsolete (a run of zeros longer than any gap before and at least twice the
 *   usual interval): TSB, whose forecast decays with every period without demand;
 * - smooth and erratic demand: ADIDA, which there reduces to SES (buckets of one period).
 */
import { classifyDemand } from '../demand-class.js';
import type { LocalModel, ModelForecast } from '../model.js';
import { adidaModel } from './intermittent-adida.js';
import { sbaModel } from './intermittent-croston.js';
import { demandIndices, demandOf, meanDemandInterval } from './intermittent-demand.js';
import { tsbModel } from './intermittent-tsb.js';

export { classifyDemand } from '../demand-class.js';
export { adidaModel } from './intermittent-adida.js';
export { crostonModel, sbaModel } from './intermittent-croston.js';
export { tsbModel } from './intermittent-tsb.js';

/**
 * Whether the trailing run of periods without demand is unprecedented: longer than every earlier
 * interval between demands (the first counted from the start) and at least twice their mean.
 */
export function showsObsolescence(y: readonly number[]): boolean {
  const d = demandOf(y);
  const indices = demandIndices(d);
  if (indices.length === 0) return false;
  const last = indices[indices.length - 1]!;
  const trailing = d.length - 1 - last;
  let longest = indices[0]! + 1;
  for (let k = 1; k < indices.length; k++) longest = Math.max(longest, indices[k]! - indices[k - 1]!);
  return trailing > longest && trailing >= 2 * meanDemandInterval(d)!;
}

export type IntermittentMethod = 'sba' | 'tsb' | 'adida';

/** The method `intermittentModel` uses for this history. */
export function intermittentMethodFor(y: readonly number[]): IntermittentMethod {
  if (showsObsolescence(y)) return 'tsb';
  const demandClass = classifyDemand(demandOf(y));
  return demandClass === 'intermittent' || demandClass === 'lumpy' ? 'sba' : 'adida';
}

const byMethod: Record<IntermittentMethod, LocalModel> = { sba: sbaModel, tsb: tsbModel, adida: adidaModel };

export const intermittentModel: LocalModel = {
  name: 'intermittent',
  forecast(y, horizon, ctx): ModelForecast {
    return byMethod[intermittentMethodFor(y)].forecast(y, horizon, ctx);
  },
};
