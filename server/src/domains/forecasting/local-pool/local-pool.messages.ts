import type { LocalRun, LocalTask } from '@capliquify/shared/forecasting/backtest';

export interface WorkerRequest {
  id: number;
  tasks: LocalTask[];
  modelNames: string[];
  horizon: number;
  ctx: { seasonLength: number; seed: number };
}

export type WorkerResponse = { id: number; runs: LocalRun[] } | { id: number; error: string };
