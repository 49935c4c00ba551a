import type { DemandClass } from '@capliquify/shared';
import type { GlobalModel, LocalModel } from '@capliquify/shared/forecasting/model';
import { lstmModel } from './global-lstm/lstm.model';
import { arimaModel } from '@capliquify/shared/forecasting/models/arima';
import { dampedModel, etsModel, holtModel, sesModel } from '@capliquify/shared/forecasting/models/ets';
import { adidaModel, crostonModel, intermittentModel, sbaModel, tsbModel } from '@capliquify/shared/forecasting/models/intermittent';
import { driftModel, naiveModel, seasonalNaiveModel } from '@capliquify/shared/forecasting/models/naive';
import { prophetModel } from '@capliquify/shared/forecasting/models/prophet';
import { thetaModel } from '@capliquify/shared/forecasting/models/theta';
import { optimizedThetaModel } from '@capliquify/shared/forecasting/models/theta-optimized';

/** Every local model by name: worker threads rebuild the ensemble's members from their names. */
const LOCAL_MODELS: readonly LocalModel[] = [
  naiveModel, seasonalNaiveModel, driftModel, etsModel, sesModel, holtModel, dampedModel, thetaModel, optimizedThetaModel,
  arimaModel, prophetModel, crostonModel, sbaModel, tsbModel, adidaModel, intermittentModel,
];

export function localModelsByName(names: readonly string[]): LocalModel[] {
  return names.map((name) => {
    const model = LOCAL_MODELS.find((m) => m.name === name);
    if (!model) throw new Error(`unknown forecasting model "${name}"`);
    return model;
  });
}

/**
 * The ensemble's local members, in the order the weights are shown: the smoothing family, two
 * Thetas, ARIMA, the Prophet-style model (the one that reads promotions) and the intermittent
 * selector for slow movers. Backtests decide per item which of them count.
 */
export const PRODUCT_LOCAL_MODELS = ['ses', 'damped', 'ets', 'theta', 'dotm', 'arima', 'prophet', 'intermittent'] as const;

/** Slow movers (Syntetos–Boylan intermittent or lumpy) skip the smooth-demand models: they cost time and lose the backtests. */
export const PRODUCT_MODELS_BY_CLASS = {
  intermittent: ['ses', 'intermittent'],
  lumpy: ['ses', 'intermittent'],
} as const satisfies Partial<Record<DemandClass, readonly string[]>>;

/** `names` lets benches compare other line-ups (BENCH_MODELS). */
export function productLocalModels(names: readonly string[] = PRODUCT_LOCAL_MODELS): LocalModel[] {
  return localModelsByName(names);
}

/** The ensemble's global members, trained across all series of a run. */
export function productGlobalModels(): GlobalModel[] {
  return [lstmModel];
}
