import type { ServerConfig } from '../../config';
import type { ForecastEngine } from './forecast.service';

/** What the forecast job needs besides the database; tests bring their own. */
export interface ForecastRuntime {
  /** Redis for the hot results (REDIS_URL), or null: PostgreSQL alone then. */
  redisUrl: string | null;
  /** The ensemble; the product's (forecast-models.ts) when absent. */
  engine?: ForecastEngine;
}

/** The runtime from the configuration the process's entry read; without one, PostgreSQL alone. */
export function forecastRuntimeOf(config: Partial<Pick<ServerConfig, 'redisUrl'>> | undefined): ForecastRuntime {
  return { redisUrl: config?.redisUrl ?? null };
}
