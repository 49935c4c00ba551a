import { parentPort } from 'node:worker_threads';
import { runLocalModels } from '@capliquify/shared/forecasting/backtest';
import { localModelsByName } from '../forecast-models';
import type { WorkerRequest, WorkerResponse } from './local-pool.messages';

// One chunk of series per message; models are rebuilt here from their names.
parentPort!.on('message', (request: WorkerRequest) => {
  const models = localModelsByName(request.modelNames);
  try {
    const runs = request.tasks.map((task) => runLocalModels(task, models, request.horizon, request.ctx));
    parentPort!.postMessage({ id: request.id, runs } satisfies WorkerResponse);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse);
  }
});
