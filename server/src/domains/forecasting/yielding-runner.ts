import { setImmediate as nextTurn } from 'node:timers/promises';
import { runLocalModels } from '@capliquify/shared/forecasting/backtest';
import type { LocalModel } from '@capliquify/shared/forecasting/model';
import type { LocalRunner } from '@capliquify/shared/forecasting/panel';

/**
 * Runs the local models in this thread, one series at a time, giving the event loop a turn after
 * each: a job running inside the API (no Redis) keeps answering requests and reporting progress.
 */
export function yieldingRunner(models: readonly LocalModel[], horizon: number, ctx: { seasonLength: number; seed: number }): LocalRunner {
  return async (tasks, onDone) => {
    const runs = [];
    for (const task of tasks) {
      runs.push(runLocalModels(task, models, horizon, ctx));
      onDone(1);
      await nextTurn();
    }
    return runs;
  };
}
