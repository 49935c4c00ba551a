import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LocalRunner } from '@capliquify/shared/forecasting/panel';
import type { LocalRun } from '@capliquify/shared/forecasting/backtest';
import type { WorkerRequest, WorkerResponse } from './local-pool.messages';

export interface LocalPool {
  readonly runner: LocalRunner;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./local-worker.ts', import.meta.url);
const CHUNK = 8;

/** Source runs under tsx: a worker needs tsx registered before it can import TypeScript. */
function spawnWorker(): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Runs the local models of a panel on worker threads (one per core by default), a few series per
 * message so progress stays live and a slow series does not hold a whole share of the panel.
 */
export function createLocalPool(modelNames: readonly string[], horizon: number, ctx: { seasonLength: number; seed: number }, size = availableParallelism()): LocalPool {
  const workers = Array.from({ length: Math.max(1, size) }, spawnWorker);
  let nextId = 0;
  let failRun: ((error: Error) => void) | null = null;
  for (const worker of workers) worker.on('error', (error) => failRun?.(error));

  const runner: LocalRunner = (tasks, onDone) => new Promise<LocalRun[]>((resolve, reject) => {
    const results = new Array<LocalRun>(tasks.length);
    let nextTask = 0, pending = 0, failed = false;
    failRun = (error) => {
      failed = true;
      reject(new Error(`forecast worker crashed: ${error.message}`));
    };
    const dispatch = (worker: Worker) => {
      if (failed) return;
      if (nextTask >= tasks.length) {
        if (pending === 0) resolve(results);
        return;
      }
      const start = nextTask;
      const chunk = tasks.slice(start, start + CHUNK);
      nextTask += chunk.length;
      pending++;
      const id = nextId++;
      const onMessage = (response: WorkerResponse) => {
        if (response.id !== id) return;
        worker.off('message', onMessage);
        pending--;
        if ('error' in response) {
          failed = true;
          reject(new Error(`forecast worker failed: ${response.error}`));
          return;
        }
        response.runs.forEach((run, k) => { results[start + k] = run; });
        onDone(chunk.length);
        dispatch(worker);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, tasks: chunk, modelNames: [...modelNames], horizon, ctx } satisfies WorkerRequest);
    };
    if (tasks.length === 0) resolve([]);
    else workers.forEach(dispatch);
  });

  return { runner, close: async () => { await Promise.all(workers.map((w) => w.terminate())); } };
}
