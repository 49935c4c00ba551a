import { loadServerConfigFromProcess } from '../../config';
import type { ForecastEngine } from './forecast.service';

/** What the forecast job needs besides the database; tests bring their own. */
export interface ForecastRuntime {
  /** Redis for the hot results (REDIS_URL), or null: PostgreSQL alone then. */
  redisUrl: string | null;
  /** The ensemble; the product's (forecast-models.ts) when absent. */
  engine?: ForecastEngine;
}

let processRuntime: ForecastRuntime | undefined;

/** This process's runtime, from the configuration its entry read (jobs get only the database from their context). */
export function processForecastRuntime(): ForecastRuntime {
  return (processRuntime ??= { redisUrl: loadServerConfigFromProcess().redisUrl });
}
