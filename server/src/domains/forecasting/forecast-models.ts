import type { GlobalModel, LocalModel } from '@capliquify/shared/forecasting/model';
import { driftModel, naiveModel, seasonalNaiveModel } from '@capliquify/shared/forecasting/models/naive';

/** Every local model by name: worker threads rebuild the ensemble's members from their names. */
const LOCAL_MODELS: readonly LocalModel[] = [naiveModel, seasonalNaiveModel, driftModel];

export function localModelsByName(names: readonly string[]): LocalModel[] {
  return names.map((name) => {
    const model = LOCAL_MODELS.find((m) => m.name === name);
    if (!model) throw new Error(`unknown forecasting model "${name}"`);
    return model;
  });
}

/** The ensemble's local members, in the order the weights are shown. */
export function productLocalModels(): LocalModel[] {
  return localModelsByName(['naive', 'drift']);
}

/** The ensemble's global members (trained across all series). */
export function productGlobalModels(): GlobalModel[] {
  return [];
}
